"""The frister migration builds exactly the tables the models describe (on SQLite and PostgreSQL), with the
partial index the daily run relies on."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from blaresept.storage.db import Base, make_engine, migrate


def test_migration_matches_models(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if "frist_" in repr(d)]
            indexes = {i["name"] for i in inspect(connection).get_indexes("frist_referral")}
        assert differences == []
        assert "ix_frist_referral_open_deadline" in indexes
    finally:
        engine.dispose()
