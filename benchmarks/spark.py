"""Benchmark of the batch engine on Apache Spark (local mode) against the Polars engine, on the same data.

    .venv/bin/python benchmarks/spark.py                       # 10 M rows, 1 M rows per year for the years
    .venv/bin/python benchmarks/spark.py --rows 2000000        # smaller, when 10 M is too slow here

Prints, each measured end to end (Parquet → priced Parquet and the summary, as `blaresept batch price`):
- Spark local[*] against the Polars runner on the same rows, with Spark's session start given apart;
- growth with the number of years (1 M rows per year: 1, 2 and 4 years);
- growth with the number of reforms (baseline + 1, 3, 10 reforms in one job) on `--rows` rows, on Spark and on
  the Polars runner (which also prices all parameter sets in one pass), against the Polars runner run once
  per parameter set — the cost of one more reform is the figure that matters.
Every measurement runs in its own process (its own JVM and Spark session). Figures go to docs/performance.md
with the machine and its load; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SEED = 2023
REFORMS = [
    *(f"blaresept.copay.rate=2023-01-01:{rate}" for rate in ("0.30", "0.35", "0.40", "0.45", "0.55")),
    *(f"egenandelstak.amount=2023-01-01:{amount}" for amount in (2000, 2500, 3500, 4000, 4500)),
]
"""Ten reforms of the 2023 rules: five copay rates, five tak amounts."""


def machine() -> str:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="ascii") as info:
        memory = next(int(line.split()[1]) for line in info if line.startswith("MemTotal:")) * 1024
    import polars as pl
    import pyspark

    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return (f"{len(os.sched_getaffinity(0))} kjerner ({model}), {memory / 2**30:.1f} GiB RAM; Python "
            f"{platform.python_version()}, Polars {pl.__version__}, PySpark {pyspark.__version__}, {java}")


def params_for(reforms: int) -> tuple[list[Any], list[str]]:
    from blaresept.cli.batch import reform
    from blaresept.rules.parameters import default_parameters

    base = default_parameters()
    return [base, *(reform(base, [s]) for s in REFORMS[:reforms])], ["", *(f"reform-{n + 1}" for n in range(reforms))]


# --- measurements, each run in a child process -----------------------------------------------------------

def child_polars(data: str, out: str, reforms: int) -> dict[str, Any]:
    from blaresept.batch.runner import price_files

    params, labels = params_for(reforms)
    started = time.perf_counter()
    result = price_files(Path(data), Path(out), params, labels=labels)
    return {"rows": result.rows, "seconds": time.perf_counter() - started, "parts": result.batches,
            "copay": [s.values()["copay"] for s in result.summaries]}


def child_spark(data: str, out: str, reforms: int, master: str) -> dict[str, Any]:
    from blaresept.batch.spark import price_files_spark, session

    params, labels = params_for(reforms)
    started = time.perf_counter()
    session(master)
    ready = time.perf_counter()
    result = price_files_spark(Path(data), Path(out), params, labels, master=master)
    return {"rows": result.rows, "seconds": time.perf_counter() - ready, "session": ready - started,
            "parts": result.batches, "copay": [s.values()["copay"] for s in result.summaries]}


def child_generate(out: str, rows: int, years: list[int]) -> dict[str, Any]:
    from blaresept.batch.generate import generate

    started = time.perf_counter()
    result = generate(rows, Path(out), seed=SEED, years=years)
    return {"rows": result.rows, "seconds": time.perf_counter() - started}


def child_series(data: str, out: str, reforms: list[int], master: str) -> dict[str, Any]:
    """One process, one warm Spark session: a job per reform count on Spark, then a run per reform count on
    the Polars runner — the cost of one more reform without the JVM's start and warm-up."""
    from blaresept.batch.runner import price_files
    from blaresept.batch.spark import price_files_spark, session

    session(master)
    price_files_spark(Path(data), None, params_for(0)[0], master=master)  # warm-up job, not counted
    spark: dict[int, float] = {}
    polars: dict[int, float] = {}
    for count in reforms:
        params, labels = params_for(count)
        started = time.perf_counter()
        price_files_spark(Path(data), Path(out), params, labels, master=master)
        spark[count] = time.perf_counter() - started
        started = time.perf_counter()
        price_files(Path(data), Path(out), params, labels=labels)
        polars[count] = time.perf_counter() - started
    return {"spark": spark, "polars": polars}


CHILDREN = {"polars": child_polars, "spark": child_spark, "generate": child_generate, "series": child_series}


def run_child(kind: str, **kwargs: Any) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    out = kwargs.get("out") if kind != "generate" else None  # priced output is removed after each run
    try:
        completed = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(kwargs)],
                                   capture_output=True, text=True)
        if completed.returncode:
            sys.exit(f"{kind} {kwargs} feilet:\n{completed.stderr[-3000:]}")
    finally:
        if out:
            shutil.rmtree(out, ignore_errors=True)
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    result["load"] = (load_before, os.getloadavg()[0])
    return result


# --- the report -------------------------------------------------------------------------------------------

def dataset(root: Path, rows: int, years: list[int]) -> Path:
    path = root / f"rows-{rows}-years-{'-'.join(map(str, years))}"
    if not path.exists():
        made = run_child("generate", out=str(path), rows=rows, years=years)
        print(f"  generert: {path.name} på {made['seconds']:.1f} s")
    return path


