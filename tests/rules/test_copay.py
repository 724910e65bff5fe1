"""The copay rule pieces: allocation over lines, grouping, the group copay with rounding and the maximum."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blaresept.rules.blaresept.copay import (
    PER_DISPENSING,
    PER_PRESCRIPTION_GROUP,
    allocate,
    copay_terms,
    group_copay,
    group_key,
)
from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import default_parameters

PARAMS = default_parameters()


def test_allocate_examples() -> None:
    assert allocate(52000, [100000, 60000]) == [32500, 19500]
    assert allocate(8736, [12350, 10050]) == [4817, 3919]  # 4 816,5 øre rounds up
    assert allocate(100, [1, 1, 1]) == [33, 34, 33]
    assert allocate(0, [500, 700]) == [0, 0]
    assert allocate(0, [0, 0]) == [0, 0]
    assert allocate(7, [0, 10, 0]) == [0, 7, 0]
    assert allocate(5, []) == []


@given(st.integers(0, 10**7), st.lists(st.integers(0, 10**7), min_size=1, max_size=8))
def test_allocate_adds_up_and_stays_within_one_ore_of_the_exact_share(total: int, bases: list[int]) -> None:
    shares = allocate(total, bases)
    whole = sum(bases)
    if whole == 0:
        assert shares == [0] * len(bases)
        return
    assert sum(shares) == total
    for share, basis in zip(shares, bases, strict=True):
        assert share >= 0
        assert abs(share - Fraction(total * basis, whole)) < 1
        if basis == 0:
            assert share == 0


@pytest.mark.parametrize(
    ("on", "rate", "maximum", "applies_to"),
    [(date(2009, 1, 1), Fraction(36, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2009, 12, 31), Fraction(36, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2010, 1, 1), Fraction(38, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2015, 12, 31), Fraction(38, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2016, 1, 1), Fraction(39, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2022, 12, 31), Fraction(39, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2023, 1, 1), Fraction(50, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2025, 12, 31), Fraction(50, 100), 52000, PER_PRESCRIPTION_GROUP),
     (date(2026, 1, 1), Fraction(60, 100), 40000, PER_DISPENSING),
     (date(2026, 12, 31), Fraction(60, 100), 40000, PER_DISPENSING)],
)
def test_copay_terms_on_both_sides_of_each_change(on: date, rate: Fraction, maximum: int, applies_to: str) -> None:
    """rules-facts.md § 1 and § 6."""
    terms = copay_terms(on, PARAMS)
    assert (terms.rate, terms.maximum, terms.applies_to) == (rate, maximum, applies_to)


def test_group_copay_rounds_half_up_then_caps() -> None:
    terms = copay_terms(date(2016, 6, 6), PARAMS)
    assert group_copay(12350, terms) == (4817, 4817)  # 39 % of 123,50 = 48,165
    assert group_copay(160000, terms) == (62400, 52000)
    assert group_copay(0, terms) == (0, 0)


def _prescription(prescriber: str, written: date) -> Prescription:
    return Prescription(prescriber, written, Hjemmel.SECTION_2, (Line(10000),))


def test_group_key_is_prescriber_and_date_until_2025_and_the_dispensing_from_2026() -> None:
    before = copay_terms(date(2025, 12, 31), PARAMS)
    after = copay_terms(date(2026, 1, 1), PARAMS)
    a1 = _prescription("HPR 1", date(2025, 12, 1))
    a1_padded = _prescription("  HPR 1 ", date(2025, 12, 1))
    a2 = _prescription("HPR 1", date(2025, 12, 2))
    b1 = _prescription("HPR 2", date(2025, 12, 1))
    assert group_key(before, a1)[0] == group_key(before, a1_padded)[0]
    assert len({group_key(before, p)[0] for p in (a1, a2, b1)}) == 3
    assert len({group_key(after, p)[0] for p in (a1, a2, b1)}) == 1


def test_a_prescription_without_prescriber_cannot_be_grouped_before_2026() -> None:
    with pytest.raises(RuleInputError, match="mangler forskriver"):
        group_key(copay_terms(date(2020, 1, 1), PARAMS), _prescription(" ", date(2020, 1, 1)))
    assert group_key(copay_terms(date(2026, 1, 1), PARAMS), _prescription(" ", date(2026, 1, 1)))[0] == "utlevering"


def test_an_empty_dispensing_is_refused() -> None:
    with pytest.raises(RuleInputError, match="ingen resepter"):
        price_dispensing(Dispensing(date(2020, 1, 1), Patient(date(1970, 1, 1)), ()))
    with pytest.raises(RuleInputError, match="ingen varer"):
        price_dispensing(Dispensing(date(2020, 1, 1), Patient(date(1970, 1, 1)),
                                    (Prescription("A", date(2020, 1, 1), Hjemmel.SECTION_2, ()),)))
