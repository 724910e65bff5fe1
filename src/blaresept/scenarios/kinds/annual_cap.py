"""kind: annual_cap — a person's calendar year of counted copays (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass

from blaresept.rules.egenandelstak.annual_cap import CountedCopay, FamilyMember, annual_cap
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_date, show_money
from blaresept.scenarios.reader import Reader, ScenarioFormatError


@dataclass
class AnnualCapCase:
    year: int
    copays: tuple[CountedCopay, ...]
    family: tuple[FamilyMember, ...]

    def run(self) -> Run:
        result = annual_cap(self.year, self.copays, family=self.family)
        actual = {
            "total_counted": show_money(result.total_counted),
            "frikort_from": show_date(result.frikort_from),
            "refund": show_money(result.refund),
        }
        return Run(actual, result.steps, result)


def read_copay(r: Reader) -> CountedCopay:
    return CountedCopay(date=r.date("date"), amount=r.money("amount"))


def read_member(r: Reader) -> FamilyMember:
    return FamilyMember(birth_date=r.date("birth_date"), copays=tuple(r.items("copays", read_copay)))


@register("annual_cap")
def read(r: Reader) -> tuple[AnnualCapCase, dict[str, str], str | None]:
    year = r.integer("year")
    if r.has("patient"):  # the person whose year it is; the same keys as a pricing scenario's patient
        patient = r.mapping("patient")
        patient.date("birth_date")
        patient.boolean("minimum_pensioner", False)
        patient.boolean("frikort", False)
        patient.done()
    copays = tuple(r.items("copays", read_copay))
    family = tuple(r.items("family", read_member, [])) if r.has("family") else ()
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    if e.has("total_counted"):
        expected["total_counted"] = show_money(e.money("total_counted"))
    if e.has("frikort_from"):
        expected["frikort_from"] = show_date(e.optional_date("frikort_from"))
    if e.has("refund"):
        expected["refund"] = show_money(e.money("refund"))
    error = e.text("error", None)
    e.done()
    if not expected and error is None:
        raise ScenarioFormatError(
            "expect: forventer ingenting (oppgi total_counted, frikort_from, refund eller error)."
        )
    return AnnualCapCase(year, copays, family), expected, error
