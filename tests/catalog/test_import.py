"""Importing FEST files on SQLite and PostgreSQL: one transaction, idempotent, and a file that is truncated,
breaks the XSD or refers to nothing leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from blaresept.catalog import tables as t
from blaresept.catalog.importer import import_file
from blaresept.catalog.sample import load_sample
from blaresept.fest import FestError, FestReader
from blaresept.fest.records import Package
from tests.catalog.conftest import EXTRACT, ORIGINAL, SUPPLEMENT, snapshot


def count(engine: Engine, table: type[t.Base]) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def test_import_stores_every_entry_the_file_has(engine: Engine) -> None:
    reader = FestReader(EXTRACT)
    read = [r for r in reader]
    result = import_file(engine, EXTRACT)
    assert result.new_release and not result.already_imported
    packages = [r for r in read if isinstance(r, Package)]
    assert count(engine, t.Package) == len(packages) == 107
    prices = sum(len(p.prices) for p in packages)
    assert count(engine, t.PackagePrice) == prices
    assert count(engine, t.Condition) == reader.counts["Condition"]
    assert count(engine, t.ImportedFile) == 1 and count(engine, t.Release) == 1


def test_importing_the_same_file_twice_changes_nothing(engine: Engine) -> None:
    import_file(engine, EXTRACT)
    before = snapshot(engine)
    again = import_file(engine, EXTRACT)
    assert again.already_imported and again.rows == 0
    assert snapshot(engine) == before


def test_the_reserialised_copy_of_the_same_release_adds_no_rows(engine: Engine) -> None:
    """Same HentetDato, same entry ids: every entry is already in the release and is skipped."""
    import_file(engine, EXTRACT)
    packages = count(engine, t.Package)
    result = import_file(engine, ORIGINAL)
    assert not result.new_release and result.rows == 0 and result.skipped_entries > 0
    assert count(engine, t.Package) == packages and count(engine, t.Release) == 1


def test_the_supplement_adds_to_the_release_of_its_hentetdato(engine: Engine) -> None:
    results = load_sample(engine)
    assert [r.new_release for r in results] == [True, False]
    assert count(engine, t.Release) == 1 and count(engine, t.ImportedFile) == 2
    assert count(engine, t.Goods) > 0 and count(engine, t.CodeSystem) == 2
    assert [r.already_imported for r in load_sample(engine)] == [True, True]


@pytest.mark.parametrize("how", ["truncated", "truncated-gz", "xsd-invalid", "dangling-reference", "bad-price"])
def test_a_broken_file_leaves_the_database_exactly_as_it_was(engine: Engine, variant: Callable[..., Path],
                                                             how: str) -> None:
    import_file(engine, SUPPLEMENT)
    before = snapshot(engine)
    broken = {
        "truncated": lambda: variant(cut=300_000),
        "truncated-gz": lambda: variant(cut=60_000, gz=True, name="cut.xml.gz"),
        "xsd-invalid": lambda: variant(("<Varenr>014884</Varenr>", "")),
        "dangling-reference": lambda: variant((
            "<RefRefusjonsgruppe>ID_F8FA8DFB-1CF5-4909-9423-EAD14A8EAB3E</RefRefusjonsgruppe>",
            "<RefRefusjonsgruppe>ID_FINNES-IKKE</RefRefusjonsgruppe>")),
        "bad-price": lambda: variant(('<Pris V="505.15" U="NOK" />', '<Pris V="505.155" U="NOK" />')),
    }[how]()
    with pytest.raises(FestError) as caught:
        import_file(engine, broken)
    assert caught.value.line or "avkortet" in str(caught.value)
    assert snapshot(engine) == before


def test_a_dangling_reference_names_the_element_and_line_and_loose_accepts_it(
        engine: Engine, variant: Callable[..., Path]) -> None:
    path = variant(("<RefRefusjonsgruppe>ID_F8FA8DFB-1CF5-4909-9423-EAD14A8EAB3E</RefRefusjonsgruppe>",
                    "<RefRefusjonsgruppe>ID_FINNES-IKKE</RefRefusjonsgruppe>"))
    with pytest.raises(FestError) as caught:
        import_file(engine, path)
    assert caught.value.element == "RefRefusjonsgruppe" and caught.value.line
    assert "ID_FINNES-IKKE" in str(caught.value)
    assert count(engine, t.Release) == 0
    assert import_file(engine, path, loose=True).rows > 0


def test_a_supplement_may_not_redefine_an_entry_of_the_release(engine: Engine, variant: Callable[..., Path]) -> None:
    import_file(engine, EXTRACT)
    before = snapshot(engine)
    # same package id under a new entry id: a different version of an entry the release already has
    path = variant(("<Id>ID_7B25F318-5F0E-4D95-BAD3-5722F6528424</Id>",
                    "<Id>ID_00000000-0000-0000-0000-000000000001</Id>"))
    with pytest.raises(FestError) as caught:
        import_file(engine, path)
    assert "ID_CE0BBADB-DDC1-4713-AC09-1F6A1861AE8A" in str(caught.value)
    assert caught.value.element == "OppfLegemiddelpakning" and caught.value.line
    assert snapshot(engine) == before
