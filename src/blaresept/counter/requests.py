"""What a pharmacy sends to the counter, independent of the API's JSON shape."""

from __future__ import annotations

import datetime as dt
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
    prescription_id: int | None = None
    """The prescription in the register the line is dispensed against."""
    packs: int | None = None
    supply_days: int | None = None
    catalog_priced: bool = False
    """Price, cheapest price and reservation were filled from the catalogue on the date (never typed)."""


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
    registered_on: dt.date | None = None
    """The day it is registered, when later than `date` (a late registration)."""
    late_reason: str | None = None
