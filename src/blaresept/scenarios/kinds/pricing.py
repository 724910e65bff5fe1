"""kind: pricing — the counter price of one dispensing (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blaresept.rules.blaresept.dispensing import (
    Dispensing,
    Hjemmel,
    Line,
    Patient,
    Prescription,
    PricedDispensing,
    Reservation,
)
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_money
from blaresept.scenarios.reader import Reader, ScenarioFormatError

HJEMLER = {"§2": Hjemmel.SECTION_2, "§3": Hjemmel.SECTION_3, "§4": Hjemmel.SECTION_4,
           "§5": Hjemmel.SECTION_5, "§6": Hjemmel.SECTION_6}
TOTALS = ("copay", "patient_extra", "helfo", "not_charged")


@dataclass
class PricingCase:
    dispensing: Dispensing

    def run(self) -> Run:
        priced = price_dispensing(self.dispensing)
        actual = actual_split(priced)
        return Run(actual, priced.steps, priced)


def actual_split(priced: PricedDispensing) -> dict[str, str]:
    actual = {
        "copay": show_money(priced.copay),
        "patient_extra": show_money(priced.patient_extra),
        "helfo": show_money(priced.helfo),
        "not_charged": show_money(priced.not_charged),
    }
    for index, line in enumerate(priced.lines):
        actual[f"lines[{index}].copay"] = show_money(line.copay)
        actual[f"lines[{index}].patient_extra"] = show_money(line.patient_extra)
        actual[f"lines[{index}].helfo"] = show_money(line.helfo)
        actual[f"lines[{index}].not_charged"] = show_money(line.not_charged)
    return actual


def hjemmel(text: str, where: str) -> Hjemmel:
    """'§2' … '§6' as the format writes them; also '§ 2', the legacy '§3a'/'§3b', and the Volven 7427 codes
    ('200', '300', '301', '302', '400', '5xx', '6xx') as they stand on a prescription."""
    key = text.replace(" ", "").lower()
    if key in ("§3a", "§3b"):
        key = "§3"
    if key.isdigit() and len(key) == 3 and key[0] in "23456":
        key = f"§{key[0]}"
    if key not in HJEMLER:
        raise ScenarioFormatError(f"{where}: ukjent hjemmel «{text}» (gyldige: {', '.join(HJEMLER)}, eller "
                                  "koden i Volven 7427, f.eks. «200»).")
    return HJEMLER[key]


def read_line(r: Reader) -> Line:
    return Line(
        price=r.money("price"),
        cheapest_price=r.optional_money("cheapest_price"),
        reserved_by=Reservation(r.choice("reserved_by", tuple(x.value for x in Reservation), "none")),
        max_refund_price=r.optional_money("max_refund_price"),
    )


def read_prescription(r: Reader) -> Prescription:
    return Prescription(
        prescriber=r.text("prescriber"),
        written=r.date("written"),
        hjemmel=hjemmel(r.text("hjemmel"), f"{r.path}.hjemmel"),
        lines=tuple(r.items("lines", read_line)),
        refund_code=r.text("refund_code", None),
        yrkesskade=r.boolean("yrkesskade", False),
    )


def read_patient(r: Reader) -> Patient:
    return Patient(
        birth_date=r.date("birth_date"),
        minimum_pensioner=r.boolean("minimum_pensioner", False),
        frikort=r.boolean("frikort", False),
    )


def read_dispensing(r: Reader) -> Dispensing:
    patient_reader = r.mapping("patient")
    patient = read_patient(patient_reader)
    patient_reader.done()
    return Dispensing(
        date=r.date("date"),
        patient=patient,
        prescriptions=tuple(r.items("prescriptions", read_prescription)),
    )


def read_expect(r: Reader) -> tuple[dict[str, str], str | None]:
    expected: dict[str, str] = {}
    for key in TOTALS:
        if r.has(key):
            expected[key] = show_money(r.money(key))
    if r.has("lines"):
        def read_expected_line(lr: Reader) -> dict[str, Any]:
            return {key: show_money(lr.money(key)) for key in TOTALS if lr.has(key)}

        for index, line in enumerate(r.items("lines", read_expected_line)):
            for key, value in line.items():
                expected[f"lines[{index}].{key}"] = value
    error = r.text("error", None)
    if not expected and error is None:
        raise ScenarioFormatError(
            f"{r.path}: forventer ingenting (oppgi copay, patient_extra, helfo, not_charged eller error).")
    return expected, error


@register("pricing")
def read(r: Reader) -> tuple[PricingCase, dict[str, str], str | None]:
    dispensing_reader = r.mapping("dispensing")
    dispensing = read_dispensing(dispensing_reader)
    dispensing_reader.done()
    expect_reader = r.mapping("expect")
    expected, error = read_expect(expect_reader)
    expect_reader.done()
    return PricingCase(dispensing), expected, error
