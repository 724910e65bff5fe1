"""Engine, sessions and migrations. The database URL comes from BLARESEPT_DATABASE_URL; the embedded default
is SQLite in var/blaresept.sqlite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

DEFAULT_SQLITE = "sqlite:///var/blaresept.sqlite"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING)


def database_url() -> str:
    return os.environ.get("BLARESEPT_DATABASE_URL", DEFAULT_SQLITE)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL; SQLite gets foreign keys on, WAL and a busy timeout."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # Every transaction takes SQLite's write lock at once, so read-then-write sequences (the copay
            # ledger) are serialised instead of failing or losing an update.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


@cache
def default_engine() -> Engine:
    return make_engine()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits at the end, rolls everything back on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction on a session from the factory: committed when the block ends, rolled back (nothing
    stored) on any error. The API's request session and the web pages' writes both use it."""
    session = sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def insert_ignore(session: Session, table: Any, values: dict[str, Any], keys: list[str]) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on the unique keys, on PostgreSQL and SQLite alike (safe when two
    transactions create the same row at once: PostgreSQL waits for the other and then does nothing).
    Returns the new row's id, or None when the row existed."""
    statement: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(statement.returning(table.id)).scalar_one_or_none()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("blaresept.storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None, revision: str = "heads") -> None:
    """Bring the database schema to the given Alembic revision (default: every branch's newest; each domain —
    catalog, counter, cases — keeps its own migration branch)."""
    from alembic import command

    url = url or database_url()
    if url.startswith("sqlite"):
        make_engine(url).dispose()  # creates the folder of the file
    command.upgrade(alembic_config(url), revision)
