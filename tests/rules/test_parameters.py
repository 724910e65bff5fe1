"""Code health of the parameter store: every packaged value has a source, a file without one fails the build,
unknown keys fail, a date before 2009 is refused with a bokmål message, and every explanation step cites a
provision and speaks bokmål."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription, Reservation
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.egenandelstak.annual_cap import CountedCopay, FamilyMember, annual_cap
from blaresept.rules.law import ACTS
from blaresept.rules.parameters import (
    CONFIDENCE,
    WEAK,
    OutOfScope,
    ParameterError,
    default_parameters,
    load_parameters,
)
from blaresept.rules.steps import Step

PARAMS = default_parameters()

GOOD = """\
description: Andel av prisgrunnlaget pasienten betaler i egenandel
law: {act: blåreseptforskriften, section: "§ 8", ledd: første}
unit: rate
values:
  2009-01-01:
    value: 0.36
    confidence: high
    reference:
      - title: Pediatriveileder 13.8.2 (2009)
        document: shared/seeds/004_738d23b87ac44371.txt
"""


def write(root: Path, text: str, name: str = "blaresept/copay/rate.yaml") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_every_packaged_parameter_loads() -> None:
    assert len(PARAMS) >= 13
    for name in ("blaresept.copay.rate", "blaresept.copay.maximum", "blaresept.copay.maximum_applies_to",
                 "blaresept.exemptions.child_age", "blaresept.exemptions.minimum_pensioner",
                 "blaresept.exemptions.refund_codes", "blaresept.exemptions.section4",
                 "blaresept.exemptions.yrkesskade", "egenandelstak.amount", "egenandelstak.bagatellgrense",
                 "egenandelstak.family_pooling"):
        assert name in PARAMS
    assert load_parameters().keys() == PARAMS.keys()


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_every_value_has_a_source(name: str) -> None:
    parameter = PARAMS[name]
    assert parameter.description.strip()
    assert parameter.law.act.short in ACTS and parameter.law.section.strip()
    assert parameter.first_date >= date(2009, 1, 1)
    assert parameter.change_dates() == sorted(parameter.change_dates())
    for value in parameter.values:
        assert value.references, f"{name} {value.effective}"
        for reference in value.references:
            assert reference.title.strip()
            assert (reference.url or "").strip() or (reference.document or "").strip()
        assert value.confidence in CONFIDENCE
        if value.confidence in WEAK:
            assert value.note and value.note.strip(), f"{name} {value.effective}: svak kilde uten note"


def test_a_good_file_loads(tmp_path: Path) -> None:
    params = load_parameters(write(tmp_path, GOOD))
    value = params["blaresept.copay.rate"].at(date(2020, 1, 1))
    assert str(value.value) == "0.36" and value.references[0].document


def test_a_value_without_a_source_fails_the_build(tmp_path: Path) -> None:
    text = GOOD.split("    reference:")[0]
    with pytest.raises(ParameterError, match="mangler kilde"):
        load_parameters(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "message"),
    [(GOOD.replace("        document: shared/seeds/004_738d23b87ac44371.txt\n", ""), "url eller document"),
     (GOOD.replace("confidence: high", "confidence: low"), "svak"),
     (GOOD.replace("confidence: high", "confidence: sure"), "confidence"),
     (GOOD.replace("    value: 0.36\n", "    value: 0.36\n    valeu: 0.38\n"), "ukjent nøkkel valeu"),
     (GOOD + "source: oppdiktet\n", "ukjent nøkkel source"),
     (GOOD.replace("        document:", "        doc: x\n        document:"), "ukjent nøkkel doc"),
     (GOOD.replace("unit: rate", "unit: percent"), "ukjent enhet"),
     (GOOD.replace("act: blåreseptforskriften", "act: lov om ingenting"), "ukjent lov"),
     (GOOD.replace("value: 0.36", "value: høy"), "ikke et tall"),
     (GOOD.replace("  2009-01-01:", "  fra 2009:"), "ikke en dato"),
     ("values: [\n", "ikke gyldig YAML")],
)
def test_schema_breaches_fail_the_build(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        load_parameters(write(tmp_path, text))


def test_one_bad_file_among_good_ones_fails_the_whole_load(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.split("    reference:")[0], "egenandelstak/amount.yaml")
    with pytest.raises(ParameterError, match=r"egenandelstak/amount.yaml"):
        load_parameters(tmp_path)


def test_an_empty_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="Fant ingen parameterfiler"):
        load_parameters(tmp_path)


@pytest.mark.parametrize("name", ["blaresept.copay.rate", "egenandelstak.amount", "blaresept.exemptions.child_age"])
def test_a_date_before_the_first_value_is_out_of_scope(name: str) -> None:
    with pytest.raises(OutOfScope) as raised:
        PARAMS[name].at(date(2008, 12, 31))
    message = str(raised.value)
    assert "2008-12-31" in message and "ligger før første formaliserte verdi" in message
    assert "Blåresept regner ikke med regler før den datoen" in message
    assert PARAMS[name].at(date(2009, 1, 1)).effective == date(2009, 1, 1)


def adult_dispensing(on: date) -> Dispensing:
    return Dispensing(on, Patient(date(1970, 1, 1)),
                      (Prescription("HPR 1", on, Hjemmel.SECTION_2, (Line(10000),)),))


def test_pricing_a_2008_dispensing_is_refused() -> None:
    with pytest.raises(OutOfScope, match="2008-12-31 ligger før første formaliserte verdi"):
        price_dispensing(adult_dispensing(date(2008, 12, 31)))
    assert price_dispensing(adult_dispensing(date(2009, 1, 1))).copay == 3600


def test_a_reform_is_data() -> None:
    reformed = PARAMS.replace("blaresept.copay.rate", {date(2027, 1, 1): 70}, note="tenkt reform")
    assert reformed["blaresept.copay.rate"].at(date(2027, 1, 1)).value == 70
    assert reformed["blaresept.copay.rate"].at(date(2026, 1, 1)).value == PARAMS["blaresept.copay.rate"].at(
        date(2026, 1, 1)).value


ENGLISH = re.compile(r"\b(the|and|is|of|patient pays|copay|prescription)\b", re.IGNORECASE)
BOKMAL = re.compile(r"\b(er|og|av|ikke|for|på|til|som|betaler|egenandel\w*|pasienten)\b", re.IGNORECASE)


def explained_results() -> list[tuple[Step, ...]]:
    steps = []
    patients = [Patient(date(1970, 1, 1)), Patient(date(2000, 1, 1)), Patient(date(1940, 1, 1), True),
                Patient(date(1970, 1, 1), frikort=True)]
    for on in (date(2009, 6, 1), date(2016, 6, 1), date(2026, 9, 1)):
        for patient in patients:
            prescriptions = (
                Prescription("HPR 1", on, Hjemmel.SECTION_2,
                             (Line(300000, 200000, Reservation.PATIENT), Line(50000, 40000, Reservation.PRESCRIBER))),
                Prescription("HPR 2", on, Hjemmel.SECTION_5, (Line(45000, None, Reservation.NONE, 38000),)),
                Prescription("HPR 2", on, Hjemmel.SECTION_4, (Line(10000),)),
                Prescription("HPR 3", on, Hjemmel.SECTION_2, (Line(10000),), yrkesskade=True),
                Prescription("HPR 3", on, Hjemmel.SECTION_2, (Line(10000),), refund_code="-90"),
            )
            steps.append(price_dispensing(Dispensing(on, patient, prescriptions)).steps)
    steps.append(annual_cap(2009, [CountedCopay(date(2009, 5, 1), 190000)],
                            family=[FamilyMember(date(1996, 1, 1), (CountedCopay(date(2009, 6, 1), 100),))]).steps)
    steps.append(annual_cap(2022, [CountedCopay(date(2022, 5, 1), 300000)]).steps)
    return steps


def test_every_step_has_a_legal_reference_and_a_bokmal_text() -> None:
    rules_seen = set()
    for steps in explained_results():
        assert steps
        for step in steps:
            rules_seen.add(step.rule)
            assert step.reference.act.short in ACTS and step.reference.act.url.startswith("https://lovdata.no/")
            assert re.match(r"^§ \d", step.reference.section), step.reference
            assert step.text.strip().endswith("."), step.text
            assert BOKMAL.search(step.text), step.text
            assert not ENGLISH.search(step.text), step.text
            assert step.version >= date(2004, 10, 1)
            for use in step.parameters:
                assert use.sources, use.name
            assert step.as_dict()["reference"]["text"]
    assert {"blaresept.price_basis", "blaresept.exemptions.patient", "blaresept.exemptions.section4",
            "blaresept.exemptions.yrkesskade", "blaresept.exemptions.refund_code", "blaresept.copay.groups",
            "blaresept.copay.amount", "blaresept.split", "egenandelstak.family_pooling", "egenandelstak.reached",
            "egenandelstak.refund"} <= rules_seen
