"""Benchmark of the daily breach run (`blaresept frister run-day`) over 1 M open referrals, on SQLite and
PostgreSQL.

    .venv/bin/python benchmarks/frister_run_day.py                 # 1 M referrals, SQLite and PostgreSQL
    .venv/bin/python benchmarks/frister_run_day.py --rows 200000 --only sqlite

The referrals are generated set-based in the database (a recursive CTE on SQLite, generate_series on
PostgreSQL): all assessed, none started, deadlines spread evenly over a year from three days before the run
date, so about 3 in 365 (≈ 0.8 %) are past their deadline, as a day's new breaches would be. The run is timed
once (it finds those), then again for the same date (it must find nothing). Figures go to docs/performance.md
with the machine; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from blaresept.frister.daily import open_count, run_day
from blaresept.storage.db import make_engine, migrate

RUN_DATE = date(2026, 11, 30)
POSTGRES = os.environ.get("BLARESEPT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
COLUMNS = ("patient_fnr, hospital_org, hospital_name, area, received_on, serious_suspected, assessment_deadline, "
           "assessed_on, has_right, deadline, steps, created_at, updated_at")

SQLITE_FILL = f"""
WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < :rows)
INSERT INTO frist_referral ({COLUMNS})
SELECT '01037040068', '987654325', 'Demosykehuset HF', 'ortopedi', '2026-01-05', 0, '2026-01-19', '2026-01-12', 1,
       date(:run, printf('%+d days', (x % 365) - 3)), '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM g
"""
POSTGRES_FILL = f"""
INSERT INTO frist_referral ({COLUMNS})
SELECT '01037040068', '987654325', 'Demosykehuset HF', 'ortopedi', DATE '2026-01-05', false, DATE '2026-01-19',
       DATE '2026-01-12', true, CAST(:run AS date) + ((g % 365) - 3), '[]', now(), now()
FROM generate_series(1, :rows) AS g
"""


def fill(engine: Engine, rows: int) -> float:
    started = time.perf_counter()
    statement = POSTGRES_FILL if engine.dialect.name == "postgresql" else SQLITE_FILL
    with engine.begin() as connection:
        connection.execute(text(statement), {"rows": rows, "run": RUN_DATE.isoformat()})
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE frist_referral"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def measure(name: str, url: str, rows: int) -> None:
    migrate(url)
    engine = make_engine(url)
    try:
        fill_seconds = fill(engine, rows)
        checked = open_count(engine)
        started = time.perf_counter()
        first = run_day(engine, RUN_DATE)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = run_day(engine, RUN_DATE)
        second_seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    print(f"{name}: {checked:,} open referrals (filled in {fill_seconds:.1f} s)".replace(",", " "))
    print(f"  first run for {RUN_DATE}: {first.found:,} breaches found and recorded in {first_seconds:.2f} s "
          f"({first.chunks} chunk(s))".replace(",", " "))
    print(f"  second run, same date: {second.found} found in {second_seconds:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            measure("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.rows)
    if args.only in (None, "postgresql"):
        name = f"blaresept_bench_{uuid.uuid4().hex[:8]}"
        admin_info = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin_info, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            measure("PostgreSQL", make_url(POSTGRES).set(database=name).render_as_string(hide_password=False),
                    args.rows)
        finally:
            with psycopg.connect(admin_info, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
