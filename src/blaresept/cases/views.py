"""What the engine shows of a case: view dataclasses (for the API, the web pages and tests) and the builders
that make them from the stored rows. The stønad gives the kind's label and the conditions as its rules see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Annotated, Any

from pydantic import WithJsonSchema

from blaresept.cases.clock import aware
from blaresept.cases.contract import Answer, stonad_for
from blaresept.cases.errors import CaseError
from blaresept.cases.flow import INSTANCE_LABELS, AppealStatus, CaseStep, status_label
from blaresept.cases.repository import case_input
from blaresept.cases.tables import Appeal, Case, Decision
from blaresept.rules.procedure.outcome import DECISION_LABELS, DecisionOutcome


@dataclass(frozen=True)
class RefusedItemView:
    name: str
    atc: str | None
    varenummer: str | None
    article_group: str | None
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class MissingView:
    code: str
    text: str
    reference: str


@dataclass(frozen=True)
class PointView:
    key: str
    text: str
    reference: str


@dataclass(frozen=True)
class ConditionView:
    """One condition as the rules (and the caseworker's answers) see it now."""

    key: str
    status: str
    text: str
    reference: str
    decided_by_rule: bool


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor_name: str
    actor_role: str
    step: str
    step_label: str
    text: str


@dataclass(frozen=True)
class GrantedItemView:
    name: str
    atc: str | None
    varenummer: str | None
    article_group: str | None
    valid_from: date | None
    valid_to: date | None
    validity_text: str


@dataclass(frozen=True)
class DecisionView:
    id: int
    instance: str
    instance_label: str
    outcome: str
    outcome_label: str
    automatic: bool
    active: bool
    decided_on: date
    decided_by_name: str
    hjemmel: str
    hjemmel_code: str
    refund_code: str | None
    granted: tuple[GrantedItemView, ...]
    refused: tuple[RefusedItemView, ...]
    legal_basis: tuple[str, ...]
    reasons: tuple[str, ...]
    bidrag_note: str | None
    note: str | None
    letter_sent_on: date | None
    details: dict[str, Any]
    appeal_deadline: date | None


@dataclass(frozen=True)
class LetterView:
    id: int
    kind: str
    title: str
    sent_on: date
    appeal_deadline: date | None
    filename: str


@dataclass(frozen=True)
class AppealView:
    id: int
    case_id: int
    decision_id: int
    status: str
    status_label: str
    finished: bool
    appellant_name: str
    on_behalf_of: str | None
    grounds: str
    received_on: date
    decision_received_on: date
    deadline: date
    formal: dict[str, Any]
    reconsideration: dict[str, Any]
    summary: str | None
    forwarded_on: date | None
    helseklage: dict[str, Any]
    further_appeal: dict[str, Any]
    trygderetten: dict[str, Any]


@dataclass(frozen=True)
class CaseView:
    id: int
    reference: str
    kind: str
    kind_label: str
    patient_fnr: str
    patient_birth_date: date
    applicant_name: str
    applicant_hpr: str
    received_on: date
    prioritised: bool
    priority_reasons: tuple[str, ...]
    processing_weeks: int
    deadline: date
    status: str
    status_label: str
    step: str
    outcome: str | None
    outcome_label: str | None
    automatic: bool | None
    missing: tuple[MissingView, ...]
    open_points: tuple[PointView, ...]
    conditions: tuple[ConditionView, ...]
    resolutions: dict[str, Any]
    application: dict[str, Any]
    decisions: tuple[DecisionView, ...]
    appeals: tuple[AppealView, ...]
    letters: tuple[LetterView, ...]
    timeline: tuple[EventView, ...]
    steps: tuple[dict[str, Any], ...]

    appealable: bool = False

    @property
    def active_decision(self) -> DecisionView | None:
        return next((d for d in reversed(self.decisions) if d.active), None)

    @property
    def open_appeal(self) -> AppealView | None:
        return next((a for a in self.appeals if not a.finished), None)


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    kind: str
    kind_label: str
    received_on: date
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str | None
    deadline: date
    prioritised: bool
    patient_birth_date: date


@dataclass(frozen=True)
class QueueItem:
    case_id: int
    appeal_id: int | None
    reference: str
    kind_label: str
    task: str
    received_on: date
    deadline: date | None
    prioritised: bool
    working_days_left: int | None
    overdue: bool
    open_points: tuple[PointView, ...]
    patient_fnr_masked: str


SHARE_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "pattern": "^[0-9]+(/[0-9]+)?$"}, {"type": "null"}],
                                "description": "Andelen automatiske vedtak som brøk, f.eks. «3/4»"}
BY_KIND_SCHEMA: dict[str, Any] = {
    "type": "object", "description": "Per stønad: [automatiske, manuelle]",
    "additionalProperties": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}
"""Valid OpenAPI 3.1 (pydantic's own schema for a fixed-length tuple is not)."""


@dataclass(frozen=True)
class AutomationReport:
    date_from: date
    date_to: date
    decided: int
    automatic: int
    manual: int
    share: Annotated[Fraction | None, WithJsonSchema(SHARE_SCHEMA)]
    by_kind: Annotated[dict[str, tuple[int, int]], WithJsonSchema(BY_KIND_SCHEMA)]

    @property
    def share_text(self) -> str:
        if self.share is None:
            return "ingen vedtak"
        tenths = round(self.share * 1000)
        return f"{tenths // 10},{tenths % 10} %"


@dataclass(frozen=True)
class LetterFile:
    filename: str
    pdf: bytes
    case_id: int
    patient_fnr: str
    applicant_subject: str


