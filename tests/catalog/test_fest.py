"""The FEST library on the real 2017-04-12 extract: typed records, both namespace forms, prices keyed on the
code and cross-checked on the name, and clear errors with element and line for files that break."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from blaresept.fest import FestError, FestReader, read_fest, validate
from blaresept.fest.records import Condition, Header, Package, Reimbursement
from tests.catalog.conftest import EXTRACT, ORIGINAL, SUPPLEMENT, extract_text

M30 = "{http://www.kith.no/xmlstds/eresept/m30/2014-12-01}"
FS = "{http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01}"


def records(path: Path) -> list[object]:
    return list(read_fest(path))


def test_the_extract_reads_into_typed_records_as_many_as_the_file_has() -> None:
    tree = etree.fromstring(extract_text().encode("utf-8"))
    expected = {
        "Package": len(tree.findall(f"{M30}KatLegemiddelpakning/{M30}OppfLegemiddelpakning")),
        "Brand": len(tree.findall(f"{M30}KatLegemiddelMerkevare/{M30}OppfLegemiddelMerkevare")),
        "Reimbursement": len(tree.findall(f"{M30}KatRefusjon/{M30}OppfRefusjon")),
        "Condition": len(tree.findall(f"{M30}KatVilkar/{M30}OppfVilkar")),
        "SubstitutionGroup": len(tree.findall(f"{M30}KatByttegruppe/{M30}OppfByttegruppe")),
    }
    counted = Counter(type(r).__name__ for r in records(EXTRACT))
    assert {k: counted[k] for k in expected} == expected
    assert expected["Package"] == 107  # shared/reference/fest/SOURCES.md
    assert counted["Header"] == 1


def test_header_gives_hentetdato_in_utc() -> None:
    header = records(EXTRACT)[0]
    assert header == Header(datetime(2017, 4, 12, 18, 26, 27, 336000), None)


def test_the_reserialised_form_reads_the_same_as_the_namespaced_form() -> None:
    """The original serialiser left Oppf* out of the M30 namespace; repaired on reading, same records and lines."""
    assert validate(ORIGINAL).namespace_repaired
    assert not validate(EXTRACT).namespace_repaired
    assert records(ORIGINAL) == records(EXTRACT)


def test_varenummer_stays_text_with_leading_zeros_and_prices_are_keyed_on_the_code() -> None:
    packages = {r.varenummer: r for r in records(EXTRACT) if isinstance(r, Package)}
    package = packages["014884"]  # Certican Disperg tab 0,1 mg
    assert package.name.startswith("Certican")
    by_kind = {p.kind: (p.type.code, p.amount, p.valid_from) for p in package.prices}
    # PrisVare in the extract: Type V=2 Refusjonspris 688.8, V=4 AUP 688.8, V=3 AIP 505.15
    assert by_kind == {"refusjonspris": ("2", 68880, date(2017, 1, 1)), "aup": ("4", 68880, date(2017, 1, 1)),
                       "aip": ("3", 50515, date(2016, 12, 1))}


def test_reimbursement_groups_codes_and_conditions_with_their_dates() -> None:
    found = records(EXTRACT)
    groups = {g.number.code: g for r in found if isinstance(r, Reimbursement) for g in r.groups}
    tramadol = groups["N02AJ13_1"]
    assert tramadol.requires_code
    assert {(c.code.code, c.code.system_number, c.valid_from) for c in tramadol.codes} == {
        ("-90", "7435", date(2017, 1, 19)), ("-90", "7434", date(2017, 1, 19))}
    conditions = {c.id: c for c in found if isinstance(c, Condition)}
    referred = {conditions[v.condition_id].number for c in tramadol.codes for v in c.conditions}
    assert referred == {"136"}
    ritalin_age = next(c for c in conditions.values() if c.number == "163")
    assert [(s.type.code, s.text_values) for s in ritalin_age.structured] == [("1", ("6",)), ("2", ("18",))]


def test_the_supplement_validates_alone_and_carries_goods_and_code_systems() -> None:
    validate(SUPPLEMENT)
    kinds = Counter(type(r).__name__ for r in records(SUPPLEMENT))
    assert kinds["Goods"] >= 8 and kinds["CodeSystem"] == 2


def test_a_price_type_whose_name_contradicts_its_code_stops_the_read(variant: Callable[..., Path]) -> None:
    path = variant(('<Type V="3" S="2.16.578.1.12.4.1.1.7453" DN="AIP" />',
                    '<Type V="3" S="2.16.578.1.12.4.1.1.7453" DN="AUP" />'))
    validate(path)  # the XSD cannot see it
    with pytest.raises(FestError) as caught:
        records(path)
    assert caught.value.element == "Type" and caught.value.line
    assert "betyr «AIP»" in str(caught.value)


def test_a_price_in_fractions_of_an_ore_stops_the_read(variant: Callable[..., Path]) -> None:
    path = variant(('<Pris V="505.15" U="NOK" />', '<Pris V="505.155" U="NOK" />'))
    with pytest.raises(FestError) as caught:
        records(path)
    assert caught.value.element == "Pris"
    assert "øre" in str(caught.value)


def test_an_xsd_breach_names_the_element_and_its_line(variant: Callable[..., Path]) -> None:
    text = extract_text()
    line = text[:text.index("<Varenr>014884</Varenr>")].count("\n") + 1
    path = variant(("<Varenr>014884</Varenr>", ""))
    with pytest.raises(FestError) as caught:
        validate(path)
    assert caught.value.element == "Ean"
    assert caught.value.line == line + 1  # the Ean that follows where Varenr should be
    assert "forventet «Varenr»" in str(caught.value)


def test_a_bad_date_names_the_element_and_line(variant: Callable[..., Path]) -> None:
    path = variant(("<GyldigFraDato>2008-01-17</GyldigFraDato>", "<GyldigFraDato>2008-13-17</GyldigFraDato>"))
    with pytest.raises(FestError) as caught:
        validate(path)
    assert caught.value.element == "GyldigFraDato" and caught.value.line
    assert "2008-13-17" in str(caught.value)


@pytest.mark.parametrize("gz", [False, True])
def test_a_truncated_file_is_refused(variant: Callable[..., Path], gz: bool) -> None:
    path = variant(cut=40_000, gz=gz, name="cut.xml.gz" if gz else "cut.xml")
    with pytest.raises(FestError) as caught:
        validate(path)
    assert "avkortet" in str(caught.value)
    with pytest.raises(FestError):
        records(path)


def test_not_xml_at_all_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tom.xml"
    path.write_bytes(b"dette er ikke XML")
    with pytest.raises(FestError, match="ikke XML"):
        validate(path)


def test_the_loose_schema_accepts_references_the_strict_one_refuses(variant: Callable[..., Path]) -> None:
    """An IDREF that is not an NCName breaks the strict XSD; the loose one (for incremental files) allows it."""
    path = variant(("<RefRefusjonsgruppe>ID_F8FA8DFB-1CF5-4909-9423-EAD14A8EAB3E</RefRefusjonsgruppe>",
                    "<RefRefusjonsgruppe>1 utenfor filen</RefRefusjonsgruppe>"))
    with pytest.raises(FestError) as caught:
        validate(path)
    assert caught.value.element == "RefRefusjonsgruppe"
    validate(path, loose=True)


def test_reader_counts_skipped_catalogues() -> None:
    reader = FestReader(EXTRACT)
    list(reader)
    assert reader.counts["KatInteraksjon:Skipped"] > 0
    assert reader.info.sha256 == validate(EXTRACT).sha256
