"""Load and fault run of the counter API on PostgreSQL (a script that prints figures, not a test).

N parallel clients × M dispensings over a shared set of persons against a real server process; the server is
killed with SIGKILL part-way and restarted on the same port. Each dispensing is made as at a real counter: a
doctor writes a prescription (Candesartan Krka 8 mg from the sample catalogue), the pharmacy quotes it and
dispenses with the quote's token (a 409 because another client dispensed to the same person in between is
quoted again). Clients retry a failed request with the same Idempotency-Key until it is acknowledged.
Afterwards a consistency check reads the database:
  - every acknowledged dispensing is stored exactly once, and nothing unacknowledged is stored;
  - each person-year's counted copay equals the sum of the copays of their dispensings;
  - no copay is charged after the dispensing that reached the tak, and the tak is reached at most once.

    .venv/bin/python benchmarks/load_fault.py --clients 10 --dispensings 1000 --persons 100
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url
from stdnum.no import fodselsnummer

from blaresept.auth.principal import Principal, Role
from blaresept.auth.tokens import DevIssuer
from blaresept.catalog.sample import load_sample
from blaresept.settings import Settings
from blaresept.storage.db import make_engine, migrate

GOAL = "mål: 500 forespørsler/s med p99 ≤ 25 ms for utlevering"


def synthetic_fnrs(count: int, seed: int) -> list[str]:
    """Valid (checksum) synthetic fødselsnumre for adults born 1940–1995."""
    rng = random.Random(seed)
    numbers: set[str] = set()
    while len(numbers) < count:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 55 * 365))
        individual = rng.randrange(0, 500)
        base = born.strftime("%d%m%y") + f"{individual:03d}"
        for check in range(100):
            candidate = base + f"{check:02d}"
            if fodselsnummer.is_valid(candidate):
                numbers.add(candidate)
                break
    return sorted(numbers)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, port: int, key_path: str, log: Path, workers: int):
        self.env = {**os.environ, "BLARESEPT_DATABASE_URL": url, "BLARESEPT_DEV_KEY_PATH": key_path,
                    "BLARESEPT_LOAD_SAMPLE_CATALOG": "false"}  # loaded once by run()
        self.port = port
        self.log = log
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "blaresept.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--no-access-log", "--workers", str(self.workers)],
            env=self.env, stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("serveren startet ikke")

    def kill(self) -> None:
        """SIGKILL to the server and all its worker processes at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--dispensings", type=int, default=1000, help="per client")
    parser.add_argument("--persons", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of the work done before the kill")
    parser.add_argument("--server", default=os.environ.get("BLARESEPT_TEST_POSTGRES_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    name = f"blaresept_load_{uuid.uuid4().hex[:10]}"
    admin = args.server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    workdir = Path(tempfile.mkdtemp(prefix="blaresept-load-"))
    try:
        return run(args, url, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # holds the signing key: never left behind
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args: argparse.Namespace, url: str, workdir: Path) -> int:
    print(f"Database: {url.split('@')[-1]}  klienter: {args.clients}  utleveringer per klient: "
          f"{args.dispensings}  personer: {args.persons}  serverprosesser: {args.workers}  "
          f"maskin: {os.cpu_count()} kjerner")
    migrate(url)
    engine = make_engine(url)
    load_sample(engine)
    engine.dispose()
    settings = Settings()
    key_path = str(workdir / "dev-key.pem")
    issuer = DevIssuer.from_file(key_path, settings.issuer, settings.audience, 600)
    pharmacies = ["974760606", "974760614", "974760622", "974760630", "974760649"]
    tokens = [issuer.issue(Principal(f"load-{org}", Role.PHARMACY, f"Lastapotek {org}", org_number=org))
              for org in pharmacies]
    doctor = issuer.issue(Principal("load-lege", Role.DOCTOR, "Lastlege", hpr="9144889"))
    persons = synthetic_fnrs(args.persons, args.seed)
    port = free_port()
    server = Server(url, port, key_path, workdir / "server.log", args.workers)
    server.start()

    total = args.clients * args.dispensings
    done = 0
    done_lock = threading.Lock()
    kill_at = int(total * args.kill_at)
    killed = threading.Event()
    latencies: list[float] = []
    acknowledged: dict[str, int] = {}
    errors: dict[str, int] = defaultdict(int)
    record_lock = threading.Lock()

    def client(index: int) -> None:
        nonlocal done
        rng = random.Random(args.seed + index)
        token = tokens[index % len(tokens)]
        # A fresh connection per request, so the server's worker processes share the load (kept-alive
        # connections would stay with whichever worker accepted them).
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10,
                          limits=httpx.Limits(max_keepalive_connections=0)) as http:
            def post(path: str, body: dict[str, object], headers: dict[str, str]) -> httpx.Response:
                """POST until the server answers (a refused connection while it restarts is retried)."""
                while True:
                    try:
                        return http.post(path, json=body, headers=headers)
                    except httpx.HTTPError as exc:
                        with record_lock:
                            errors[type(exc).__name__] += 1
                        time.sleep(0.05)

            for n in range(args.dispensings):
                key = f"c{index}-n{n}"
                fnr = rng.choice(persons)
                written = post("/api/v1/prescriptions", {
                    "fnr": fnr, "varenummer": "181948", "packs": 1, "daily_dose": "1",
                    "dosage_text": "1 tablett daglig", "refund_code": "K86"}, {"Authorization": f"Bearer {doctor}"})
                assert written.status_code == 201, written.text
                body: dict[str, object] = {"fnr": fnr, "items": [{"prescription_id": written.json()["id"]}]}
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
                while True:
                    quoted = post("/api/v1/pharmacy/quote", body, {"Authorization": f"Bearer {token}"})
                    assert quoted.status_code == 200, quoted.text
                    sent = body | {"quote_token": quoted.json()["quote_token"]}
                    started = time.perf_counter()
                    response = post("/api/v1/pharmacy/dispensings", sent, headers)
                    elapsed = time.perf_counter() - started
                    if response.status_code == 201:
                        with record_lock:
                            latencies.append(elapsed)
                            acknowledged[key] = response.json()["id"]
                        break
                    with record_lock:
                        errors[f"HTTP {response.status_code}"] += 1
                    time.sleep(0.05)
                with done_lock:
                    done += 1
                    if done == kill_at and not killed.is_set():
                        killed.set()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    killed.wait()
    kill_time = time.perf_counter()
    server.kill()
    print(f"kill -9 av serveren etter {kill_at} kvitterte utleveringer; starter på nytt …")
    server.start()
    restart_seconds = time.perf_counter() - kill_time
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    server.stop()

    ok = consistency(url, acknowledged)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000
    print()
    print(f"Kvitterte utleveringer:   {len(acknowledged)} av {total}")
    print(f"Tid:                      {seconds:.1f} s (omstart tok {restart_seconds:.1f} s)")
    print(f"Gjennomstrømning:         {len(acknowledged) / seconds:.0f} utleveringer/s")
    print(f"Svartid p50 / p99:        {p50:.1f} ms / {p99:.1f} ms")
    print(f"Feil underveis (prøvd på nytt): {dict(errors) or 'ingen'}")
    print(f"({GOAL})")
    print(f"Konsistens:               {'OK' if ok else 'FEIL'}")
    return 0 if ok else 1


def consistency(url: str, acknowledged: dict[str, int]) -> bool:
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    ok = True
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute("select caller, key, (response->>'id')::int from idempotency_record").fetchall()
        dispensings = conn.execute(
            "select id, person_id, year, copay, frikort, reached_tak from dispensing where kind = 'dispensing' "
            "order by id").fetchall()
        ledgers = conn.execute("select person_id, year, counted, frikort_dispensing_id from ledger_year").fetchall()
    by_key = {key: did for _caller, key, did in stored}
    ids = [row[0] for row in dispensings]
    if len(ids) != len(set(ids)) or set(ids) != set(acknowledged.values()):
        print(f"  ✗ lagrede utleveringer ({len(ids)}) ≠ kvitterte ({len(acknowledged)})")
        ok = False
    mismatched = [k for k, v in acknowledged.items() if by_key.get(k) != v]
    if mismatched:
        print(f"  ✗ {len(mismatched)} kvitteringer peker ikke på den lagrede utleveringen for nøkkelen")
        ok = False
    per_year: dict[tuple[int, int], list[tuple[int, int, bool, bool]]] = defaultdict(list)
    for did, person, year, copay, frikort, reached in dispensings:
        per_year[(person, year)].append((did, copay, frikort, reached))
    for person, year, counted, frikort_id in ledgers:
        rows = per_year.get((person, year), [])
        if counted != sum(r[1] for r in rows):
            print(f"  ✗ person {person} {year}: tellende {counted} ≠ summen {sum(r[1] for r in rows)}")
            ok = False
        crossings = [r for r in rows if r[3]]
        if len(crossings) > 1:
            print(f"  ✗ person {person} {year}: taket nådd {len(crossings)} ganger")
            ok = False
        if crossings:
            after = [r for r in rows if r[0] > crossings[0][0]]
            if any(r[1] != 0 or not r[2] for r in after):
                print(f"  ✗ person {person} {year}: egenandel etter frikortet")
                ok = False
            if frikort_id != crossings[0][0]:
                ok = False
    persons_with_frikort = sum(1 for row in ledgers if row[3] is not None)
    print(f"Konsistenssjekk: {len(ids)} utleveringer, {len(ledgers)} person-år, {persons_with_frikort} med frikort")
    return ok


if __name__ == "__main__":
    sys.exit(main())