def count(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def show(what: str, result: dict[str, Any], extra: str = "") -> None:
    session = f", oppstart {result['session']:.1f} s" if "session" in result else ""
    print(f"  {what:<46} {result['seconds']:7.1f} s {count(result['rows'] / result['seconds']):>10} rader/s"
          f"  ({result['parts']} deler{session}; last {result['load'][0]:.1f}→{result['load'][1]:.1f}){extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="mappe for datasettene (standard: en midlertidig mappe)")
    parser.add_argument("--rows", type=int, default=10_000_000, help="rader for reformmålingene (standard 10 M)")
    parser.add_argument("--year-rows", type=int, default=1_000_000, help="rader per år i årsmålingene")
    parser.add_argument("--master", default="local[*]", help="Sparks master (standard local[*])")
    parser.add_argument("--reforms", default="0,1,3,10", help="antall reformer å måle (kommaliste)")
    parser.add_argument("--only", choices=("years", "reforms", "warm"), help="bare den ene delen")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, kwargs = args.child
        print(json.dumps(CHILDREN[kind](**json.loads(kwargs))))
        return

    root = args.data or Path(tempfile.mkdtemp(prefix="blaresept-spark-bench-"))
    out = str(root / "out")
    print(f"Maskin: {machine()}")
    print(f"Last (1, 5, 15 min) ved start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}; data i {root}\n")

    if args.only in (None, "years"):
        years_section(root, out, args)
    if args.only in (None, "reforms"):
        reforms_section(root, out, args)
    if args.only in (None, "warm"):
        warm_section(root, out, args)


def warm_section(root: Path, out: str, args: argparse.Namespace) -> None:
    counts = [int(n) for n in args.reforms.split(",")]
    print(f"\nReformer i én varm Spark-økt (uten oppstart og oppvarming), {count(args.rows)} rader (2023):")
    data = dataset(root, args.rows, [2023])
    series = run_child("series", data=str(data), out=out, reforms=counts, master=args.master)
    print(f"  (last {series['load'][0]:.1f}→{series['load'][1]:.1f})")
    once = series["polars"]["0"]
    for n in counts:
        spark, polars = series["spark"][str(n)], series["polars"][str(n)]
        print(f"  gjeldende + {n:>2} reform(er): Spark {spark:7.1f} s, Polars i én kjøring {polars:7.1f} s, "
              f"Polars én kjøring per regelsett {(n + 1) * once:7.1f} s")
    low, high = counts[0], counts[-1]
    for engine in ("spark", "polars"):
        per = (series[engine][str(high)] - series[engine][str(low)]) / (high - low)
        print(f"  per ekstra reform, {engine:<7} {per:6.1f} s = {per / once:.2f} × en egen Polars-kjøring "
              f"({once:.1f} s)")


def years_section(root: Path, out: str, args: argparse.Namespace) -> None:
    print("Spark lokalt mot Polars, samme data (gjeldende regler, ingen reform):")
    for years in ([2023], [2022, 2023], [2020, 2021, 2022, 2023]):
        data = dataset(root, args.year_rows * len(years), years)
        polars = run_child("polars", data=str(data), out=out, reforms=0)
        spark = run_child("spark", data=str(data), out=out, reforms=0, master=args.master)
        assert polars["copay"] == spark["copay"], "Spark og Polars er uenige"
        show(f"Polars, {len(years)} år, {count(polars['rows'])} rader", polars)
        show(f"Spark {args.master}, {len(years)} år", spark, f"  = {spark['seconds'] / polars['seconds']:.1f} × Polars")


def reforms_section(root: Path, out: str, args: argparse.Namespace) -> None:
    print(f"\nReformer i samme jobb, {count(args.rows)} rader (2023):")
    data = dataset(root, args.rows, [2023])
    once = run_child("polars", data=str(data), out=out, reforms=0)
    show("Polars, gjeldende regler alene (én kjøring)", once)
    measured: dict[str, dict[int, float]] = {"polars": {}, "spark": {}}
    for reforms in (int(n) for n in args.reforms.split(",")):
        polars = once if reforms == 0 else run_child("polars", data=str(data), out=out, reforms=reforms)
        spark = run_child("spark", data=str(data), out=out, reforms=reforms, master=args.master)
        assert polars["copay"] == spark["copay"], "Spark og Polars er uenige"
        measured["polars"][reforms], measured["spark"][reforms] = polars["seconds"], spark["seconds"]
        if reforms:
            show(f"Polars, gjeldende + {reforms} reform(er) i én kjøring", polars)
        show(f"Spark, gjeldende + {reforms} reform(er) i én jobb", spark,
             f"  (Polars én kjøring per regelsett: {(reforms + 1) * once['seconds']:.1f} s)")
    counts = sorted(measured["spark"])
    if len(counts) > 1:
        low, high = counts[0], counts[-1]
        print("\nKostnad per ekstra reform (stigningen mellom "
              f"{low} og {high} reformer) mot én Polars-kjøring til ({once['seconds']:.1f} s):")
        for engine in ("spark", "polars"):
            per = (measured[engine][high] - measured[engine][low]) / (high - low)
            print(f"  {engine:<7} {per:6.1f} s per reform = {per / once['seconds']:.2f} × en egen Polars-kjøring")


if __name__ == "__main__":
    main()
