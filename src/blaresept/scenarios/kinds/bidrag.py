"""kind: bidrag — a claim for bidrag under folketrygdloven § 5-22 for one calendar year (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass

from blaresept.rules.bidrag.compute import compute_bidrag
from blaresept.rules.bidrag.model import Claim, Expense, Person, Purpose, Relation
from blaresept.rules.parameters import default_parameters
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_money
from blaresept.scenarios.reader import Reader, ScenarioFormatError

PURPOSES = tuple(p.value for p in Purpose)
RELATIONS = tuple(r.value for r in Relation)


@dataclass
class BidragCase:
    claim: Claim

    def run(self) -> Run:
        result = compute_bidrag(self.claim, default_parameters())
        actual = {"payout": show_money(result.payout), "late": str(result.late).lower()}
        actual |= {f"persons.{k}": show_money(v) for k, v in result.per_person.items()}
        return Run(actual, result.steps, result)


def read_expense(r: Reader) -> Expense:
    expense = Expense(Purpose(r.choice("purpose", PURPOSES)), r.date("date"), r.money("amount"))
    r.done()
    return expense


def read_person(r: Reader) -> Person:
    previously = r.list("previously_paid", [])
    for value in previously:
        if value not in PURPOSES:
            raise ScenarioFormatError(f"{r.path}.previously_paid: ukjent formål «{value}».")
    person = Person(
        id=r.text("id"), birth_date=r.date("birth_date"), relation=Relation(r.choice("relation", RELATIONS)),
        expenses=tuple(r.items("expenses", read_expense, [])), yrkesskade=r.boolean("yrkesskade", False),
        hvit_resept_transition=r.boolean("hvit_resept_transition", False),
        previously_paid=frozenset(Purpose(v) for v in previously),
    )
    r.done()
    return person


@register("bidrag")
def read(r: Reader) -> tuple[BidragCase, dict[str, str], str | None]:
    claim = Claim(year=r.integer("year"), received=r.date("received"),
                  persons=tuple(r.items("persons", read_person)), low_income=r.boolean("low_income", False))
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    if e.has("payout"):
        expected["payout"] = show_money(e.money("payout"))
    if e.has("late"):
        expected["late"] = str(e.boolean("late")).lower()
    if e.has("persons"):
        people = e.mapping("persons")
        for key in list(people.data):
            expected[f"persons.{key}"] = show_money(people.money(key))
        people.done()
    error = e.text("error", None)
    e.done()
    if not expected and error is None:
        raise ScenarioFormatError("expect: forventer ingenting (oppgi payout, persons, late eller error).")
    return BidragCase(claim), expected, error
