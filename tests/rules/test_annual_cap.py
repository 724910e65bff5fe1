"""The yearly cap (folketrygdloven § 5-3): the tak of each year, the date it is reached, the refund of the
overshoot with the bagatellgrense (50 kr to 2012, 100 kr in 2013, 200 kr 2014–2021, none from 2022), and the
2009 family pooling."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blaresept.rules.egenandelstak.annual_cap import CountedCopay, FamilyMember, annual_cap
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope

# rules-facts.md § 2, in kroner
TAK = {2009: 1780, 2010: 1840, 2011: 1880, 2012: 1980, 2013: 2040, 2014: 2105, 2015: 2185, 2016: 2185,
       2017: 2205, 2018: 2258, 2019: 2369, 2020: 2460, 2021: 2460, 2022: 2921, 2023: 3040, 2024: 3165,
       2025: 3278, 2026: 3278}


def c(day: str, ore: int) -> CountedCopay:
    return CountedCopay(date.fromisoformat(day), ore)


@pytest.mark.parametrize("year", sorted(TAK))
def test_the_tak_of_every_year(year: int) -> None:
    assert annual_cap(year, []).tak == TAK[year] * 100


# ftrl § 22-19 (rules-facts.md § 10): 50 kr from 2002, 100 kr from 2013, 200 kr from 2014, none from 2022; in øre
THRESHOLD = {year: 5000 if year <= 2012 else 10000 if year == 2013 else 20000 if year <= 2021 else None
             for year in TAK}


@pytest.mark.parametrize("year", sorted(TAK))
def test_an_overshoot_just_under_the_threshold_is_not_refunded_and_at_it_is(year: int) -> None:
    tak = TAK[year] * 100
    threshold = THRESHOLD[year]
    under = (threshold or 20000) - 1
    result = annual_cap(year, [c(f"{year}-03-01", tak - 100), c(f"{year}-09-01", 100 + under)])
    assert result.overshoot == under
    assert result.frikort_from == date(year, 9, 1)
    assert result.refund == (under if threshold is None else 0)
    at = annual_cap(year, [c(f"{year}-03-01", tak + (threshold or 1))])
    assert at.refund == (threshold or 1)  # "under the threshold" is not refunded; the threshold itself is


def test_the_threshold_was_not_200_kr_before_2014() -> None:
    """Before 2014 an overshoot of 150 kr was refunded (50 kr limit to 2012, 100 kr in 2013)."""
    for year in (2009, 2012, 2013):
        result = annual_cap(year, [c(f"{year}-05-01", TAK[year] * 100 + 15000)])
        assert result.refund == 15000
    assert annual_cap(2014, [c("2014-05-01", TAK[2014] * 100 + 15000)]).refund == 0


def test_reached_on_the_copay_that_brings_the_total_to_the_tak() -> None:
    result = annual_cap(2019, [c("2019-01-10", 100000), c("2019-06-01", 136900), c("2019-06-01", 5000)])
    assert result.frikort_from == date(2019, 6, 1)
    assert result.total_counted == 241900
    below = annual_cap(2019, [c("2019-01-10", 236899)])
    assert below.frikort_from is None and below.overshoot == 0 and below.refund == 0


def test_family_pooling_counts_a_child_only_while_under_16_in_2009() -> None:
    child = FamilyMember(date(1993, 6, 15), (c("2009-03-01", 40000), c("2009-07-01", 40000)))
    result = annual_cap(2009, [c("2009-02-01", 52000), c("2009-08-01", 52000)], family=[child])
    # the child is 15 on 1 March (pooled) and 16 on 1 July (not pooled)
    assert result.total_counted == 52000 + 40000 + 52000
    assert result.frikort_from is None
    pooled_step = next(s for s in result.steps if s.rule == "egenandelstak.family_pooling")
    assert pooled_step.outputs["pooled"] == 40000


def test_no_family_pooling_from_2010() -> None:
    child = FamilyMember(date(1996, 1, 1), (c("2010-03-01", 100000),))
    result = annual_cap(2010, [c("2010-02-01", 100000)], family=[child])
    assert result.total_counted == 100000
    assert next(s for s in result.steps if s.rule == "egenandelstak.family_pooling").outcome == "ikke_samlet"


@pytest.mark.parametrize(
    ("copays", "message"),
    [([c("2020-01-02", 100)], "hører ikke til kalenderåret 2019"),
     ([c("2019-05-01", -1)], "negativ"),
     ([c("2019-05-01", 100), c("2019-04-01", 100)], "datorekkefølge")],
)
def test_bad_copays_are_refused(copays: list[CountedCopay], message: str) -> None:
    with pytest.raises(RuleInputError, match=message):
        annual_cap(2019, copays)


def test_family_copays_are_checked_too() -> None:
    with pytest.raises(RuleInputError, match="hører ikke til kalenderåret"):
        annual_cap(2009, [], family=[FamilyMember(date(1996, 1, 1), (c("2010-01-01", 100),))])


def test_a_year_before_2009_is_out_of_scope() -> None:
    with pytest.raises(OutOfScope, match="ligger før første formaliserte verdi"):
        annual_cap(2008, [c("2008-05-05", 52000)])


amounts = st.integers(0, 60000)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(TAK)), st.lists(st.tuples(st.integers(1, 365), amounts), max_size=12))
def test_cap_properties(year: int, raw: list[tuple[int, int]]) -> None:
    days = sorted(raw)
    copays = [CountedCopay(date.fromordinal(date(year, 1, 1).toordinal() + min(d, 364) - 1), a) for d, a in days]
    result = annual_cap(year, copays)
    tak = TAK[year] * 100
    assert result.total_counted == sum(x.amount for x in copays)
    assert result.overshoot == max(0, result.total_counted - tak)
    assert 0 <= result.refund <= result.overshoot
    running = 0
    expected = None
    for copay in copays:
        running += copay.amount
        if expected is None and running >= tak:
            expected = copay.date
    assert result.frikort_from == expected
