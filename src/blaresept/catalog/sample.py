"""The sample catalogue: DMP's real FEST extract of 2017-04-12 (107 packages; shared/reference/fest/SOURCES.md)
and the hand-made supplement with what the extract lacks (scripts/make_fest_supplement.py, docs/catalog.md).
Both belong to the release of HentetDato 2017-04-12. Loading is idempotent."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from blaresept.catalog.importer import ImportProgress, ImportResult, import_file

SAMPLE_FILES = ("fest-mini-2017-04-12.m30ns.xml.gz", "fest-supplement-2017-04-12.xml")


def sample_paths() -> list[Path]:
    """The packaged sample files, extract first."""
    base = Path(str(resources.files("blaresept.catalog") / "data"))
    return [base / name for name in SAMPLE_FILES]


def load_sample(engine: Engine, progress: ImportProgress | None = None) -> list[ImportResult]:
    """Import the sample files (a file already imported changes nothing). The schema must be migrated."""
    return [import_file(engine, path, progress=progress) for path in sample_paths()]
