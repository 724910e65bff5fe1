"""The price basis: mellomlegg, prescriber reservation, the maximum refund price, refused lines."""

from __future__ import annotations

import pytest

from blaresept.rules.blaresept.dispensing import Line, Reservation
from blaresept.rules.blaresept.price_basis import PriceBasis, price_basis
from blaresept.rules.errors import RuleInputError


@pytest.mark.parametrize(
    ("line", "expected"),
    [(Line(30000), PriceBasis(30000, 0, 0)),
     (Line(30000, 20000, Reservation.PATIENT), PriceBasis(20000, 10000, 0)),
     (Line(30000, 20000, Reservation.PRESCRIBER), PriceBasis(30000, 0, 0)),
     (Line(30000, 20000, Reservation.NONE), PriceBasis(30000, 0, 0)),
     (Line(30000, 35000, Reservation.PATIENT), PriceBasis(30000, 0, 0)),   # "cheapest" dearer: no mellomlegg
     (Line(30000, 20000, Reservation.PATIENT, 25000), PriceBasis(20000, 10000, 0)),  # issue example
     (Line(30000, 20000, Reservation.PATIENT, 15000), PriceBasis(15000, 10000, 5000)),
     (Line(80000, None, Reservation.NONE, 60000), PriceBasis(60000, 0, 20000)),
     (Line(0), PriceBasis(0, 0, 0))],
)
def test_price_basis(line: Line, expected: PriceBasis) -> None:
    assert price_basis(line) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [(Line(-1), "negativ"),
     (Line(100, -1, Reservation.PATIENT), "negativ"),
     (Line(100, None, Reservation.NONE, -5), "negativ"),
     (Line(100, None, Reservation.PATIENT), "mellomlegget kan ikke beregnes")],
)
def test_lines_that_cannot_be_priced_are_refused(line: Line, message: str) -> None:
    with pytest.raises(RuleInputError, match=message):
        price_basis(line)
