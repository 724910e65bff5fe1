"""kind: ledger — one person's dispensings in order, priced with the ledger: egenandelsperioder, the
egenandelstak and the frikort from the next dispensing, and each year settled (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blaresept.rules.blaresept.copay_period import CopayPeriod
from blaresept.rules.blaresept.dispensing import Dispensing, Patient, PricedDispensing
from blaresept.rules.egenandelstak.annual_cap import AnnualCap, CountedCopay, annual_cap
from blaresept.rules.egenandelstak.ledger import YearState, ledger_step, periods_after, price_with_ledger
from blaresept.rules.errors import RuleError
from blaresept.rules.steps import Step
from blaresept.scenarios.kinds import register
from blaresept.scenarios.kinds.pricing import actual_split, read_expect, read_patient, read_prescription
from blaresept.scenarios.model import Run, show_date, show_money
from blaresept.scenarios.reader import Reader, ScenarioFormatError

YEAR_KEYS = ("total_counted", "frikort_from", "refund")


@dataclass
class LedgerResult:
    """What the ledger did: each dispensing priced (None where refused) and each year settled."""

    priced: list[PricedDispensing | None]
    years: dict[int, AnnualCap]
    periods: tuple[CopayPeriod, ...]


@dataclass
class LedgerCase:
    patient: Patient
    dispensings: list[Dispensing]
    expected_errors: dict[int, str] = field(default_factory=dict)
    years: tuple[int, ...] = ()

    def run(self) -> Run:
        actual: dict[str, str] = {}
        steps: list[Step] = []
        states: dict[int, YearState] = {}
        periods: tuple[CopayPeriod, ...] = ()
        counted: dict[int, list[CountedCopay]] = {}
        priced_all: list[PricedDispensing | None] = []
        for index, dispensing in enumerate(self.dispensings):
            year = dispensing.date.year
            before = states.get(year, YearState(year))
            try:
                priced, after = price_with_ledger(dispensing, before, periods=periods)
            except RuleError as exc:  # refused: the ledger is unchanged, as at the counter
                message = str(exc)
                wanted = self.expected_errors.get(index)
                actual[f"dispensings[{index}].error"] = (
                    wanted if wanted is not None and wanted.lower() in message.lower() else message)
                priced_all.append(None)
                continue
            states[year] = after
            periods = periods_after(periods, priced)
            counted.setdefault(year, []).append(CountedCopay(dispensing.date, priced.copay))
            priced_all.append(priced)
            steps.extend(priced.steps)
            steps.append(ledger_step(before, after, priced.copay))
            for key, value in actual_split(priced).items():
                actual[f"dispensings[{index}].{key}"] = value
        settled = {year: annual_cap(year, counted.get(year, [])) for year in sorted(set(counted) | set(self.years))}
        for year, cap in settled.items():
            actual[f"years.{year}.total_counted"] = show_money(cap.total_counted)
            actual[f"years.{year}.frikort_from"] = show_date(cap.frikort_from)
            actual[f"years.{year}.refund"] = show_money(cap.refund)
            steps.extend(cap.steps)
        return Run(actual, tuple(steps), LedgerResult(priced_all, settled, periods))


def read_dispensing(r: Reader, patient: Patient, index: int) -> tuple[Dispensing, dict[str, str], str | None]:
    dispensing = Dispensing(date=r.date("date"), patient=patient,
                            prescriptions=tuple(r.items("prescriptions", read_prescription)))
    expected: dict[str, str] = {}
    error = None
    if r.has("expect"):
        expect_reader = r.mapping("expect")
        found, error = read_expect(expect_reader)
        expect_reader.done()
        expected = {f"dispensings[{index}].{key}": value for key, value in found.items()}
        if error is not None:
            expected[f"dispensings[{index}].error"] = error
    return dispensing, expected, error


def read_years(r: Reader) -> tuple[dict[str, str], tuple[int, ...]]:
    expected: dict[str, str] = {}
    years = []
    for key in list(r.data):
        if isinstance(key, bool) or not isinstance(key, int):
            raise ScenarioFormatError(f"{r.path}: «{key}» er ikke et årstall.")
        year_reader = r.mapping(key)  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        if year_reader.has("total_counted"):
            values["total_counted"] = show_money(year_reader.money("total_counted"))
        if year_reader.has("frikort_from"):
            values["frikort_from"] = show_date(year_reader.optional_date("frikort_from"))
        if year_reader.has("refund"):
            values["refund"] = show_money(year_reader.money("refund"))
        year_reader.done()
        if not values:
            raise ScenarioFormatError(f"{year_reader.path}: forventer ingenting (oppgi {', '.join(YEAR_KEYS)}).")
        expected |= {f"years.{key}.{name}": value for name, value in values.items()}
        years.append(key)
    return expected, tuple(years)


@register("ledger")
def read(r: Reader) -> tuple[LedgerCase, dict[str, str], str | None]:
    patient_reader = r.mapping("patient")
    patient = read_patient(patient_reader)
    patient_reader.done()
    raw = r.list("dispensings")
    if not raw:
        raise ScenarioFormatError("dispensings: listen er tom; en ledger har minst én utlevering.")
    expected: dict[str, str] = {}
    errors: dict[int, str] = {}
    dispensings: list[Dispensing] = []
    for index, entry in enumerate(raw):
        sub = Reader(entry, f"dispensings[{index}]")
        dispensing, found, error = read_dispensing(sub, patient, index)
        sub.done()
        if dispensings and dispensing.date < dispensings[-1].date:
            raise ScenarioFormatError(
                f"dispensings[{index}]: {dispensing.date.isoformat()} kommer før forrige utlevering "
                f"({dispensings[-1].date.isoformat()}); utleveringene må stå i datorekkefølge.")
        dispensings.append(dispensing)
        expected |= found
        if error is not None:
            errors[index] = error
    years: tuple[int, ...] = ()
    if r.has("expect"):
        e = r.mapping("expect")
        year_expected, years = read_years(e.mapping("years"))
        e.done()
        expected |= year_expected
    if not expected:
        raise ScenarioFormatError("forventer ingenting (oppgi expect i en utlevering eller expect.years).")
    return LedgerCase(patient, dispensings, errors, years), expected, None
