"""What a pharmacy sends to the counter, independent of the API's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from blaresept.money import Ore
from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation


@dataclass(frozen=True)
class LineRequest:
    price: Ore
    cheapest_price: Ore | None = None
    reserved_by: Reservation = Reservation.NONE
    max_refund_price: Ore | None = None
    varenummer: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class PrescriptionRequest:
    prescriber: str
    written: date
    hjemmel: Hjemmel
    lines: tuple[LineRequest, ...]
    refund_code: str | None = None
    yrkesskade: bool = False
    prescriber_specialties: tuple[str, ...] | None = None
    """Volven 7426 codes of the prescriber's specialties; None when not known."""
    prescriber_hospital: bool | None = None
    instituted_by: str | None = None


@dataclass(frozen=True)
class DispenseRequest:
    fnr: str
    date: date
    prescriptions: tuple[PrescriptionRequest, ...] = field(default=())
