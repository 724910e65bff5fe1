"""Where every table module is imported, so Alembic and create-all see the whole schema."""

from __future__ import annotations

import importlib

TABLE_MODULES: tuple[str, ...] = (
    # each domain adds its table module here, e.g. "blaresept.catalog.tables"
    "blaresept.catalog.tables",
    "blaresept.persons.tables",
    "blaresept.audit.tables",
    "blaresept.prescriptions.tables",
    "blaresept.counter.tables",
    "blaresept.counter.period_tables",
    "blaresept.cases.tables",
    "blaresept.cases.stonader.bidrag.tables",
    "blaresept.frister.tables",
    "blaresept.fastlege.tables",
    "blaresept.cases.stonader.ehic.tables",
    "blaresept.auth.tables",
)


def import_all() -> None:
    for name in TABLE_MODULES:
        importlib.import_module(name)
