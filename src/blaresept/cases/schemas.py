"""What a caseworker and a patient send at the engine's steps (Pydantic; the API and the web forms share them).
Each stønad's own form lives in its package (`stonader/<kind>/form.py`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from blaresept.inputs import Day, MultilineText, OneLine

Text = Annotated[MultilineText, Field(max_length=4000)]
Short = Annotated[OneLine, Field(max_length=200)]


class StrictModel(BaseModel):
    """A form that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ResolutionIn(StrictModel):
    met: bool
    note: Text = ""


class AssessmentIn(StrictModel):
    """A caseworker's answers to open clarification points, keyed like the points (`severity`, `addictive[0]`)."""

    resolutions: dict[Annotated[OneLine, Field(max_length=60)], ResolutionIn] = Field(default_factory=dict)


class DecisionIn(StrictModel):
    """A caseworker's decision once every point is answered: optionally a validity chosen for the grant."""

    valid_to: Day | None = None
    set_valid_to: bool = Field(default=False,
                               description="Bruk valid_to (også tom = ingen sluttdato) i stedet for regelen")
    note: Text | None = None
    send_letter: bool = Field(default=True, description="Send vedtaksbrevet og avslutt saken i samme operasjon")


class AppealIn(StrictModel):
    """An appeal against a decision. A patient's own appeal is received today; a caseworker registering a paper
    appeal gives the date it reached Helfo."""

    grounds: Annotated[MultilineText, Field(min_length=1, max_length=8000)]
    decision_id: int | None = None
    decision_received_on: Day | None = Field(default=None, description="Dagen vedtaket kom fram til parten")
    received_on: Day | None = Field(default=None, description="Dagen klagen kom inn (bare saksbehandler)")
    late_reason: Text | None = None
    signed: bool = True
    on_behalf_of: Short | None = Field(default=None, description="Klager på vegne av (for eksempel barnet)")


class FormalIn(StrictModel):
    """The caseworker's check of the formal requirements."""

    appellant_is_party: bool = True
    concrete: bool = True
    signed: bool = True
    exception_accepted: bool | None = None
    note: Text = ""


class ReconsiderationIn(StrictModel):
    """Helfo's new assessment: `changed` with the caseworker's answers (any condition may be overruled), or
    `upheld` with the reasons."""

    outcome: Literal["changed", "upheld"]
    resolutions: dict[Annotated[OneLine, Field(max_length=60)], ResolutionIn] = Field(default_factory=dict)
    note: Annotated[MultilineText, Field(min_length=1, max_length=8000)]
    valid_to: Day | None = None
    set_valid_to: bool = False


class ForwardIn(StrictModel):
    """Forwarding to Helseklage: Helfo's summary of the case (a draft is made when left empty)."""

    summary: Text | None = None


class OutsideDecisionIn(StrictModel):
    """A decision from Helseklage or a ruling from Trygderetten, registered when it arrives."""

    outcome: Literal["upheld", "reversed", "remitted"]
    decided_on: Day
    received_on: Day | None = Field(default=None, description="Dagen avgjørelsen kom fram til pasienten")
    reasons: Annotated[MultilineText, Field(min_length=1, max_length=8000)]


class FurtherAppealIn(StrictModel):
    grounds: Annotated[MultilineText, Field(min_length=1, max_length=8000)]
    received_on: Day | None = None
    late_reason: Text | None = None
