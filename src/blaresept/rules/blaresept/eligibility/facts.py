"""What the check is decided from: the request (dispensing, patient, prescriber, prescription line, the
patient's individual decisions) and what the catalogue says about the product on the dates involved.

The catalogue side is filled by blaresept.catalog.check from the FEST release in force on the dispensing date,
with every link, code and condition *and its dates* — the rules decide which of them hold. The rules core never
reads the catalogue itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from blaresept.money import Ore
from blaresept.rules.blaresept.eligibility.dates import Validity
from blaresept.rules.steps import Step

# --- the catalogue -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodedValue:
    """A coded value of a structured condition (e.g. a specialty, Volven 7426)."""

    code: str | None
    text: str | None = None


@dataclass(frozen=True)
class StructuredRequirement:
    """A structured part of a vilkår: its type (Volven 7439; FEST guide v3.5 § 5.8) and values."""

    type_code: str
    type_text: str
    values: tuple[CodedValue, ...] = ()
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConditionFact:
    """A vilkår as the catalogue has it, with the dates it is attached to a refund code (FraDato/TilDato)."""

    number: str | None
    text: str
    applies_to: str | None = None
    """Volven 7438: 1 prescriber, 2 dispenser, 3 both."""
    structured: tuple[StructuredRequirement, ...] = ()
    attached_from: date | None = None
    attached_to: date | None = None


@dataclass(frozen=True)
class RefundCodeFact:
    """A refund code of a group: system ('ICPC-2', 'ICD-10' or 'DMP'), code, text, dates, vilkår."""

    system: str
    code: str
    text: str | None
    validity: Validity
    conditions: tuple[ConditionFact, ...] = ()


@dataclass(frozen=True)
class ReimbursementFact:
    """The product's link to a reimbursement group (with the link's dates), the group's hjemmel (Volven 7427),
    its refund codes and the vilkår on the group itself."""

    hjemmel_code: str | None
    hjemmel_text: str | None
    group_code: str | None
    group_text: str | None
    requires_code: bool
    requires_decision: bool
    link: Validity
    codes: tuple[RefundCodeFact, ...] = ()
    conditions: tuple[ConditionFact, ...] = ()


@dataclass(frozen=True)
class ValidityFact:
    """Reseptgyldighet: an ISO 8601 duration, optionally for one sex (Volven 8459: 1 mann, 2 kvinne)."""

    duration: str
    sex: str | None = None


class ProductKind(StrEnum):
    MEDICINE = "legemiddel"
    CONSUMABLE = "forbruksmateriell"
    NUTRITION = "naringsmiddel"
    PROSTHESIS = "brystprotese"


@dataclass(frozen=True)
class ProductFacts:
    """A package (by varenummer) or a § 5 / § 6 product (by number) with its reimbursements."""

    kind: ProductKind
    number: str
    name: str
    atc: str | None = None
    product_group: str | None = None
    """The 7-digit product group (Volven 7403) of a § 5 / § 6 product."""
    validity: tuple[ValidityFact, ...] = ()
    reimbursements: tuple[ReimbursementFact, ...] = ()
    max_price_per_pack: Ore | None = None
    max_price_per_unit: Ore | None = None
    per_pack: int | None = None
    """Maximum refund prices (Volven 7423 P and E) on the dispensing date, and units per pack."""


@dataclass(frozen=True)
class CatalogFacts:
    """What the catalogue says: the release that answered and the product (None when it is not there)."""

    looked_up: str
    product: ProductFacts | None
    release: datetime | None = None
    release_after_date: bool = False


# --- the request ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientFacts:
    birth_date: date
    sex: str | None = None
    """'mann' or 'kvinne' (Volven 8459 1 and 2), or None when not known."""
    member: bool = True
    """Member of folketrygden (§ 4 does not require it)."""


@dataclass(frozen=True)
class Specialty:
    """An approved specialty of the prescriber (HPR, Volven 7426)."""

    code: str
    name: str


@dataclass(frozen=True)
class PrescriberFacts:
    hpr: str | None = None
    specialties: tuple[Specialty, ...] | None = ()
    """None: not known (structured conditions on specialty are then left to the pharmacy to confirm)."""
    hospital: bool | None = False
    """Writes at a hospital; None: not known."""


@dataclass(frozen=True)
class IndividualDecision:
    """A granted individual decision of the patient (§ 3 drugs, § 6 nutrition), from Helfo case handling
    (blaresept.cases.stonader.individual.granted.GrantedDecision has the same fields) or given by the caller."""

    hjemmel: str
    """'§3' or '§6' (or a Volven 7427 code such as '300', '301', '602')."""
    valid_from: date
    valid_to: date | None = None
    hjemmel_code: str | None = None
    atc: str | None = None
    varenummer: str | None = None
    product_group: str | None = None
    refund_code: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class PrescriptionLine:
    """One item on a blue prescription, as it reaches the pharmacy."""

    written: date
    hjemmel: str
    """As written: '§2', '§3', '§3a', '§3b', '§4', '§5', '§6', or a Volven 7427 code ('200', '501', '603' …)."""
    varenummer: str | None = None
    product_number: str | None = None
    refund_code: str | None = None
    instituted_by: str | None = None
    """The note on who instituted the treatment (a specialist, a hospital department)."""
    discharge_date: date | None = None
    """Discharge from hospital (§ 3 dispensing from a hospital pharmacy before the decision)."""
    product_group: str | None = None
    """The main group or article group (Volven 7403) named on a § 5 / § 6 prescription."""
    supply_days: int | None = None
    quantity: int | None = None
    """Items (stk) dispensed now, for maximum quantities."""
    units_this_year: int | None = None
    """Items of the same article group already dispensed to the patient this calendar year."""
    test_strips_per_day: int | None = None


@dataclass(frozen=True)
class CheckRequest:
    dispensed: date
    patient: PatientFacts
    prescriber: PrescriberFacts
    prescription: PrescriptionLine
    decisions: tuple[IndividualDecision, ...] = ()
    hospital_pharmacy: bool = False


# --- the answer ----------------------------------------------------------------------------------------------------


class ConditionStatus(StrEnum):
    MET = "met"
    UNMET = "unmet"
    TO_CONFIRM = "to_confirm"
    PRESCRIBER = "prescriber"


STATUS_TEXT = {
    ConditionStatus.MET: "oppfylt",
    ConditionStatus.UNMET: "ikke oppfylt",
    ConditionStatus.TO_CONFIRM: "må bekreftes av apoteket",
    ConditionStatus.PRESCRIBER: "forskriverens ansvar",
}


@dataclass(frozen=True)
class ConditionOutcome:
    """How one vilkår came out, and why."""

    number: str | None
    text: str
    status: ConditionStatus
    reason: str


@dataclass(frozen=True)
class EligibilityResult:
    """Reimbursable or not, under which hjemmel, the vilkår that applied, and every step with its reason."""

    reimbursable: bool
    hjemmel_code: str | None
    refund_code: str | None
    conditions: tuple[ConditionOutcome, ...]
    steps: tuple[Step, ...]
    max_refund_price: Ore | None = None
    copay_exempt: bool = False
    product: ProductFacts | None = field(default=None, compare=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The texts of the steps that stood in the way."""
        return tuple(s.text for s in self.steps if s.outputs.get("oppfylt") is False)

    def numbers(self, *statuses: ConditionStatus) -> tuple[str, ...]:
        wanted = set(statuses) or set(ConditionStatus)
        return tuple(c.number or "?" for c in self.conditions if c.status in wanted)
