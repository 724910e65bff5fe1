"""What a doctor sends Helfo when applying for individual stønad, and the result types the rules share.

The fields follow Helfo's page for doctors (shared/seeds/001_…, «Opplysninger som må være med i søknaden»)
and the 2009 workflow (shared/seeds/004_…, «Veiledning ved utfylling av søknad om refusjon»). Every field a
person fills in is free text in bokmål; every choice is an English code with a bokmål label (LABELS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from blaresept.rules.law import LegalReference


class Kind(StrEnum):
    """What is applied for: a drug under § 3 or nutrition under § 6."""

    DRUG = "drug"
    NUTRITION = "nutrition"


class SeverityGrade(StrEnum):
    """The doctor's grading of the disease's severity (from 2018)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"


class WeightyReason(StrEnum):
    """The weighty medical reasons (tungtveiende medisinske hensyn) a pre-approved drug cannot be used."""

    LACK_OF_EFFECT = "lack_of_effect"
    SIDE_EFFECTS = "side_effects"
    CONTRAINDICATION = "contraindication"
    COMPLIANCE = "compliance"
    OTHER = "other"


class Indication(StrEnum):
    """Whether the use applied for is within an approved indication."""

    APPROVED_NORWAY = "approved_norway"
    APPROVED_EEA = "approved_eea"  # approved in another EU/EEA country, not in Norway
    OFF_LABEL = "off_label"  # outside every approved indication in Norway and the EU/EEA


class MethodAssessment(StrEnum):
    """The state of the method assessment (metodevurdering, legemiddelforskriften § 14-3) of a new drug."""

    NONE = "none"
    PENDING = "pending"
    MET = "met"  # the priority criteria are met at group level
    NOT_MET = "not_met"  # assessed, but the criteria are not met at group level (§ 14-5)


LABELS: dict[str, str] = {
    Kind.DRUG: "legemiddel (§ 3)",
    Kind.NUTRITION: "næringsmiddel (§ 6)",
    SeverityGrade.LOW: "lav",
    SeverityGrade.MODERATE: "moderat",
    SeverityGrade.HIGH: "høy",
    SeverityGrade.VERY_HIGH: "svært høy",
    WeightyReason.LACK_OF_EFFECT: "manglende effekt",
    WeightyReason.SIDE_EFFECTS: "uakseptable bivirkninger",
    WeightyReason.CONTRAINDICATION: "kontraindikasjoner",
    WeightyReason.COMPLIANCE: "betydelige complianceproblemer",
    WeightyReason.OTHER: "annen grunn",
    Indication.APPROVED_NORWAY: "godkjent indikasjon i Norge",
    Indication.APPROVED_EEA: "godkjent indikasjon i et annet EU/EØS-land",
    Indication.OFF_LABEL: "utenfor godkjent indikasjon",
    MethodAssessment.NONE: "ikke metodevurdert",
    MethodAssessment.PENDING: "metodevurdering pågår",
    MethodAssessment.MET: "metodevurdert, vilkårene oppfylt",
    MethodAssessment.NOT_MET: "metodevurdert, vilkårene ikke oppfylt på gruppenivå",
}

WEIGHTY_REASONS = (WeightyReason.LACK_OF_EFFECT, WeightyReason.SIDE_EFFECTS, WeightyReason.CONTRAINDICATION,
                   WeightyReason.COMPLIANCE)
"""The four reasons Helfo's page lists; OTHER must be judged by a caseworker."""

ADDICTIVE_GROUPS = ("A", "B")
"""Reseptgrupper (Volven 7421) of addictive drugs with extra conditions."""


@dataclass(frozen=True)
class RequestedDrug:
    """One drug applied for."""

    name: str
    atc: str | None = None
    varenummer: str | None = None
    reseptgruppe: str = "C"
    marketed_in_norway: bool = True
    marketing_authorisation: date | None = None  # the date of the Norwegian marketing authorisation
    marketing_application_pending: bool = False  # an MT application is under review in Norway or at EMA
    indication: Indication = Indication.APPROVED_NORWAY
    orphan: bool = False
    vedlegg1: bool = False  # vedlegg 1 to § 5-14 has guidelines for this drug at this diagnosis
    method_assessment: MethodAssessment | None = None
    substance_and_manufacturer: str | None = None  # for a drug not marketed in Norway (2009 text)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.atc})" if self.atc else self.name

    @property
    def addictive(self) -> bool:
        return self.reseptgruppe.upper() in ADDICTIVE_GROUPS


@dataclass(frozen=True)
class Diagnosis:
    """The diagnosis, in words and code, and what the doctor says about its refund code."""

    system: str  # "ICD-10" or "ICPC-2"
    code: str
    text: str
    section2_refund_code: bool = False  # the code is a refusjonskode under § 2
    specialist_condition: bool = False  # the refusjonskode has a specialist vilkår for every drug on the list
    obviously_severe: bool = False  # commonly known to carry a high risk of death or lasting loss of function

    @property
    def refund_code(self) -> str:
        return f"{self.system}:{self.code}"


