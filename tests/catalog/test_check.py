"""The check against the catalogue on SQLite and PostgreSQL, the counter's hook, the `check` scenario kind's
format, and `blaresept check FILE` as a user types it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from blaresept.catalog.check import catalog_facts, check_prescription, counter_check
from blaresept.cli import app
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.rules.blaresept.dispensing import Hjemmel
from blaresept.rules.blaresept.eligibility.facts import (
    CheckRequest,
    ConditionStatus,
    PatientFacts,
    PrescriberFacts,
    PrescriptionLine,
    ProductKind,
    Specialty,
)
from blaresept.rules.errors import RuleInputError
from blaresept.scenarios.reader import ScenarioFormatError
from blaresept.scenarios.runner import read_scenarios
from blaresept.storage.db import make_engine, session_factory
from tests.catalog.conftest import flat

DAY = date(2017, 4, 12)
INDREMEDISIN = PrescriberFacts("HPR 1", (Specialty("190", "Indremedisin"),), False)


@pytest.fixture(scope="module")
def session(sample_url: str) -> Iterator[Session]:
    engine = make_engine(sample_url)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


def line(**fields: object) -> PrescriptionLine:
    values: dict[str, object] = {"written": date(2017, 4, 1), "hjemmel": "§2", **fields}
    return PrescriptionLine(**values)  # type: ignore[arg-type]


def test_facts_carry_every_link_and_code_with_their_dates(session: Session) -> None:
    facts = catalog_facts(session, DAY, varenummer="990001")
    assert facts.product is not None and facts.product.kind is ProductKind.MEDICINE
    [group] = facts.product.reimbursements
    k21 = next(c for c in group.codes if c.code == "K21")
    assert (k21.system, k21.validity.valid_from) == ("ICD-10", date(2009, 1, 1))
    assert [c.number for c in k21.conditions] == ["12", "155"]
    assert k21.conditions[0].structured[0].type_code == "7"
    goods = catalog_facts(session, DAY, product_number="810003")
    assert goods.product is not None
    assert (goods.product.product_group, goods.product.max_price_per_unit, goods.product.per_pack) == (
        "5020110", 1240, 30)
    assert catalog_facts(session, DAY, varenummer="000000").product is None


def test_omeprazole_on_k21_with_conditions(session: Session) -> None:
    result = check_prescription(session, CheckRequest(DAY, PatientFacts(date(1980, 1, 1)), INDREMEDISIN,
                                                      line(varenummer="990001", refund_code="ICD:K21")))
    assert result.reimbursable and result.hjemmel_code == "200"
    assert {c.number: c.status for c in result.conditions} == {"12": ConditionStatus.MET,
                                                               "155": ConditionStatus.PRESCRIBER}


def test_reasons_for_an_invalid_code_an_unknown_varenummer_and_a_malformed_code(session: Session) -> None:
    patient = PatientFacts(date(1980, 1, 1))
    cases = {
        "gjelder først fra 2010-05-01": line(written=date(2010, 4, 20), varenummer="065276", refund_code="ICD:Z94"),
        "Fant ikke varenummer 123456": line(varenummer="123456", refund_code="ICD:K21"),
        "mangler kodeverk": line(varenummer="990001", refund_code="K21"),
    }
    for expected, prescription in cases.items():
        dispensed = date(2010, 5, 3) if prescription.written.year == 2010 else DAY
        result = check_prescription(session, CheckRequest(dispensed, patient, INDREMEDISIN, prescription))
        assert not result.reimbursable
        assert any(expected in reason for reason in result.reasons), result.reasons
    with pytest.raises(RuleInputError, match="varenummer .* eller et produktnummer"):
        check_prescription(session, CheckRequest(DAY, patient, INDREMEDISIN, line()))


def test_counter_hook_passes_a_reimbursable_line_and_refuses_one_that_is_not(session: Session) -> None:
    person = SimpleNamespace(fnr="01037040068", birth_date=date(1970, 3, 1))

    def dispense(varenummer: str, code: str) -> DispenseRequest:
        return DispenseRequest(fnr=person.fnr, date=DAY, prescriptions=(PrescriptionRequest(
            prescriber="HPR 1", written=date(2017, 4, 1), hjemmel=Hjemmel.SECTION_2,
            lines=(LineRequest(price=53940, varenummer=varenummer),), refund_code=code),))

    steps = counter_check(session, dispense("464531", "ICPC:K86"), person)
    assert any(s.rule == "blaresept.section2.code" for s in steps)
    with pytest.raises(RuleInputError, match="varenummer 464531.*gir ikke refusjon"):
        counter_check(session, dispense("464531", "ICD:E11"), person)


def scenario(tmp_path: Path, body: str, name: str = "sjekk.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


HEAD = """\
kind: check
name: test
source: test
catalog: sample
date: 2017-04-12
patient: {birth_date: 1980-01-01}
prescriber: {hpr: "HPR 1", specialties: [indremedisin], hospital: false}
"""


@pytest.mark.parametrize(("prescription", "message"), [
    ('prescription: {written: 2017-04-01, hjemmel: "§2", varenummer: 990001, refund_code: "ICD:K21"}',
     "anførselstegn"),
    ('prescription: {written: 2017-04-01, hjemmel: "§9", varenummer: "990001"}', "Ukjent hjemmel"),
    ('prescription: {written: 2017-04-01, hjemmel: "§2"}', "enten varenummer"),
    ('prescription: {written: 2017-04-01, hjemmel: "§2", varenummer: "990001", farge: blå}', "ukjent nøkkel"),
])
def test_the_check_format_is_strict(tmp_path: Path, prescription: str, message: str) -> None:
    path = scenario(tmp_path, HEAD + prescription + "\nexpect: {reimbursable: true}\n")
    with pytest.raises(ScenarioFormatError, match=message):
        read_scenarios(path)


def test_an_unknown_specialty_is_a_format_error(tmp_path: Path) -> None:
    body = HEAD.replace("[indremedisin]", "[kardiologi-ish]") + (
        'prescription: {written: 2017-04-01, hjemmel: "§2", varenummer: "990001"}\nexpect: {reimbursable: true}\n')
    with pytest.raises(ScenarioFormatError, match="ikke en spesialitet"):
        read_scenarios(scenario(tmp_path, body))


def test_check_command_prints_outcome_reasons_and_conditions(tmp_path: Path, wide_console: None) -> None:
    runner = CliRunner()
    good = scenario(tmp_path, HEAD + (
        'prescription: {written: 2017-04-01, hjemmel: "§2", varenummer: "990001", refund_code: "ICD:K21"}\n'
        "expect: {reimbursable: true, conditions: [12, 155]}\n"))
    result = runner.invoke(app, ["check", str(good)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    output = flat(result.output)
    for expected in ("Refusjonsberettiget: ja", "§ 2 (200)", "Vilkår 12", "Behandlingen skal være instituert",
                     "blåreseptforskriften § 2", "Stemmer med forventet resultat"):
        assert expected in output, expected
    bad = scenario(tmp_path, HEAD + (
        'prescription: {written: 2017-04-01, hjemmel: "§2", varenummer: "123456", refund_code: "ICD:K21"}\n'
        "expect: {reimbursable: true}\n"), "feil.yaml")
    result = runner.invoke(app, ["check", str(bad)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    output = flat(result.output)
    assert "Refusjonsberettiget: nei" in output and "Fant ikke varenummer 123456" in output
    assert "Avvik: reimbursable" in output
