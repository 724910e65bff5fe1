"""What is handed out at once at the pharmacy counter, and what the counter price of it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from blaresept.money import Ore
from blaresept.rules.blaresept.copay_period import CopayPeriod
from blaresept.rules.steps import Step


class Hjemmel(StrEnum):
    """The section of blåreseptforskriften a prescription is written under."""

    SECTION_2 = "§2"
    SECTION_3 = "§3"
    SECTION_4 = "§4"
    SECTION_5 = "§5"
    SECTION_6 = "§6"


class Reservation(StrEnum):
    """Who reserved against generic substitution (bytte)."""

    NONE = "none"
    PRESCRIBER = "prescriber"
    PATIENT = "patient"


@dataclass(frozen=True)
class Patient:
    """The person the goods are dispensed to, with the exemption statuses known at the counter."""

    birth_date: date
    minimum_pensioner: bool = False
    frikort: bool = False


@dataclass(frozen=True)
class Line:
    """One item handed out. Prices in øre, including VAT."""

    price: Ore
    cheapest_price: Ore | None = None
    reserved_by: Reservation = Reservation.NONE
    max_refund_price: Ore | None = None


@dataclass(frozen=True)
class Prescription:
    """One blue prescription: who wrote it, when, under which hjemmel, and what is dispensed on it."""

    prescriber: str
    written: date
    hjemmel: Hjemmel
    lines: tuple[Line, ...]
    refund_code: str | None = None
    yrkesskade: bool = False


@dataclass(frozen=True)
class Dispensing:
    """Everything handed out to one patient at once (one utlevering)."""

    date: date
    patient: Patient
    prescriptions: tuple[Prescription, ...]


@dataclass(frozen=True)
class PricedLine:
    """The split of one line: copay counts toward the egenandelstak, patient_extra does not."""

    prescription: int
    line: int
    price: Ore
    basis: Ore
    mellomlegg: Ore
    above_max_refund: Ore
    copay: Ore
    helfo: Ore
    group: str | None

    @property
    def patient_extra(self) -> Ore:
        return self.mellomlegg + self.above_max_refund


@dataclass(frozen=True)
class CopayGroup:
    """Lines whose copay shares one maximum: one prescription group (to 2025) or the dispensing (2026–)."""

    key: str
    label: str
    basis: Ore
    uncapped: Ore
    maximum: Ore
    copay: Ore
    paid_before: Ore = 0
    """Copay already paid in the group's egenandelsperiode before this dispensing (2009–2025)."""
    period: CopayPeriod | None = None
    """The egenandelsperiode after this dispensing (its paid includes this copay); None without periods."""

    @property
    def limit(self) -> Ore:
        """The most this dispensing's group copay could be: the maximum, less what the period has paid."""
        return max(0, self.maximum - self.paid_before)

    @property
    def capped(self) -> bool:
        return self.uncapped > self.limit


@dataclass(frozen=True)
class PricedDispensing:
    """The counter price of a dispensing, line by line and in total, with its explanation."""

    date: date
    lines: tuple[PricedLine, ...]
    groups: tuple[CopayGroup, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def price(self) -> Ore:
        return sum(line.price for line in self.lines)

    @property
    def copay(self) -> Ore:
        return sum(line.copay for line in self.lines)

    @property
    def patient_extra(self) -> Ore:
        return sum(line.patient_extra for line in self.lines)

    @property
    def helfo(self) -> Ore:
        return sum(line.helfo for line in self.lines)

    @property
    def patient_total(self) -> Ore:
        return self.copay + self.patient_extra
