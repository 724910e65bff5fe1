"""What a bidrag claim holds and what the computation gives back. Amounts are integer øre."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from blaresept.money import Ore
from blaresept.rules.steps import Step


class Purpose(StrEnum):
    """The bidrag purposes Blåresept computes (codes as in the scenario format)."""

    HUDLIDELSER = "hudlidelser"
    SAR_OG_FISTLER = "sar_og_fistler"
    LEGEMIDLER_HVIT_RESEPT = "legemidler_hvit_resept"
    KREFT_IMMUNSVIKT = "kreft_immunsvikt"
    CYSTISK_FIBROSE = "cystisk_fibrose"
    MADRASSOVERTREKK = "madrassovertrekk"
    PUTEOVERTREKK = "puteovertrekk"
    BRYSTPUMPE = "brystpumpe"
    RIDEFYSIOTERAPI = "ridefysioterapi"


PURPOSE_LABELS = {
    Purpose.HUDLIDELSER: "salver, kremer og oljer ved hudlidelser",
    Purpose.SAR_OG_FISTLER: "bandasjer og forbruksmateriell ved kroniske sår og fistler",
    Purpose.LEGEMIDLER_HVIT_RESEPT: "legemidler på hvit resept",
    Purpose.KREFT_IMMUNSVIKT: "utstyr og legemidler ved kreft og immunsvikt",
    Purpose.CYSTISK_FIBROSE: "forbruksmateriell ved cystisk fibrose",
    Purpose.MADRASSOVERTREKK: "madrassovertrekk ved middallergi",
    Purpose.PUTEOVERTREKK: "puteovertrekk ved middallergi",
    Purpose.BRYSTPUMPE: "elektrisk brystpumpe",
    Purpose.RIDEFYSIOTERAPI: "ridefysioterapi",
}

# Within one person these count as one purpose with one minstebeløp (rundskriv kap. 4).
ONE_PURPOSE = (Purpose.HUDLIDELSER, Purpose.SAR_OG_FISTLER, Purpose.LEGEMIDLER_HVIT_RESEPT, Purpose.KREFT_IMMUNSVIKT)
# Only these may be pooled in a family (helsenorge.no «Helfos bidragsordningar», 2024; seed 000 points 2 and 3).
POOLED = (Purpose.HUDLIDELSER, Purpose.SAR_OG_FISTLER, Purpose.LEGEMIDLER_HVIT_RESEPT)


class Relation(StrEnum):
    APPLICANT = "applicant"
    SPOUSE = "spouse"
    COHABITANT = "cohabitant"
    PARTNER = "partner"
    CHILD = "child"


RELATION_LABELS = {Relation.APPLICANT: "søker", Relation.SPOUSE: "ektefelle", Relation.COHABITANT: "samboer",
                   Relation.PARTNER: "registrert partner", Relation.CHILD: "barn"}


@dataclass(frozen=True)
class Expense:
    """One receipt: what it was for, the purchase (or treatment) date, the amount paid."""

    purpose: Purpose
    date: date
    amount: Ore


@dataclass(frozen=True)
class Person:
    """The applicant or a family member claimed together. `yrkesskade`: Helfo has established that the expenses
    are caused by a recognised yrkesskade (full cover). `hvit_resept_transition`: the person had bidrag to the
    same drugs on hvit resept every year since 2017 (the transition rule). `previously_paid`: one-time purposes
    already paid to the person."""

    id: str
    birth_date: date
    relation: Relation
    expenses: tuple[Expense, ...] = ()
    yrkesskade: bool = False
    hvit_resept_transition: bool = False
    previously_paid: frozenset[Purpose] = frozenset()


@dataclass(frozen=True)
class Claim:
    """A claim for one calendar year. `low_income`: Helfo has established that the income (a couple's together; a
    child's parents') is not above the level that gives full cover (rundskriv kap. 4)."""

    year: int
    received: date
    persons: tuple[Person, ...]
    low_income: bool = False


@dataclass(frozen=True)
class Line:
    """The bidrag for one purpose (or the one-purpose group) of one person."""

    person: str
    purpose: str  # a Purpose value, or "samlet" for the one-purpose group
    label: str
    expenses: Ore
    counted: Ore  # what the rule counts (refused receipts left out)
    deduction: Ore  # the minstebeløp this line bears
    share_text: str  # "90 %" or "100 %"
    payout: Ore
    text: str


@dataclass(frozen=True)
class BidragResult:
    year: int
    received: date
    deadline: date
    late: bool
    minimum: Ore | None
    pooled: tuple[str, ...]  # the persons whose amounts were pooled (empty: no pooling)
    lines: tuple[Line, ...]
    per_person: dict[str, Ore]
    payout: Ore
    refused: tuple[str, ...]  # bokmål reasons for receipts not covered
    steps: tuple[Step, ...] = field(default_factory=tuple)
