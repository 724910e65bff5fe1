"""The contract between the case engine and a stønad.

The engine (everything in `blaresept.cases` outside `stonader/`) knows the steps of a case, who may take them,
the caseworker queue, decisions, letters, the appeal chain, deadlines and the timeline. What a stønad is — its
form, its rules, what its decision contains and what its letter says — comes from one object per kind that
implements `Stonad` and is registered with `register()`. The engine looks it up with `stonad_for(case.kind)`
and never imports a stønad; the packages under `blaresept.cases.stonader` are discovered and imported once, on
the first lookup, so adding a stønad adds a package and edits nothing here.

The types below are what passes over the contract: the engine's view of an assessment (`CaseAssessment`), of a
decision's content (`DecisionDraft`), of the stored case (`CaseInput`), and of a letter (`LetterFrame`,
`RenderedLetter`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel

from blaresept.cases.flow import Role
from blaresept.rules.procedure.outcome import DecisionOutcome

if TYPE_CHECKING:

    from blaresept.cases.actors import Actor
    from blaresept.cases.tables import Decision


@dataclass(frozen=True)
class Point:
    """Something missing from the form, or a point a caseworker must clarify (key, bokmål text, provision)."""

    key: str
    text: str
    reference: str


@dataclass(frozen=True)
class ConditionState:
    """One condition as the rules (and the caseworker's answers) see it: status met, not_met, open or
    not_relevant."""

    key: str
    status: str
    text: str
    reference: str
    decided_by_rule: bool = True


@dataclass(frozen=True)
class Answer:
    """A caseworker's answer to an open point (or an overruled condition)."""

    met: bool
    note: str = ""


@dataclass(frozen=True)
class CaseAssessment:
    """The stønad's assessment as the engine needs it.

    `decided`: the rules (with the answers) decide everything, so a decision can be made; `missing` non-empty
    means the form is incomplete; `item_flags` says, per item in the order of the form, whether it is granted
    (the reconsideration compares these with the decision's items by index, and `amount` with the decision's
    details["amount"]); `steps` is the explanation.
    """

    decided: bool
    outcome_label: str
    automatic: bool
    missing: tuple[Point, ...] = ()
    open_points: tuple[Point, ...] = ()
    conditions: tuple[ConditionState, ...] = ()
    item_flags: tuple[bool, ...] = ()
    steps: tuple[dict[str, Any], ...] = ()
    outcome: str | None = None  # the DecisionOutcome value when decided
    amount: int | None = None  # øre, for a stønad that pays money: stored as the decision's details["amount"]
    native: Any = None  # the stønad's own result, handed back to Stonad.decide

    @property
    def open_keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.open_points)


@dataclass(frozen=True)
class DecisionOptions:
    """What a caseworker may set on a decision besides the answers: a validity end (`set_valid_to`)."""

    valid_to: date | None = None
    set_valid_to: bool = False


@dataclass(frozen=True)
class DecisionDraft:
    """A decision's content before it is stored. `granted` and `refused` are the items (JSON-ready dicts, each
    with `name` and `item`, its index in the form); `details` holds what only the stønad knows (stored as JSON)."""

    outcome: DecisionOutcome
    granted: tuple[dict[str, Any], ...]
    refused: tuple[dict[str, Any], ...]
    legal_basis: tuple[str, ...]
    reasons: tuple[str, ...]
    steps: tuple[dict[str, Any], ...]
    hjemmel: str = ""
    hjemmel_code: str = ""
    refund_code: str | None = None
    bidrag_note: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseInput:
    """The stored case as a stønad sees it: the latest form (JSON), when it was received, whose case it is."""

    kind: str
    content: dict[str, Any]
    received_on: date
    patient_fnr: str
    patient_birth_date: date
    applicant_subject: str
    applicant_hpr: str
    applicant_name: str


