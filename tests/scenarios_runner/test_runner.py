"""The scenario runner: a file that breaks the format is a failure (never skipped), a wrong expectation is a
failure, expected refusals pass, and several YAML documents in one file are several scenarios."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from blaresept.scenarios.reader import ScenarioFormatError
from blaresept.scenarios.runner import read_scenarios, run_paths, scenario_files

PRICING = """\
kind: pricing
name: Voksen betaler 36 % (2009)
source: seed 004 Refusjonsregler pkt. 1
dispensing:
  date: 2009-03-10
  patient: {birth_date: 1960-05-05}
  prescriptions:
    - prescriber: "HPR 1"
      written: 2009-03-01
      hjemmel: "§2"
      lines:
        - {price: 500.00}
expect: {copay: 180.00, patient_extra: 0.00, helfo: 320.00}
"""

CAP = """\
kind: annual_cap
name: Taket nås 1. juni (2019)
source: rules-facts.md § 2
year: 2019
patient: {birth_date: 1960-02-02}
copays:
  - {date: 2019-01-10, amount: 2080.00}
  - {date: 2019-06-01, amount: 420.00}
expect: {total_counted: 2500.00, frikort_from: 2019-06-01, refund: 0.00}
"""


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def outcomes(tmp_path: Path) -> list:
    return list(run_paths([tmp_path]))


def test_good_files_pass(tmp_path: Path) -> None:
    write(tmp_path, PRICING, "pricing/a.yaml")
    write(tmp_path, CAP, "annual_cap/b.yml")
    result = outcomes(tmp_path)
    assert [o.passed for o in result] == [True, True]
    assert {o.scenario.kind for o in result if o.scenario} == {"annual_cap", "pricing"}


def test_several_documents_in_one_file_are_several_scenarios(tmp_path: Path) -> None:
    write(tmp_path, PRICING + "---\n" + CAP)
    result = outcomes(tmp_path)
    assert len(result) == 2 and all(o.passed for o in result)


@pytest.mark.parametrize(
    ("text", "message"),
    [(PRICING.replace("kind: pricing", "kind: reimbursement"), "ukjent kind «reimbursement»"),
     (PRICING.replace("name: Voksen", "nmae: Voksen"), "name mangler"),
     (PRICING + "comment: hei\n", "ukjent nøkkel comment"),
     (PRICING.replace("  date: 2009-03-10", "  date: 2009-03-10\n  pharmacy: Vitus"), "ukjent nøkkel pharmacy"),
     (PRICING.replace("{price: 500.00}", "{price: 500.00, colour: blue}"), "ukjent nøkkel colour"),
     (PRICING.replace("patient_extra: 0.00", "patient_extra: 0.00, helfoo: 1"), "ukjent nøkkel helfoo"),
     (CAP.replace("year: 2019", "year: 2019\nmonth: 6"), "ukjent nøkkel month"),
     (PRICING.replace("source: seed 004 Refusjonsregler pkt. 1\n", ""), "source mangler"),
     (PRICING.replace("kind: pricing\n", ""), "kind mangler"),
     (PRICING.replace("expect: {copay: 180.00, patient_extra: 0.00, helfo: 320.00}", "expect: {}"),
      "forventer ingenting"),
     (PRICING.replace("price: 500.00", "price: 500.001"), "flere enn to desimaler"),
     (PRICING.replace("price: 500.00", "price: femhundre"), "ikke et gyldig beløp"),
     (PRICING.replace("date: 2009-03-10", "date: 10.03.2009"), "er ikke en dato"),
     (PRICING.replace('hjemmel: "§2"', 'hjemmel: "§9"'), "ukjent hjemmel"),
     (PRICING.replace("{price: 500.00}", "{price: 500.00, reserved_by: doctor}"), "ikke en gyldig verdi"),
     ("kind: pricing\nname: [\n", "ikke gyldig YAML"),
     ("", "filen er tom"),
     ("- bare\n- en liste\n", "forventet et oppslag")],
)
def test_a_file_that_breaks_the_format_is_a_failure(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, text)
    [outcome] = outcomes(tmp_path)
    assert not outcome.passed
    assert outcome.scenario is None
    assert outcome.error is not None and message in outcome.error, outcome.error
    with pytest.raises(ScenarioFormatError):
        read_scenarios(tmp_path / "scenario.yaml")


def test_a_wrong_expectation_is_a_failure_with_the_difference(tmp_path: Path) -> None:
    write(tmp_path, PRICING.replace("copay: 180.00", "copay: 181.00"))
    [outcome] = outcomes(tmp_path)
    assert not outcome.passed
    assert [(d.field, d.expected, d.actual) for d in outcome.differences] == [("copay", "181,00 kr", "180,00 kr")]


def test_expected_line_values_are_compared(tmp_path: Path) -> None:
    write(tmp_path, PRICING.replace("helfo: 320.00}", "helfo: 320.00, lines: [{copay: 180.00, helfo: 321.00}]}"))
    [outcome] = outcomes(tmp_path)
    assert [d.field for d in outcome.differences] == ["lines[0].helfo"]


def test_an_expected_refusal_passes_and_an_unexpected_one_fails(tmp_path: Path) -> None:
    refused = PRICING.replace("2009-03-10", "2008-12-31").replace("2009-03-01", "2008-12-01")
    write(tmp_path, refused.replace("expect: {copay: 180.00, patient_extra: 0.00, helfo: 320.00}",
                                    'expect: {error: "før første formaliserte verdi"}'), "a.yaml")
    write(tmp_path, refused, "b.yaml")
    write(tmp_path, refused.replace("expect: {copay: 180.00, patient_extra: 0.00, helfo: 320.00}",
                                    'expect: {error: "en helt annen feil"}'), "c.yaml")
    write(tmp_path, PRICING.replace("expect: {copay: 180.00, patient_extra: 0.00, helfo: 320.00}",
                                    'expect: {error: "noe"}'), "d.yaml")
    a, b, c, d = outcomes(tmp_path)
    assert a.passed
    assert not b.passed and b.error is not None and "Reglene avviste inndata" in b.error
    assert not c.passed and c.differences[0].field == "error"
    assert not d.passed and d.differences[0].actual == "(ingen feil)"


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scenario_files([tmp_path / "finnes-ikke"])


def test_the_repository_scenarios_all_pass() -> None:
    root = Path(__file__).resolve().parents[1] / "scenarios"
    result = list(run_paths([root / "pricing", root / "annual_cap"]))
    failed = [(str(o.path), o.error, o.differences) for o in result if not o.passed]
    assert not failed
    assert len([o for o in result if o.scenario and o.scenario.kind in ("pricing", "annual_cap")]) >= 61
