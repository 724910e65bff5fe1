"""Pydantic shapes of the counter API. Money is kroner as exact decimal strings (e.g. "78.00")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from blaresept.inputs import Day, MultilineText, Text

KRONER_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,2})?$"


def _kroner_text(value: Any) -> Any:
    """Kroner are sent as an exact decimal string ("78.00"); a JSON number (inexact) or other text is refused."""
    if isinstance(value, Decimal) or (isinstance(value, str) and re.match(KRONER_PATTERN, value)):
        return value
    raise PydanticCustomError("kroner", "må være kroner som tekst med høyst to desimaler, f.eks. «78.00»")


Kroner = Annotated[Decimal, BeforeValidator(_kroner_text),
                   Field(ge=0, le=Decimal("10000000"), max_digits=10, decimal_places=2),
                   WithJsonSchema({"type": "string", "pattern": KRONER_PATTERN, "examples": ["78.00"],
                                   "description": "Kroner inkl. mva. som tekst, høyst to desimaler"})]
Money = Annotated[str, Field(description="Kroner som eksakt desimaltall, f.eks. «78.00»", examples=["78.00"])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Totals(BaseModel):
    price: Money
    copay: Money
    patient_extra: Money
    helfo: Money


class PricedLineOut(BaseModel):
    prescription: int
    line: int
    price: Money
    basis: Money
    copay: Money
    mellomlegg: Money
    above_max_refund: Money
    patient_extra: Money
    helfo: Money


class StoredLineOut(PricedLineOut):
    prescriber: str
    written: str
    hjemmel: str
    refund_code: str | None
    varenummer: str | None
    description: str | None
    prescription_id: int | None = Field(None, description="Resepten i reseptregisteret linjen er utlevert mot")
    packs: int | None = None
    supply_days: int | None = Field(None, description="Dager forbruket dekker")


class GroupOut(BaseModel):
    key: str
    label: str
    basis: Money
    uncapped: Money
    maximum: Money
    copay: Money
    capped: bool


class PeriodOut(BaseModel):
    """An egenandelsperiode a dispensing used (2009–2025): its dates, what had been paid in it before, this
    dispensing's copay, and what is left of the maximum («… igjen av høyeste egenandel i perioden til …»)."""

    group: str
    start: str
    end: str
    maximum: Money
    paid_before: Money
    copay: Money
    remaining: Money
    text: str


class LedgerOut(BaseModel):
    year: int
    counted: Money
    tak: Money
    remaining: Money
    frikort_from: str | None


class PersonRef(BaseModel):
    fnr: str = Field(description="Fødselsnummeret med personnummeret skjult")


class StepOut(BaseModel):
    rule: str
    reference: dict[str, Any]
    version: str
    outcome: str
    text: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    parameters: list[dict[str, Any]]


class DispensingOut(BaseModel):
    id: int
    kind: Literal["dispensing", "return"]
    reverses: int | None
    date: str
    registered_on: str = Field(description="Dagen den ble registrert (norsk tid); en etterregistrering er senere "
                                           "enn date")
    late_reason: str | None = None
    pharmacy_org: str
    person: PersonRef
    frikort_applied: bool
    reached_tak: bool
    totals: Totals
    lines: list[StoredLineOut]
    periods: list[PeriodOut] = []
    steps: list[StepOut]
    ledger: LedgerOut | None = None


class DispensingBriefOut(BaseModel):
    id: int
    kind: Literal["dispensing", "return"]
    reverses: int | None
    returned: bool = Field(description="Utleveringen er returnert")
    date: str
    registered_on: str
    late_reason: str | None
    person: PersonRef
    lines: int
    frikort_applied: bool
    totals: Totals


class PharmacyDayOut(BaseModel):
    date: str
    count: int
    totals: Totals
    dispensings: list[DispensingBriefOut]


class ConditionOut(BaseModel):
    number: str | None
    text: str
    status: Literal["met", "unmet", "to_confirm", "prescriber"]
    status_text: str
    reason: str


class LineCheckOut(BaseModel):
    prescription: int
    line: int
    varenummer: str
    reimbursable: bool
    hjemmel_code: str | None
    refund_code: str | None
    max_refund_price: Money | None
    copay_exempt: bool
    conditions: list[ConditionOut]
    reasons: list[str]
    steps: list[StepOut]


class ClaimIn(Strict):
    claim_id: Text = Field(min_length=1, max_length=100, description="Apotekets egen krav-id (idempotent)")
    period_from: Day
    period_to: Day


class RefundOut(BaseModel):
    total_counted: Money
    overshoot: Money
    refund: Money
    steps: list[StepOut]


class PersonOut(BaseModel):
    fnr: str
    name: str | None
    birth_date: str


class YearOut(BaseModel):
    person: PersonOut
    ledger: LedgerOut
    refund: RefundOut
    dispensings: list[DispensingOut]


class ChildOut(BaseModel):
    fnr: str
    name: str | None
    birth_date: str


class MeOut(BaseModel):
    name: str | None
    fnr: str
    birth_date: str
    children: list[ChildOut]


class StatusIn(Strict):
    category: Literal["M", "Y", "S", "K", "V"] = Field(description="Volven 7415: M minstepensjonist, Y yrkesskade …")
    valid_from: Day
    valid_to: Day | None = None
    note: MultilineText | None = Field(None, max_length=500)


class PersonIn(Strict):
    name: Text | None = Field(None, max_length=200)
    statuses: list[StatusIn] = Field(default_factory=list, max_length=20)


class StatusOut(BaseModel):
    category: str
    category_name: str
    valid_from: str
    valid_to: str | None
    note: str | None


class PersonDetailOut(BaseModel):
    fnr: str
    name: str | None
    birth_date: str
    statuses: list[StatusOut]


class SettlementRowOut(BaseModel):
    fnr: str
    total_counted: Money
    frikort_from: str | None
    overshoot: Money
    refund: Money


class SettlementOut(BaseModel):
    year: int
    tak: Money
    persons: int
    total_refund: Money
    rows: list[SettlementRowOut] | None = Field(None, description="Per person (bare for saksbehandler)")
