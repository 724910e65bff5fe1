"""Benchmark (not a test): import FEST files of two sizes on SQLite and PostgreSQL and print rows/s, seconds
and peak RSS, to show that memory stays flat as the file grows.

The files are FEST-shaped: the real 2017-04-12 extract (the sample catalogue) replicated N times, every id and
varenummer renumbered per copy so each copy is a distinct set of entries that validates against the strict
XSD. Each import runs in a fresh child process so its peak RSS (ru_maxrss) is its own.

    .venv/bin/python benchmarks/fest_import.py                    # ≈ 30 MB and ≈ 300 MB, SQLite and PostgreSQL
    .venv/bin/python benchmarks/fest_import.py --sizes 5 50 --engines sqlite
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from importlib import resources
from pathlib import Path

SAMPLE = "fest-mini-2017-04-12.m30ns.xml.gz"
POSTGRES = os.environ.get("BLARESEPT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
_CATALOGUE = re.compile(r"<(Kat\w+)>(.*?)</\1>", re.S)
_ID = re.compile(r"\bID_")
_VARENR = re.compile(r"<Varenr>(\d+)</Varenr>")


def sample_xml() -> str:
    return gzip.decompress((resources.files("blaresept.catalog") / "data" / SAMPLE).read_bytes()).decode("utf-8")


def write_fest(target: Path, megabytes: float) -> tuple[int, int]:
    """Write a FEST file of at least `megabytes` MB by replicating the sample; returns (bytes, copies)."""
    xml = sample_xml()
    head_end = xml.index("<Kat")
    head = xml[:head_end]
    tail = xml[xml.rindex("</Kat"):]
    tail = tail[tail.index(">") + 1:]
    catalogues = _CATALOGUE.findall(xml)
    copy_size = sum(len(body.encode("utf-8")) for _, body in catalogues)
    copies = max(1, int(megabytes * 1_000_000 / copy_size) + 1)
    varenumre = sorted(set(_VARENR.findall(xml)))
    index = {v: i for i, v in enumerate(varenumre)}
    if copies * len(varenumre) >= 1_000_000:
        raise SystemExit("For mange kopier: varenumrene (seks sifre) ville gå tom.")
    written = 0
    with target.open("w", encoding="utf-8") as out:
        out.write(head)
        for name, body in catalogues:
            out.write(f"<{name}>")
            for k in range(copies):
                text = _ID.sub(f"ID_K{k:04d}_", body)
                text = _VARENR.sub(lambda m, k=k: f"<Varenr>{k * len(varenumre) + index[m.group(1)]:06d}</Varenr>",
                                   text)
                written += out.write(text)
            out.write(f"</{name}>")
        out.write(tail)
    return target.stat().st_size, copies


def child(url: str, path: str) -> None:
    """Run one import (in its own process) and print its figures as JSON."""
    from blaresept.catalog.importer import import_file
    from blaresept.storage.db import make_engine, migrate

    migrate(url)
    engine = make_engine(url)
    started = time.monotonic()
    result = import_file(engine, Path(path))
    seconds = time.monotonic() - started
    engine.dispose()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": result.rows, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}))


def fresh_database(engine: str, workdir: Path) -> tuple[str, str | None]:
    if engine == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.sqlite"
        return f"sqlite:///{path}", None
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"blaresept_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    with psycopg.connect(POSTGRES.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[30, 300], help="filstørrelser i MB")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--workdir", type=Path, default=None, help="mappe for filene (standard: en midlertidig)")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        workdir = Path(tmp)
        files = []
        for size in args.sizes:
            path = workdir / f"fest-{size:g}mb.xml"
            started = time.monotonic()
            written, copies = write_fest(path, size)
            print(f"Skrev {path.name}: {written / 1e6:.1f} MB ({copies} kopier av utdraget) på "
                  f"{time.monotonic() - started:.1f} s", flush=True)
            files.append((path, written))
        print(f"\n{'motor':<11} {'fil':>9} {'rader':>10} {'sekunder':>9} {'rader/s':>9} {'topp-RSS':>10}")
        for engine in args.engines:
            for path, written in files:
                url, name = fresh_database(engine, workdir)
                try:
                    out = subprocess.run([sys.executable, __file__, "--child", url, str(path)], check=True,
                                         capture_output=True, text=True).stdout
                finally:
                    drop_database(name)
                figures = json.loads(out.strip().splitlines()[-1])
                print(f"{engine:<11} {written / 1e6:>7.1f}MB {figures['rows']:>10} {figures['seconds']:>9.1f} "
                      f"{figures['rows'] / figures['seconds']:>9.0f} {figures['peak_rss_mib']:>7.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
