"""Fixtures for the catalogue: the sample files, variants of the real extract written to tmp_path, a database
with the sample catalogue loaded (once per module and engine, in its own PostgreSQL database), and a
snapshot of every catalogue table to prove that a failed import changed nothing."""

from __future__ import annotations

import gzip
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import JSON, Engine, MetaData, inspect, select
from sqlalchemy.engine import make_url

from blaresept.catalog.sample import load_sample, sample_paths
from blaresept.storage.db import make_engine, migrate
from tests.conftest import _conninfo

EXTRACT, SUPPLEMENT = sample_paths()
ORIGINAL = Path(__file__).parent / "data" / "fest-mini-2017-04-12.xml.gz"
"""The extract as first serialised: `Oppf*` entries out of the M30 namespace (shared/reference/fest/SOURCES.md)."""


def extract_text() -> str:
    """The real FEST extract of 2017-04-12 as text (the packaged copy of the strict-valid form)."""
    return gzip.decompress(EXTRACT.read_bytes()).decode("utf-8")


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Path]:
    """Write a variant of the extract: each (old, new) replaced once (must be found); optionally gzipped or cut."""

    def write(*changes: tuple[str, str], name: str = "variant.xml", cut: int | None = None,
              gz: bool = False) -> Path:
        text = extract_text()
        for old, new in changes:
            assert old in text, f"finner ikke {old!r} i utdraget"
            text = text.replace(old, new, 1)
        data = text.encode("utf-8")
        if gz:
            data = gzip.compress(data)
        if cut is not None:
            data = data[:cut]
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sample_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the sample catalogue, shared by a module's read-only tests (own PG database)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('catalog') / 'sample.sqlite'}"
        name = None
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"blaresept_catalog_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(_conninfo(server), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
    migrate(url)
    engine = make_engine(url)
    load_sample(engine)
    engine.dispose()
    yield url
    if name is not None:
        with psycopg.connect(_conninfo(request.getfixturevalue("postgres_server")), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each engine."""
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich reads the terminal width once, at import; give the commands room so table cells do not wrap."""
    from blaresept.cli.render import console

    monkeypatch.setattr(console, "width", 200)


def flat(text: str) -> str:
    """Command output without Rich's box drawing and line breaks, so wrapped text reads as one line."""
    return re.sub(r"\s+", " ", re.sub(r"[\u2500-\u257f]", " ", text))


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every catalogue table (and the migration state), in a stable order."""
    metadata = MetaData()
    names = [n for n in inspect(engine).get_table_names() if n.startswith("catalog_") or n == "alembic_version"]
    metadata.reflect(engine, only=names)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name in sorted(names):
            table = metadata.tables[name]
            order = [c for c in table.columns if not isinstance(c.type, JSON)]
            rows = connection.execute(select(table).order_by(*order)).all()
            out[name] = [tuple(row) for row in rows]
    return out
