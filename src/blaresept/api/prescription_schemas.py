"""Pydantic shapes of the prescription register and of the counter dispensing against it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from blaresept.api.schemas import (
    DispensingOut,
    GroupOut,
    Kroner,
    LedgerOut,
    LineCheckOut,
    Money,
    PeriodOut,
    PersonRef,
    PricedLineOut,
    StepOut,
    Strict,
    Totals,
)
from blaresept.inputs import Day, Text

Hjemmel = Literal["§2", "§3", "§4", "§5", "§6"]
DOSE_PATTERN = r"^[0-9]{1,4}(\.[0-9]{1,3})?$"


def _dose_text(value: Any) -> Any:
    """A dose is an exact decimal, sent as text ("1", "0.5") or a whole number."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.match(DOSE_PATTERN, value):
        return value
    raise PydanticCustomError("dose", "må være et tall som tekst med høyst tre desimaler, f.eks. «1» eller «0.5»")


Dose = Annotated[Decimal, BeforeValidator(_dose_text), Field(gt=0, le=1000, max_digits=7, decimal_places=3),
                 WithJsonSchema({"anyOf": [{"type": "string", "pattern": DOSE_PATTERN}, {"type": "integer"}],
                                 "description": "Dose per døgn i pakningens enhet, f.eks. «1» eller «0.5»"})]


class PrescriptionIn(Strict):
    """A blue prescription as the doctor writes it (the HPR number comes from the doctor's token)."""

    fnr: Text = Field(min_length=11, max_length=13, description="Pasientens fødselsnummer eller D-nummer")
    varenummer: Text | None = Field(None, max_length=20, description="Varenummeret i FEST (eller bruk «item»)")
    item: Text | None = Field(None, max_length=100,
                             description="Merkevare eller virkestoff med styrke, når varenummer ikke er gitt; må "
                                         "finne nøyaktig én pakning i katalogen på datoen")
    packs: int = Field(ge=1, le=99, description="Antall pakninger per uttak")
    daily_dose: Dose = Field(description="Dose per døgn i pakningens enhet (f.eks. 1 tablett)")
    dosage_text: Text = Field(min_length=1, max_length=300, description="Dosering, f.eks. «1 tablett om morgenen»")
    reit: int = Field(0, ge=0, le=11, description="Reiterasjoner: antall ganger resepten kan utleveres på nytt")
    hjemmel: Hjemmel = "§2"
    refund_code: Text | None = Field(None, max_length=20,
                                    description="Refusjonskode: «K86», «ICPC:K86», «ICD:K21» eller «-73»")
    conditions_confirmed: list[Annotated[Text, Field(max_length=10)]] = Field(
        default_factory=list, max_length=20, description="Numrene på vilkårene legen bekrefter er oppfylt")
    prescriber_reservation: bool = Field(False, description="Legen reserverer seg mot bytte")
    instituted_by: Text | None = Field(None, max_length=300)
    prescriber_specialties: list[Annotated[Text, Field(max_length=100)]] | None = Field(
        None, max_length=10, description="Forskriverens spesialiteter (navn eller Volven 7426-kode)")
    prescriber_hospital: bool | None = None


class PaperPrescriptionIn(PrescriptionIn):
    """A paper or telephone prescription the pharmacy registers before dispensing against it."""

    kind: Literal["paper", "telephone"]
    written: Day = Field(description="Datoen resepten ble skrevet")
    prescriber_hpr: Text = Field(min_length=1, max_length=30, description="Forskriverens HPR-nummer")
    prescriber_name: Text = Field(min_length=1, max_length=200)


class CancelIn(Strict):
    reason: Text = Field(min_length=1, max_length=300, description="Hvorfor resepten tilbakekalles")


class PrescriberOut(BaseModel):
    hpr: str
    name: str
    specialties: list[str] | None
    hospital: bool | None


class ItemOut(BaseModel):
    varenummer: str
    name: str
    atc: str | None
    pack: str | None
    units_per_pack: str
    prescription_group: str | None


class RemainingOut(BaseModel):
    uttak: int = Field(description="Uttak igjen (reit + 1 minus utleveringer som ikke er returnert)")
    packs: int
    valid_until: str


class PrescriptionDispensingOut(BaseModel):
    dispensing: int
    date: str
    pharmacy_org: str
    varenummer: str | None
    description: str | None
    packs: int | None
    supply_days: int | None


class PatientRefOut(BaseModel):
    fnr: str
    name: str | None