def decision_view(d: Decision) -> DecisionView:
    return DecisionView(
        id=d.id, instance=d.instance, instance_label=INSTANCE_LABELS.get(d.instance, d.instance), outcome=d.outcome,
        outcome_label=DECISION_LABELS[DecisionOutcome(d.outcome)], automatic=d.automatic, active=d.active,
        decided_on=d.decided_on, decided_by_name=d.decided_by_name, hjemmel=d.hjemmel, hjemmel_code=d.hjemmel_code,
        refund_code=d.refund_code,
        granted=tuple(GrantedItemView(g["name"], g.get("atc"), g.get("varenummer"), g.get("article_group"),
                                      date.fromisoformat(g["valid_from"]) if g.get("valid_from") else None,
                                      date.fromisoformat(g["valid_to"]) if g.get("valid_to") else None,
                                      g.get("validity_text", "")) for g in d.granted),
        refused=tuple(RefusedItemView(r["name"], r.get("atc"), r.get("varenummer"), r.get("article_group"),
                                      tuple(r.get("reasons", ())), tuple(r.get("legal_basis", ()))) for r in d.refused),
        legal_basis=tuple(d.legal_basis), reasons=tuple(d.reasons), bidrag_note=d.bidrag_note, note=d.note,
        letter_sent_on=d.letter_sent_on, appeal_deadline=d.appeal_deadline, details=dict(d.details or {}),
    )


def appeal_view(a: Appeal) -> AppealView:
    status = AppealStatus(a.status)
    return AppealView(
        id=a.id, case_id=a.case_id, decision_id=a.decision_id, status=a.status, status_label=status_label(a.status),
        finished=status.finished, appellant_name=a.appellant_name, on_behalf_of=a.on_behalf_of, grounds=a.grounds,
        received_on=a.received_on, decision_received_on=a.decision_received_on, deadline=a.deadline,
        formal={k: v for k, v in (a.formal or {}).items() if k != "steps"},
        reconsideration=dict(a.reconsideration or {}), summary=a.summary, forwarded_on=a.forwarded_on,
        helseklage=dict(a.helseklage or {}),
        further_appeal={k: v for k, v in (a.further_appeal or {}).items() if k != "steps"},
        trygderetten=dict(a.trygderetten or {}),
    )


def case_view(case: Case) -> CaseView:
    automatic = None
    first = next((d for d in case.decisions if d.instance == "helfo"), None)
    if first is not None:
        automatic = first.automatic
    outcome_label = DECISION_LABELS[DecisionOutcome(case.outcome)] if case.outcome else None
    return CaseView(
        id=case.id, reference=case.reference or "", kind=case.kind, kind_label=stonad_for(case.kind).label,
        patient_fnr=case.patient_fnr, patient_birth_date=case.patient_birth_date, applicant_name=case.applicant_name,
        applicant_hpr=case.applicant_hpr, received_on=case.received_on, prioritised=case.prioritised,
        priority_reasons=tuple(case.priority_reasons or []), processing_weeks=case.processing_weeks,
        deadline=case.deadline, status=case.status, status_label=status_label(case.status), step=case.step,
        outcome=case.outcome, outcome_label=outcome_label, automatic=automatic,
        missing=tuple(MissingView(m["code"], m["text"], m["reference"]) for m in case.missing or []),
        open_points=tuple(PointView(p["key"], p["text"], p["reference"]) for p in case.open_points or []),
        conditions=_conditions(case),
        resolutions=dict(case.resolutions or {}), application=dict(case.applications[-1].content),
        decisions=tuple(decision_view(d) for d in case.decisions),
        appeals=tuple(appeal_view(a) for a in case.appeals),
        letters=tuple(LetterView(letter.id, letter.kind, letter.title, letter.sent_on, letter.appeal_deadline,
                                 letter.filename) for letter in case.letters),
        timeline=tuple(EventView(aware(e.at), e.actor_name, e.actor_role, e.step, CaseStep[e.step].label, e.text)
                       for e in case.events),
        steps=tuple(case.steps or []), appealable=_appealable(case),
    )


def appealable(kind: str, decision: Decision) -> bool:
    """Whether the party may appeal the decision: the stønad's optional `appealable`, else a refusal or a partial
    grant."""
    rule = getattr(stonad_for(kind), "appealable", None)
    return bool(rule(decision)) if rule is not None else DecisionOutcome(decision.outcome).appealable


def _appealable(case: Case) -> bool:
    """The patient may appeal now: the case is closed, its decision is in force and worth appealing (the stønad
    says), and no appeal is open."""
    active = next((d for d in reversed(case.decisions) if d.active), None)
    return (case.status == "closed" and active is not None and appealable(case.kind, active)
            and all(AppealStatus(a.status).finished for a in case.appeals))


def _conditions(case: Case) -> tuple[ConditionView, ...]:
    try:
        assessment = stonad_for(case.kind).assess(case_input(case), _answers(case))
    except CaseError:
        return ()
    return tuple(ConditionView(c.key, c.status, c.text, c.reference, c.decided_by_rule)
                 for c in assessment.conditions if c.status != "not_relevant")


def _answers(case: Case) -> dict[str, Answer]:
    return {key: Answer(bool(v["met"]), str(v.get("note") or "")) for key, v in (case.resolutions or {}).items()}


def case_summary(case: Case) -> CaseSummary:
    outcome_label = DECISION_LABELS[DecisionOutcome(case.outcome)] if case.outcome else None
    return CaseSummary(case.id, case.reference or "", case.kind, stonad_for(case.kind).label, case.received_on,
                       case.status, status_label(case.status), case.outcome, outcome_label, case.deadline,
                       case.prioritised, case.patient_birth_date)
