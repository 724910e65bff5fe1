"""Shared fixtures. Tests own their data: each PostgreSQL test session creates its own database and drops it
at the end; SQLite databases live in pytest's tmp_path. PostgreSQL is never skipped silently: set
BLARESEPT_SKIP_POSTGRES=1 to skip it on purpose (the README's test command never does)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

POSTGRES_SERVER = os.environ.get(
    "BLARESEPT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL database created for this test session (and per xdist worker), dropped afterwards."""
    if os.environ.get("BLARESEPT_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL hoppet over med vilje (BLARESEPT_SKIP_POSTGRES=1)")
    name = f"blaresept_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(_conninfo(POSTGRES_SERVER), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:  # never skip silently
        pytest.fail(f"PostgreSQL svarer ikke på {POSTGRES_SERVER}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(_conninfo(POSTGRES_SERVER), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty, migrated-to-nothing database URL on each engine. PostgreSQL tests get a fresh schema each
    time by dropping and re-creating the public schema."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "blaresept.sqlite"
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    with psycopg.connect(_conninfo(server), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    yield server
