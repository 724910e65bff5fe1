"""The prescriptions branch and the counter's revision build exactly the tables the models describe (on SQLite
and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from blaresept.storage.db import Base, make_engine, migrate
from blaresept.storage.models import import_all

OURS = ("prescription", "dispensing", "claim")


def test_migration_matches_models(database_url: str) -> None:
    import_all()
    migrate(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if any(t in repr(d) for t in OURS)]
        assert differences == []
    finally:
        engine.dispose()
