"""Exit 0 when the PostgreSQL server in the URL answers; with --wait N, keep trying for N seconds."""

from __future__ import annotations

import sys
import time

import psycopg


def ready(url: str) -> bool:
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(conninfo, connect_timeout=3) as conn:
            conn.execute("select 1")
        return True
    except psycopg.Error:
        return False


def main() -> int:
    url = sys.argv[1]
    wait = int(sys.argv[sys.argv.index("--wait") + 1]) if "--wait" in sys.argv else 0
    deadline = time.monotonic() + wait
    while True:
        if ready(url):
            return 0
        if time.monotonic() >= deadline:
            print(f"PostgreSQL svarer ikke på {url}.", file=sys.stderr)
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