@dataclass(frozen=True)
class Severity:
    """The doctor's description of how severe the disease is (needed from 2018 unless exempt)."""

    grade: SeverityGrade | None = None
    risk_of_death_or_loss_of_function: str = ""
    loss_of_function: str = ""
    pain_or_discomfort: str = ""
    related_illnesses: str = ""


@dataclass(frozen=True)
class NeedPeriod:
    """A period of planned or ongoing treatment; `end` None means ongoing (lifelong or until further notice)."""

    start: date
    end: date | None = None
    drug: str | None = None


@dataclass(frozen=True)
class TriedDrug:
    """A drug tried before, and why it cannot be used."""

    name: str
    reason: WeightyReason | None = None
    description: str = ""
    atc: str | None = None


@dataclass(frozen=True)
class Applicant:
    """The doctor who applies on the patient's behalf, as known from HPR and the application."""

    hpr: str
    name: str
    authorised: bool = True  # authorised as a doctor in Norway (HPR)
    specialist_in_field: bool = False  # specialist in the disease's field or an adjacent field
    specialty: str | None = None
    hospital_department: str | None = None  # a relevant hospital department the doctor works at
    may_prescribe_ab: bool = True  # has the right to prescribe reseptgruppe A/B drugs
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    instituted_by: str | None = None  # the specialist or department that started the treatment (2009 rule)

    @property
    def qualified_specialist(self) -> bool:
        return self.specialist_in_field or bool(self.hospital_department)


@dataclass(frozen=True)
class AddictiveStatement:
    """The extra content for drugs in reseptgruppe A or B."""

    dependence_risk_subordinate: bool = False  # the risk of dependence is subordinate to the need
    treatment_plan: str = ""
    pain_analysis: str = ""  # needed at chronic, strong pain


@dataclass(frozen=True)
class NutritionProduct:
    """A nutrition product: its name, its Volven 7403 article group, and whether it is on Helfo's list."""

    name: str
    article_group: str | None = None
    on_list: bool = True


@dataclass(frozen=True)
class NutritionRequest:
    """What a § 6 application asks for."""

    point: int  # § 6 første ledd punkt 1, 2, 3 or 4
    condition: str | None = None  # Volven 7454 (1–6)
    products: tuple[NutritionProduct, ...] = ()
    reason_other_than_hydrolysed: str | None = None
    justification_off_list: str | None = None
    congenital_metabolic: bool = False  # from 2025-12-01: a congenital metabolic disease, no approval needed


@dataclass(frozen=True)
class Application:
    """One application for individual stønad, as received."""

    kind: Kind
    received: date
    patient_birth_date: date
    applicant: Applicant
    consent: bool = False
    diagnosis: Diagnosis | None = None
    drugs: tuple[RequestedDrug, ...] = ()
    severity: Severity | None = None
    need: tuple[NeedPeriod, ...] = ()
    tried: tuple[TriedDrug, ...] = ()
    no_preapproved_alternative: str | None = None  # why there is no pre-approved drug to try
    addictive: AddictiveStatement | None = None
    chronic_strong_pain: bool = False
    special_circumstances: str | None = None  # why the patient differs clearly from the group (§ 3 tredje ledd)
    effect_documentation: str | None = None  # published documentation of effect (off-label, not marketed)
    eea_approval_documentation: str | None = None  # documentation of the approval in another EU/EEA country
    nutrition: NutritionRequest | None = None
    serious_illness: bool = False  # the doctor asks for priority: serious or life-threatening illness
    note: str = ""


@dataclass(frozen=True)
class MissingItem:
    """Something the application lacks, named in bokmål, with the provision that asks for it."""

    code: str
    text: str
    reference: LegalReference


class Status(StrEnum):
    """How one condition stands."""

    MET = "met"
    NOT_MET = "not_met"
    OPEN = "open"  # needs a caseworker (an avklaring)
    NOT_RELEVANT = "not_relevant"


@dataclass(frozen=True)
class ConditionResult:
    """One condition (vilkår) for one drug or product (or the whole application when `item` is None)."""

    code: str
    status: Status
    text: str
    reference: LegalReference
    item: int | None = None
    decided_by_rule: bool = True
    note: str = ""

    @property
    def key(self) -> str:
        """The clarification point's key: the condition code, with the item index for per-drug conditions."""
        return self.code if self.item is None else f"{self.code}[{self.item}]"


@dataclass(frozen=True)
class Resolution:
    """A caseworker's answer to an open clarification point."""

    met: bool
    note: str = ""


@dataclass(frozen=True)
class ItemOutcome:
    """The outcome for one drug or product."""

    item: int
    label: str
    status: Status  # MET (granted), NOT_MET (refused) or OPEN
    conditions: tuple[ConditionResult, ...] = field(default_factory=tuple)
