"""The bidrag claim a patient (or a parent for a child) sends: the year, the receipts per purpose and person,
the family members claimed together, the doctor's declarations, and what Helfo must establish (yrkesskade, low
income, the hvit resept transition rule). API, web form and tests share it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema

from blaresept.cases.schemas import Short, StrictModel
from blaresept.inputs import Text
from blaresept.rules.bidrag.model import Purpose

Fnr = Annotated[Text, Field(min_length=11, max_length=11, description="Fødselsnummer (11 siffer)")]


class ExpenseIn(StrictModel):
    """One receipt."""

    purpose: Purpose = Field(description="Bidragsformål")
    date: dt.date = Field(description="Kjøpsdato (eller behandlingsdato)")
    amount: Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=2, description="Beløp i kroner"),
                      WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,7}(\.[0-9]{1,2})?$",
                                      "examples": ["3000.00"], "description": "Beløp i kroner som tekst"})]
    person_fnr: Fnr | None = Field(default=None, description="Hvem utgiften gjelder (tom: pasienten kravet gjelder)")
    description: Short = ""


class FamilyMemberIn(StrictModel):
    """A family member whose expenses are claimed together (spouse, cohabitant, registered partner, child)."""

    fnr: Fnr
    relation: Literal["spouse", "cohabitant", "partner", "child"]


class DeclarationIn(StrictModel):
    """A doctor's declaration (legeerklæring) for a purpose that needs one."""

    purpose: Purpose
    person_fnr: Fnr | None = None
    issued_on: dt.date
    issued_by: Short = Field(min_length=1, description="Legen eller avdelingen som skrev erklæringen")
    specialist: bool = Field(default=False, description="Spesialist i faget, eller tilsvarende sykehusavdeling")


class BidragClaimForm(StrictModel):
    """A claim for bidrag (folketrygdloven § 5-22) for one calendar year."""

    kind: Literal["bidrag"] = "bidrag"
    patient_fnr: Fnr = Field(description="Den kravet gjelder: deg selv, eller barnet ditt")
    year: int = Field(ge=2009, le=2100, description="Kalenderåret utgiftene oppstod")
    expenses: list[ExpenseIn] = Field(min_length=1, max_length=200)
    family: list[FamilyMemberIn] = Field(default_factory=list, max_length=10)
    declarations: list[DeclarationIn] = Field(default_factory=list, max_length=20)
    yrkesskade: bool = Field(default=False, description="Utgiftene skyldes en godkjent yrkesskade")
    low_income: bool = Field(default=False, description="Lav inntekt (full dekning etter rundskrivet kap. 4)")
    hvit_resept_transition: bool = Field(default=False,
                                         description="Fått bidrag til de samme legemidlene hvert år siden 2017")
    account_number: Annotated[str, Field(pattern=r"^\d{11}$")] | None = Field(default=None,
                                                                              description="Kontonummer (11 siffer)")
