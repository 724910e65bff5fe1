"""Exact money: amounts are integer øre, rates exact fractions, rounding stated where a rule rounds."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

Ore = int
"""An amount of money in øre (1 krone = 100 øre). Never a float."""


class MoneyError(ValueError):
    """A malformed amount; the message is in bokmål."""


def kroner(value: Decimal | int | str) -> Ore:
    """Exact øre from an amount in kroner with at most two decimals ("300.00" → 30000)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError(f"Beløpet {value!r} må oppgis som et eksakt tall, ikke flyttall.")
    try:
        amount = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"«{value}» er ikke et gyldig beløp i kroner.") from exc
    if not amount.is_finite():
        raise MoneyError(f"«{value}» er ikke et gyldig beløp i kroner.")
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise MoneyError(f"Beløpet {value} kr har flere enn to desimaler (øre).")
    return int(ore)


def to_kroner(amount: Ore) -> Decimal:
    """The amount in kroner as an exact Decimal with two decimals (30000 → Decimal('300.00'))."""
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


def format_kr(amount: Ore) -> str:
    """Norwegian display form: '1 234,56 kr' (non-breaking thin spaces are avoided for terminals)."""
    sign = "-" if amount < 0 else ""
    whole, ore = divmod(abs(amount), 100)
    grouped = f"{whole:,}".replace(",", " ")
    return f"{sign}{grouped},{ore:02d} kr"


def round_half_up(value: Fraction) -> int:
    """Round an exact fraction of øre to whole øre, halves away from zero (0.5 øre → 1 øre)."""
    if value >= 0:
        return int((value + Fraction(1, 2)).__floor__())
    return -int((-value + Fraction(1, 2)).__floor__())


def rate(value: Decimal | str | int | Fraction) -> Fraction:
    """An exact rate from its decimal form ("0.39" → 39/100)."""
    if isinstance(value, float):
        raise MoneyError(f"Satsen {value!r} må oppgis eksakt, ikke som flyttall.")
    return Fraction(value) if not isinstance(value, Decimal) else Fraction(value)


def percent(value: Fraction) -> str:
    """A rate shown as Norwegian percent ('39 %', '36,5 %')."""
    pct = value * 100
    if pct.denominator == 1:
        return f"{pct.numerator} %"
    return f"{Decimal(pct.numerator) / Decimal(pct.denominator):.2f}".rstrip("0").replace(".", ",") + " %"