class PrescriptionOut(BaseModel):
    id: int
    reference: str
    kind: Literal["electronic", "paper", "telephone"]
    kind_text: str
    status: Literal["valid", "used", "expired", "cancelled"]
    status_text: str
    patient: PatientRefOut
    prescriber: PrescriberOut
    written: str
    valid_until: str
    item: ItemOut
    packs: int
    daily_dose: str
    dosage_text: str
    supply_days_per_uttak: int
    reit: int
    hjemmel: str
    refund_code: str | None
    conditions_confirmed: list[str]
    prescriber_reservation: bool
    instituted_by: str | None
    notes: list[str] = Field(description="Hva registeret valgte (kodeverk, varen funnet på navn)")
    remaining: RemainingOut
    dispensings: list[PrescriptionDispensingOut]
    cancelled_on: str | None
    cancel_reason: str | None


class PatientLookupIn(Strict):
    fnr: Text = Field(min_length=11, max_length=13)


class PatientPrescriptionsOut(BaseModel):
    fnr: str
    name: str | None
    valid: int = Field(description="Antall resepter som kan utleveres nå")
    prescriptions: list[PrescriptionOut]


class CounterItemIn(Strict):
    prescription_id: int = Field(ge=1, le=2_147_483_647)
    packs: int | None = Field(None, ge=1, le=99,
                              description="Antall pakninger nå (utelatt: det legen skrev per uttak)")
    varenummer: Text | None = Field(None, max_length=20,
                                   description="En likeverdig pakning i byttegruppen med samme pakningsstørrelse")
    patient_reserved: bool = Field(False, description="Pasienten reserverer seg mot bytte (betaler mellomlegg)")
    price: Kroner | None = Field(None, description="Apotekets pris per pakning, lavere enn katalogens")


class LateIn(Strict):
    dispensed_on: Day = Field(description="Dagen utleveringen ble gjort (i fortiden, høyst 14 dager tilbake)")
    reason: Text = Field(min_length=1, max_length=300, description="Hvorfor den registreres nå")


class CounterIn(Strict):
    """The counter's request against prescriptions. The old free-line shape (`prescriptions`, `date`) is refused
    with a message that says what to send."""

    fnr: Text = Field(min_length=11, max_length=13)
    items: list[CounterItemIn] = Field(default_factory=list, max_length=20)
    quote_token: Text | None = Field(None, max_length=100,
                                    description="Tokenet fra pristilbudet (kreves ved utlevering)")
    late: LateIn | None = Field(None, description="Bare for etterregistrering")
    prescriptions: list[Any] | None = Field(None, max_length=20,
                                            description="Fjernet: frie linjer avvises med en melding om hva som "
                                                        "skal sendes i stedet")
    date: Text | None = Field(None, max_length=30, description="Fjernet: datoen settes av serveren")


class CounterItemOut(BaseModel):
    position: int
    prescription_id: int
    prescribed: dict[str, str]
    varenummer: str
    name: str
    pack: str | None
    packs: int
    supply_days: int
    substituted: bool
    note: str | None
    price: Money
    cheapest_price: Money | None
    reserved_by: str
    remaining_after: RemainingOut


class LateOut(BaseModel):
    dispensed_on: str
    registered_on: str
    reason: str | None


class CounterQuoteOut(BaseModel):
    date: str
    stored: bool
    person: PersonRef
    totals: Totals
    lines: list[PricedLineOut]
    groups: list[GroupOut]
    periods: list[PeriodOut] = []
    ledger: LedgerOut
    steps: list[StepOut]
    items: list[CounterItemOut]
    late_registration: LateOut | None
    quote_token: str = Field(description="Send med ved utlevering; utleveringen avvises om noe er endret")


class CounterDispensingOut(DispensingOut):
    items: list[CounterItemOut] = Field(default_factory=list)
    late_registration: LateOut | None = None


class CounterCheckOut(BaseModel):
    date: str
    reimbursable: bool
    lines: list[LineCheckOut]
    unchecked: int
    items: list[CounterItemOut]


class SettlementLineOut(BaseModel):
    line_id: int
    dispensing: int
    kind: str
    date: str
    varenummer: str | None
    description: str | None
    claimed: Money
    approved: Money
    status: Literal["approved", "rejected"]
    status_code: str = Field(description="Volven 7410: 1 Avvist, 2 Godkjent")
    status_text: str
    reasons: list[str]


class ClaimSettlementOut(BaseModel):
    settled_at: str | None
    claimed: Money
    approved: Money
    rejected_lines: int
    lines: list[SettlementLineOut]


class ClaimLineOut(BaseModel):
    line_id: int
    dispensing: int
    kind: str
    date: str
    registered_on: str
    line: str
    prescription_id: int | None
    varenummer: str | None
    description: str | None
    packs: int | None
    hjemmel: str
    helfo: Money


class ClaimOut(BaseModel):
    id: int
    claim_id: str
    pharmacy_org: str
    period_from: str
    period_to: str
    total_helfo: Money
    dispensings: int
    lines: list[ClaimLineOut]
    settlement: ClaimSettlementOut | None


class ReceivedClaimOut(BaseModel):
    id: int
    claim_id: str
    pharmacy_org: str
    period_from: str
    period_to: str
    total_helfo: Money
    lines: int
    settled: bool
