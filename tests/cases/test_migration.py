"""The cases migration builds exactly the tables the models describe (on SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from blaresept.cases import tables
from blaresept.storage.db import Base, make_engine, migrate

CASE_TABLES = {t.name for t in Base.metadata.sorted_tables if t.name.startswith("individual_case")}


def test_migration_matches_models(database_url: str) -> None:
    assert tables.Case.__tablename__ in CASE_TABLES and len(CASE_TABLES) == 6
    migrate(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if _ours(d)]
        assert differences == []
    finally:
        engine.dispose()


def _ours(difference: object) -> bool:
    text = repr(difference)
    return "individual_case" in text


def test_bidrag_migration_matches_the_payment_table(database_url: str) -> None:
    from blaresept.cases.stonader.bidrag.tables import BidragPayment

    migrate(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if "bidrag_payment" in repr(d)]
        assert differences == [] and BidragPayment.__tablename__ == "bidrag_payment"
    finally:
        engine.dispose()