@dataclass(frozen=True)
class Intake:
    """What the stønad makes of a new form: the form to store (JSON, personal number normalised), the
    processing deadline, and the timeline's text. `deadline` is a rules.procedure.ProcessingDeadline."""

    content: dict[str, Any]
    deadline: Any
    text: str


@dataclass(frozen=True)
class Recipient:
    name: str
    fnr_masked: str
    guardian_note: str | None = None


@dataclass(frozen=True)
class LetterFrame:
    """What the engine gives every decision letter: header, recipient, dates and the right to appeal."""

    reference: str
    recipient: Recipient
    sent_on: date
    received: date
    appeal_weeks: int
    appeal_deadline: date
    intro: str | None = None


@dataclass(frozen=True)
class RenderedLetter:
    title: str
    html: str


@runtime_checkable
class Stonad(Protocol):
    """One stønad (one `kind` of case). Pure rules live in `rules/<area>/`; this object adapts them."""

    kind: str
    label: str  # bokmål, as in «Søknad om individuell stønad til {label}»
    reference_prefix: str  # the case reference: f"{prefix}-{year}-{id:06d}"
    submitter_roles: frozenset[Role]  # who may submit the form
    supplement_by: str  # who must send what is missing, in bokmål («Legen», «Du»)
    form: type[BaseModel]

    def patient_of(self, form: BaseModel) -> str:
        """The fødselsnummer of the person the form is about, as written in it."""
        ...

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str,
               birth_date: date) -> Intake:
        """Check a new form (raise CaseError with a bokmål message; nothing is stored) and give the deadline."""
        ...

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        """None when the form may replace the case's form; otherwise the bokmål reason it may not."""
        ...

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        """The rules over the stored form and the caseworker's answers (raise CaseError for unknown keys)."""
        ...

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        ...

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        ...

    def summary_line(self, case: CaseInput) -> str:
        """What was applied for, in bokmål, for Helfo's summary of the case to Helseklage."""
        ...

    # Optional (looked up with getattr, so not part of the Protocol's required members):
    # def after_decision(self, session: Session, case: Case, decision: Decision, moment: datetime) -> None
    #     What a stored decision does outside the case, in the same transaction — e.g. a granted card order
    #     issues the card in the stønad's own register. Called for every instance's decision (Helfo,
    #     Helseklage, Trygderetten), so a reversal on appeal has the same effect as a grant by Helfo. Bidrag
    #     records its payment here.
    # def appealable(self, decision: Decision) -> bool
    #     Whether the party may appeal the decision. Default: a refusal or a partial grant (a full grant gives
    #     nothing to gain); bidrag says always, since the amount can be disputed.


_REGISTRY: dict[str, Stonad] = {}
_DISCOVERED = False


def register(*stonader: Stonad) -> None:
    """Make stønader known to the engine (called by each package under blaresept.cases.stonader)."""
    for stonad in stonader:
        if not isinstance(stonad, Stonad):
            raise TypeError(f"{stonad!r} oppfyller ikke kontrakten Stonad.")
        known = _REGISTRY.get(stonad.kind)
        if known is not None and known is not stonad and type(known) is not type(stonad):
            raise ValueError(f"Stønadstypen «{stonad.kind}» er allerede registrert.")
        _REGISTRY[stonad.kind] = stonad


def _discover() -> None:
    """Import every package under blaresept.cases.stonader once; each registers its stønader."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    package = importlib.import_module("blaresept.cases.stonader")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def stonad_for(kind: str) -> Stonad:
    """The registered stønad for a case kind; a bokmål error for an unknown kind."""
    _discover()
    stonad = _REGISTRY.get(kind)
    if stonad is None:
        from blaresept.cases.errors import CaseError

        raise CaseError(f"Ukjent stønadstype «{kind}» (kjente: {', '.join(sorted(_REGISTRY))}).")
    return stonad


def stonader() -> dict[str, Stonad]:
    """Every registered stønad by kind."""
    _discover()
    return dict(_REGISTRY)
