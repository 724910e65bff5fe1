"""The bidrag rules explain themselves: every step cites folketrygdloven § 5-22 (or fvl for the processing time),
the computation names the rundskriv chapter, and a parameter year without a source is refused, not guessed."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.money import kroner
from blaresept.rules.bidrag.compute import claim_deadline, compute_bidrag
from blaresept.rules.bidrag.model import Claim, Expense, Person, Purpose, Relation
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import default_parameters


def _person(pid: str, born: date, relation: Relation, amount: str, day: date) -> Person:
    return Person(pid, born, relation, (Expense(Purpose.HUDLIDELSER, day, kroner(amount)),))


def test_family_example_explains_each_step_with_its_source() -> None:
    claim = Claim(2024, date(2025, 3, 1), (
        _person("A", date(1985, 2, 2), Relation.APPLICANT, "3000.00", date(2024, 2, 1)),
        _person("B", date(1986, 3, 3), Relation.SPOUSE, "4000.00", date(2024, 5, 1)),
        _person("C", date(2015, 6, 6), Relation.CHILD, "5000.00", date(2024, 9, 1)),
    ))
    result = compute_bidrag(claim, default_parameters())
    assert result.payout == 886410 and result.pooled == ("A", "B", "C")
    assert all(str(s.reference) == "folketrygdloven § 5-22" for s in result.steps)
    pooling = next(s for s in result.steps if s.rule == "bidrag.family_pooling")
    assert "rundskriv til § 5-22 kap. 4" in pooling.text and "2 151,00 kr" in pooling.text
    minimum = next(s for s in result.steps if s.rule == "bidrag.minimum_amount")
    assert minimum.parameters[0].effective == date(2024, 1, 1) and minimum.parameters[0].sources


def test_claim_deadline_is_30_june_the_next_year() -> None:
    assert claim_deadline(2023, default_parameters())[0] == date(2024, 6, 30)
    assert claim_deadline(2024, default_parameters())[0] == date(2025, 6, 30)


@pytest.mark.parametrize("year", [2010, 2014, 2022, 2025, 2026])
def test_a_year_without_a_sourced_minimum_is_refused(year: int) -> None:
    claim = Claim(year, date(year + 1, 1, 10), (
        _person("A", date(1985, 2, 2), Relation.APPLICANT, "3000.00", date(year, 2, 1)),))
    with pytest.raises(RuleInputError, match=f"ingen kildebelagt minstebeløp for bidrag i {year}"):
        compute_bidrag(claim, default_parameters())
