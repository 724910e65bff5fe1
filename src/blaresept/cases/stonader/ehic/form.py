"""The order form for a European health insurance card: the person the card is for, the facts the rules need
(citizenship and membership, as stated in the order), and — for a person who qualifies through a family member —
the relation and that family member's facts.

In production Helfo reads citizenship from Folkeregisteret and membership from NAV's medlemskapsregister; this
system has neither, so the order carries them as declared (docs/cases.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from blaresept.cases.schemas import StrictModel
from blaresept.inputs import Text
from blaresept.rules.ehic import Relation


class EhicPersonIn(StrictModel):
    """One person in an order: fødselsnummer, citizenship (ISO 3166-1 alpha-2 such as NO or SE, or
    «stateless»/«refugee»), and whether they are a member of the folketrygd."""

    fnr: Text = Field(min_length=11, max_length=11, description="Fødselsnummer (11 siffer)")
    citizenship: Text = Field("NO", min_length=2, max_length=9, description="Landkode (ISO 3166-1 alfa-2)")
    member: bool = Field(True, description="Medlem av folketrygden")


class EhicForm(StrictModel):
    """An order for one person's card (one case per person)."""

    kind: Literal["ehic"] = "ehic"
    person: EhicPersonIn
    relation: Relation | None = Field(None, description="Relasjon til familiemedlemmet personen har rett gjennom")
    holder: EhicPersonIn | None = Field(None, description="Familiemedlemmet med rett til kortet")
