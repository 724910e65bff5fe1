"""Benchmark of the batch engine against the counter engine, on the same synthetic data, in one run.

    .venv/bin/python benchmarks/batch.py            # 1 M and 10 M rows, counter on 20 k rows
    .venv/bin/python benchmarks/batch.py --full     # … and the 70 M-row year end to end

Prints, beside the goals: batch rows/s at 1 M and 10 M rows (the engine on a table in memory, and end to end
Parquet → Parquet), counter rows/s on 20 k rows, their ratio, and peak RSS. Every measurement runs in its own
process so its peak RSS (VmHWM) is its own. The 1 M and 20 k tables are the first rows of the 10 M dataset.
Figures go to docs/performance.md with the machine; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL_BATCH_ROWS_PER_S = 1_000_000
GOAL_RATIO = 50
GOAL_FULL_SECONDS = 60
GOAL_FULL_PEAK_GIB = 12
SEED = 2023


def peak_rss_bytes() -> int:
    """This process's peak resident set size (VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def machine() -> dict[str, Any]:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = 0
    with open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    import polars as pl

    return {"cpus": len(os.sched_getaffinity(0)), "cpu": model, "ram_gib": memory / 2**30,
            "python": platform.python_version(), "polars": pl.__version__, "kernel": platform.release()}


# --- measurements, each run in a child process -----------------------------------------------------------

def child_engine(data: str, rows: int, repeats: int, periods: bool = True) -> dict[str, Any]:
    """The engine on a table already in memory: rows/s of `price_table`. Without `periods`, the rules with the
    egenandelsperiode repealed from 2009 (what the periods cost)."""
    from datetime import date

    import polars as pl

    from blaresept.batch.engine import price_table
    from blaresept.batch.rule_table import rule_tables
    from blaresept.rules.parameters import default_parameters

    table = pl.scan_parquet(f"{data}/*.parquet").head(rows).collect()
    params = default_parameters()
    if not periods:
        params = params.replace("blaresept.copay.period_months", {date(2009, 1, 1): None})
    tables = rule_tables(params)
    times, cpu = [], []
    for _ in range(repeats):
        started, used = time.perf_counter(), time.process_time()
        price_table(table, tables=tables)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return {"rows": table.height, "seconds": times, "cpu": cpu, "peak": peak_rss_bytes()}


def child_end_to_end(data: str, out: str) -> dict[str, Any]:
    """Parquet in → priced Parquet out, with the summary, as `blaresept batch price` does it."""
    from blaresept.batch.runner import price_files
    from blaresept.rules.parameters import default_parameters

    started, used = time.perf_counter(), time.process_time()
    result = price_files(Path(data), Path(out), [default_parameters()])
    seconds = time.perf_counter() - started
    totals = result.summaries[0].values()
    return {"rows": result.rows, "batches": result.batches, "seconds": [seconds],
            "cpu": [time.process_time() - used], "peak": peak_rss_bytes(),
            "persons": totals["persons"], "reached_tak": totals["reached_tak"]}


def child_counter(data: str, rows: int) -> dict[str, Any]:
    """The counter engine (`price_person` per person, one dispensing at a time) on the first rows."""
    import polars as pl

    from blaresept.batch.reference import build_dispensings, collect_reference, price_people
    from blaresept.rules.parameters import default_parameters

    table = pl.scan_parquet(f"{data}/*.parquet").head(rows).collect()
    params = default_parameters()
    started = time.perf_counter()
    people = build_dispensings(table)
    built = time.perf_counter()
    collect_reference(price_people(people, params))
    done = time.perf_counter()
    return {"rows": table.height, "seconds": [done - built], "with_building": done - started,
            "peak": peak_rss_bytes()}


def child_generate(out: str, rows: int) -> dict[str, Any]:
    from blaresept.batch.generate import generate

    started = time.perf_counter()
    result = generate(rows, Path(out), seed=SEED)
    return {"rows": result.rows, "persons": result.persons, "seconds": [time.perf_counter() - started],
            "peak": peak_rss_bytes()}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "engine": child_engine, "end_to_end": child_end_to_end, "counter": child_counter, "generate": child_generate,
}


def run_child(kind: str, **kwargs: Any) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, json.dumps(kwargs)],
        check=True, capture_output=True, text=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    result["load"] = (load_before, os.getloadavg()[0])
    return result


# --- the report -------------------------------------------------------------------------------------------

def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def _times(result: dict[str, Any]) -> str:
    pairs = zip(result["seconds"], result.get("cpu", result["seconds"]), strict=True)
    return ", ".join(f"{wall:.2f} ({cpu:.2f})" for wall, cpu in pairs)


def rate(result: dict[str, Any]) -> float:
    return float(result["rows"] / min(result["seconds"]))


