"""Who pays no copay: age (with 29 February), minstepensjonist, frikort, § 4, yrkesskade, refund codes."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.rules.blaresept.dispensing import Hjemmel, Line, Patient, Prescription
from blaresept.rules.blaresept.exemptions import age_on, main_code, patient_exemption, prescription_exemption
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import default_parameters

PARAMS = default_parameters()


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [(date(2008, 2, 29), date(2026, 2, 28), 17),   # no 29 February in 2026: a year older only on 1 March
     (date(2008, 2, 29), date(2026, 3, 1), 18),
     (date(2008, 2, 29), date(2024, 2, 29), 16),   # leap year: the birthday itself
     (date(2008, 2, 29), date(2024, 2, 28), 15),
     (date(2008, 2, 29), date(2008, 2, 29), 0),
     (date(1997, 5, 15), date(2009, 5, 14), 11),
     (date(1997, 5, 15), date(2009, 5, 15), 12),
     (date(1970, 12, 31), date(2009, 1, 1), 38)],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("born", "on", "exempt"),
    [(date(1997, 5, 15), date(2009, 5, 14), True),    # 11, limit under 12 in 2009
     (date(1997, 5, 15), date(2009, 5, 15), False),   # 12 on the day
     (date(1997, 9, 1), date(2009, 12, 31), False),   # 12 in 2009 pays …
     (date(1997, 9, 1), date(2010, 1, 1), True),      # … and is exempt from 2010 (under 16)
     (date(1994, 9, 20), date(2010, 9, 20), False),   # 16 on the day
     (date(2010, 3, 10), date(2026, 7, 31), False),   # 16 pays until 2026-07-31 …
     (date(2010, 3, 10), date(2026, 8, 1), True),     # … and is exempt from 2026-08-01 (under 18)
     (date(2008, 8, 1), date(2026, 8, 1), False),     # 18 on the day
     (date(2008, 9, 1), date(2026, 8, 31), True)],
)
def test_child_age_limit_on_both_sides_of_each_change(born: date, on: date, exempt: bool) -> None:
    exemption, step = patient_exemption(on, Patient(born), PARAMS)
    assert (exemption is not None) is exempt
    if exempt:
        assert exemption is not None and exemption.category == "B"
        assert step.outcome == "fritatt:B"
    else:
        assert step.outcome == "betaler_egenandel"


def test_minimum_pensioner_and_frikort() -> None:
    on = date(2020, 5, 5)
    pensioner, _ = patient_exemption(on, Patient(date(1940, 1, 1), minimum_pensioner=True), PARAMS)
    frikort, step = patient_exemption(on, Patient(date(1960, 1, 1), frikort=True), PARAMS)
    assert pensioner is not None and pensioner.category == "M"
    assert frikort is not None and frikort.category == "F"
    assert str(step.reference) == "folketrygdloven § 5-3"
    child_with_frikort, _ = patient_exemption(on, Patient(date(2015, 1, 1), frikort=True), PARAMS)
    assert child_with_frikort is not None and child_with_frikort.category == "B"  # the child rule comes first


def test_a_birth_date_after_the_dispensing_is_refused() -> None:
    with pytest.raises(RuleInputError, match="etter utleveringsdatoen"):
        patient_exemption(date(2020, 1, 1), Patient(date(2020, 1, 2)), PARAMS)


def _prescription(**kwargs: object) -> Prescription:
    fields: dict = {"prescriber": "HPR 1", "written": date(2009, 3, 1), "hjemmel": Hjemmel.SECTION_2,
                    "lines": (Line(10000),)}
    fields.update(kwargs)
    return Prescription(**fields)


@pytest.mark.parametrize(
    ("prescription", "category"),
    [(_prescription(hjemmel=Hjemmel.SECTION_4), "A"),
     (_prescription(yrkesskade=True), "Y"),
     (_prescription(refund_code="ICD:D80.1"), "A"),
     (_prescription(refund_code="B24"), "A"),
     (_prescription(refund_code="-90"), "A"),
     (_prescription(refund_code="-53"), "A"),
     (_prescription(refund_code="Z21"), "A"),
     (_prescription(refund_code="ICD:K21"), None),
     (_prescription(refund_code="ICPC:D84"), None),   # ICPC-2 D84 is spiserørssykdom, not immunsvikt
     (_prescription(refund_code="ICPC:Z21"), None),
     (_prescription(hjemmel=Hjemmel.SECTION_5), None),
     (_prescription(), None)],
)
def test_prescription_exemptions_2009(prescription: Prescription, category: str | None) -> None:
    exemption, step = prescription_exemption(date(2009, 3, 3), 1, prescription, PARAMS)
    if category is None:
        assert exemption is None and step is None
    else:
        assert exemption is not None and exemption.category == category
        assert step is not None and step.outputs["exempt"] is True


@pytest.mark.parametrize(
    ("code", "main"),
    [("ICD:K21.0", "K21"), ("K21.0", "K21"), ("b20.1", "B20"), ("ICD-10:D84.1", "D84"), ("-90", "-90"),
     ("ICPC:-90", "-90"), (" -53 ", "-53"), ("ICPC:D84", "ICPC:D84"), ("icpc-2:d84", "ICPC:D84"),
     ("ICPC2:B90", "ICPC:B90")],
)
def test_main_code(code: str, main: str) -> None:
    assert main_code(code) == main


@pytest.mark.parametrize("on", [date(2010, 1, 1), date(2017, 6, 1), date(2024, 3, 3)])
@pytest.mark.parametrize(
    ("code", "exempt"),
    [("ICD:D80.1", False), ("D84", False), ("-90", False), ("-53", False),
     ("B20", True), ("ICD:B24.9", True), ("Z21", True)],
)
def test_only_the_hiv_codes_stay_exempt_after_2009(on: date, code: str, exempt: bool) -> None:
    """No source after 2009 exempts immunsvikt (D80–D84), -53 or palliative care (-90); a palliative patient pays
    until the frikort (Helse Bergen, after 2022). HIV is a § 4 disease and stays free (rules-facts.md § 10)."""
    exemption, step = prescription_exemption(on, 1, _prescription(written=on, refund_code=code), PARAMS)
    assert (exemption is not None) is exempt
    if exempt:
        assert step is not None and step.version == date(2010, 1, 1)
