"""Money helpers: exact øre, no floats, at most two decimals, rounding half up (away from zero)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blaresept.money import MoneyError, format_kr, kroner, percent, rate, round_half_up, to_kroner


@pytest.mark.parametrize(
    ("value", "ore"),
    [("300.00", 30000), ("0.01", 1), ("1.5", 150), (Decimal("123.45"), 12345), (5, 500), ("0", 0),
     ("-2.50", -250), ("1.500", 150)],
)
def test_kroner_gives_exact_ore(value: Decimal | int | str, ore: int) -> None:
    assert kroner(value) == ore


@pytest.mark.parametrize("value", [300.0, 0.1, 1e3])
def test_kroner_refuses_floats(value: float) -> None:
    with pytest.raises(MoneyError, match="flyttall"):
        kroner(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["1.005", Decimal("0.001"), "300.123"])
def test_kroner_refuses_more_than_two_decimals(value: str | Decimal) -> None:
    with pytest.raises(MoneyError, match="flere enn to desimaler"):
        kroner(value)


@pytest.mark.parametrize("value", ["abc", "", "NaN", "Infinity", True])
def test_kroner_refuses_what_is_not_an_amount(value: object) -> None:
    with pytest.raises(MoneyError):
        kroner(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(Fraction(1, 2), 1), (Fraction(3, 2), 2), (Fraction(5, 2), 3), (Fraction(9633, 2), 4817),
     (Fraction(49, 100), 0), (Fraction(51, 100), 1), (Fraction(7), 7), (Fraction(0), 0),
     (Fraction(-1, 2), -1), (Fraction(-49, 100), 0), (Fraction(-3, 2), -2)],
)
def test_round_half_up(value: Fraction, rounded: int) -> None:
    assert round_half_up(value) == rounded


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6))
def test_round_half_up_is_within_half_an_ore(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Fraction(1, 2)
    if abs(rounded - value) == Fraction(1, 2):
        assert abs(rounded) > abs(value)  # halves go away from zero


def test_rate_is_exact_and_refuses_floats() -> None:
    assert rate("0.39") == Fraction(39, 100)
    assert rate(Decimal("0.365")) == Fraction(73, 200)
    with pytest.raises(MoneyError):
        rate(0.39)  # type: ignore[arg-type]


def test_display_forms() -> None:
    assert format_kr(123456) == "1 234,56 kr"
    assert format_kr(5) == "0,05 kr"
    assert format_kr(-250) == "-2,50 kr"
    assert to_kroner(30000) == Decimal("300.00")
    assert percent(Fraction(39, 100)) == "39 %"
    assert percent(Fraction(73, 200)) == "36,5 %"