def line(what: str, figure: str, goal: str = "", verdict: bool | None = None) -> None:
    mark = "" if verdict is None else ("  ✓" if verdict else "  ✗ (under målet)")
    print(f"  {what:<46} {figure:>22}   {goal}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="også hele året: 70 M rader ende til ende")
    parser.add_argument("--data", type=Path, help="mappe for datasettene (standard: en midlertidig mappe)")
    parser.add_argument("--rows", type=int, default=10_000_000, help="den store størrelsen (standard 10 M)")
    parser.add_argument("--repeats", type=int, default=3, help="målinger av motoren per størrelse (beste teller)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, kwargs = args.child
        print(json.dumps(CHILDREN[kind](**json.loads(kwargs))))
        return

    root = args.data or Path(tempfile.mkdtemp(prefix="blaresept-bench-"))
    info = machine()
    print(f"Maskin: {info['cpus']} kjerner ({info['cpu']}), {info['ram_gib']:.1f} GiB RAM; Python {info['python']}, "
          f"Polars {info['polars']}, Linux {info['kernel']}")
    print(f"Data: {root} (frø {SEED})\n")

    big = root / f"rows-{args.rows}"
    if not big.exists():
        generated = run_child("generate", out=str(big), rows=args.rows)
        print(f"Genererte {generated['rows']:,} rader ({generated['persons']:,} personer) på "
              f"{generated['seconds'][0]:.1f} s\n".replace(",", " "))

    small = run_child("engine", data=str(big), rows=1_000_000, repeats=args.repeats)
    large = run_child("engine", data=str(big), rows=args.rows, repeats=args.repeats)
    alone = run_child("engine", data=str(big), rows=args.rows, repeats=args.repeats, periods=False)
    with tempfile.TemporaryDirectory(prefix="blaresept-bench-out-") as out:
        e2e = run_child("end_to_end", data=str(big), out=out)
    counter = run_child("counter", data=str(big), rows=20_000)

    ratio = rate(large) / rate(counter)
    print("Resultat (beste av målingene; rader/s = varelinjer per sekund):")
    line("batch, motor, 1 M rader", f"{rate(small):,.0f} rader/s".replace(",", " "))
    line(f"batch, motor, {args.rows / 1e6:.0f} M rader", f"{rate(large):,.0f} rader/s".replace(",", " "),
         f"mål ≥ {GOAL_BATCH_ROWS_PER_S:,} rader/s på 2 kjerner".replace(",", " "),
         rate(large) >= GOAL_BATCH_ROWS_PER_S)
    line(f"  … uten egenandelsperioder, {args.rows / 1e6:.0f} M rader",
         f"{rate(alone):,.0f} rader/s".replace(",", " "),
         f"(periodene koster {min(large['seconds']) - min(alone['seconds']):.2f} s)")
    line(f"batch, Parquet → Parquet, {args.rows / 1e6:.0f} M rader",
         f"{rate(e2e):,.0f} rader/s".replace(",", " "), f"({e2e['batches']} bunter)")
    line("skranke (price_person), 20 k rader", f"{rate(counter):,.0f} rader/s".replace(",", " "),
         f"(med bygging av objektene: {counter['rows'] / counter['with_building']:,.0f} rader/s)".replace(",", " "))
    line(f"forhold batch ({args.rows / 1e6:.0f} M) / skranke", f"{ratio:,.0f} ×".replace(",", " "),
         f"mål ≥ {GOAL_RATIO} ×", ratio >= GOAL_RATIO)
    line("høyeste RSS, motor 1 M", gib(small["peak"]))
    line(f"høyeste RSS, motor {args.rows / 1e6:.0f} M", gib(large["peak"]))
    line(f"høyeste RSS, Parquet → Parquet {args.rows / 1e6:.0f} M", gib(e2e["peak"]))
    line("høyeste RSS, skranke 20 k", gib(counter["peak"]))
    print(f"\n  alle målinger av motoren, veggtid (CPU-tid) i s: 1 M {_times(small)}; "
          f"{args.rows / 1e6:.0f} M {_times(large)}; {args.rows / 1e6:.0f} M uten egenandelsperioder "
          f"{_times(alone)}; Parquet → Parquet {_times(e2e)}")
    measured = [small, large, alone, e2e, counter]

    if args.full:
        full = root / "rows-70000000"
        if not full.exists():
            generated = run_child("generate", out=str(full), rows=70_000_000)
            print(f"\nGenererte 70 M rader ({generated['persons']:,} personer) på {generated['seconds'][0]:.0f} s "
                  f"(høyeste RSS {gib(generated['peak'])})".replace(",", " "))
        with tempfile.TemporaryDirectory(prefix="blaresept-bench-out-") as out:
            year = run_child("end_to_end", data=str(full), out=out)
        print("\nHele året, Parquet → Parquet med sammendrag:")
        line("70 M rader ende til ende", f"{year['seconds'][0]:.1f} s",
             f"mål ≤ {GOAL_FULL_SECONDS} s", year["seconds"][0] <= GOAL_FULL_SECONDS)
        line("  rader/s", f"{rate(year):,.0f} rader/s".replace(",", " "), f"({year['batches']} bunter)")
        line("  CPU-tid (bruker + system)", f"{year['cpu'][0]:.1f} s")
        line("  høyeste RSS", gib(year["peak"]), f"mål ≤ {GOAL_FULL_PEAK_GIB} GiB",
             year["peak"] <= GOAL_FULL_PEAK_GIB * 2**30)
        measured.append(year)
        line("  personer / nådde taket", f"{year['persons']:,} / {year['reached_tak']:,}".replace(",", " "))
    print("\nBelastning på maskinen (load average, 1 min, før/etter hver måling): "
          + ", ".join(f"{r['load'][0]:.1f}/{r['load'][1]:.1f}" for r in measured)
          + f" — {info['cpus']} kjerner; over {info['cpus']} deler målingene maskinen med andre prosesser.")


if __name__ == "__main__":
    main()
