"""Case handling for individual stønad: each public function is one operation in the caller's transaction (the
API commits per request; scripts use blaresept.storage.db.transaction). Input is checked before anything is
written, so bad input raises a CaseError with a bokmål message and changes nothing; any later error rolls the
whole operation back. Every step is checked against the flow (who may take it, in which status) and written to
the case's timeline. Personal numbers never go to the application log.

Public functions:
- submit_application, supplement_application            (doctor)
- caseworker_queue, assess_case, decide_case, send_letter, close_case   (caseworker; the system for automatic cases)
- file_appeal, check_formal_requirements, reconsider, forward_to_helseklage, record_helseklage_decision,
  file_further_appeal, record_trygderetten_ruling       (the appeal chain)
- get_case, cases_for_applicant, cases_for_patient, letter_file, patient_fnrs (reads)
- granted_decisions (for the prescription check), automation_report (share decided automatically)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases.flow import (
    AppealStatus,
    CaseStatus,
    CaseStep,
    FlowError,
    Role,
    check_step,
    status_label,
)
from blaresept.cases.letters import (
    DecisionLetter,
    ForwardingLetter,
    LetterRow,
    Recipient,
    RejectionLetter,
    decision_html,
    decision_title,
    forwarding_html,
    rejection_html,
    to_pdf,
)
from blaresept.cases.schemas import (
    AppealIn,
    ApplicationForm,
    DecisionIn,
    FormalIn,
    ForwardIn,
    FurtherAppealIn,
    OutsideDecisionIn,
    ReconsiderationIn,
    ResolutionIn,
    to_application,
)
from blaresept.cases.tables import Appeal, ApplicationVersion, Case, Decision, Letter, TimelineEvent
from blaresept.persons.identity import IdentityError, birth_date_of, check_fnr, masked
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleError
from blaresept.rules.individual.appeal import AppealFacts, FormalOutcome, formal_requirements
from blaresept.rules.individual.automatic import OUTCOME_LABELS, Assessment, Outcome, assess
from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.individual.deadlines import Calendar, appeal_deadline, norway_calendar, processing_deadline
from blaresept.rules.individual.decision import (
    DECISION_LABELS,
    DecisionContent,
    DecisionOutcome,
    RefusedItem,
    decision_content,
)
from blaresept.rules.individual.model import LABELS, Application, Kind, Resolution, Status
from blaresept.rules.parameters import default_parameters

log = logging.getLogger("blaresept.cases")
OSLO = ZoneInfo("Europe/Oslo")

INSTANCE_LABELS = {
    "helfo": "Helfo",
    "helfo_reconsidered": "Helfo etter klage",
    "helseklage": "Helseklage",
    "trygderetten": "Trygderetten",
}
APPEALABLE = {"refused", "partly_granted"}


class CaseError(Exception):
    """Bad input for a case operation (HTTP 422 at the API). The message is in bokmål."""

    status = 422


class CaseNotFound(CaseError):
    status = 404


class CaseForbidden(CaseError):
    status = 403


class CaseConflict(CaseError):
    status = 409


@dataclass(frozen=True)
class Actor:
    """Who takes a step: the token subject, the role in the case, a display name, and the HPR number (doctor) or
    fødselsnummer (patient) that goes with it."""

    subject: str
    role: Role
    name: str
    hpr: str | None = None
    fnr: str | None = None


SYSTEM = Actor("system", Role.SYSTEM, "Helfo – automatisk behandling")

_CASE_ROLES = {AuthRole.DOCTOR: Role.DOCTOR, AuthRole.CASEWORKER: Role.CASEWORKER, AuthRole.PATIENT: Role.PATIENT}


def actor_for(principal: Principal) -> Actor | None:
    """The logged-in caller as an actor in a case (doctor, caseworker, patient); None for roles that take no
    step in case handling (pharmacy, analyst)."""
    role = _CASE_ROLES.get(principal.role)
    if role is None:
        return None
    return Actor(principal.subject, role, principal.name, hpr=principal.hpr, fnr=principal.fnr)


# ---------------------------------------------------------------------------------------------------- views


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
    valid_from: date
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
    refused: tuple[RefusedItem, ...]
    legal_basis: tuple[str, ...]
    reasons: tuple[str, ...]
    bidrag_note: str | None
    note: str | None
    letter_sent_on: date | None
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


@dataclass(frozen=True)
class GrantedDecision:
    """One drug or product a patient has an active individual decision for (for the prescription check)."""

    patient_fnr: str
    hjemmel: str  # "§3" or "§6", as on the prescription (blaresept.rules.blaresept.dispensing.Hjemmel)
    hjemmel_code: str  # Volven 7427: 300, 301, 302, 601, 602, 604
    atc: str | None
    varenummer: str | None
    product_group: str | None  # Volven 7403 article group (§ 6)
    refund_code: str | None
    valid_from: date
    valid_to: date | None
    decision_id: int
    case_reference: str


@dataclass(frozen=True)
class AutomationReport:
    date_from: date
    date_to: date
    decided: int
    automatic: int
    manual: int
    share: Fraction | None
    by_kind: dict[str, tuple[int, int]]

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


# ---------------------------------------------------------------------------------------------------- helpers


def _now(now: datetime | None) -> datetime:
    value = now or datetime.now(UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def today(now: datetime | None = None) -> date:
    """The date in Norway."""
    return _now(now).astimezone(OSLO).date()


@cache
def _calendar(first: int, last: int) -> Calendar:
    return norway_calendar(first, last)


def calendar_for(*days: date) -> Calendar:
    years = [d.year for d in days]
    return _calendar(min(years) - 1, max(years) + 2)


def _flow(step: CaseStep, actor: Actor, status: str | None) -> None:
    try:
        check_step(step, actor.role, status)
    except FlowError as exc:
        raise (CaseForbidden(str(exc)) if exc.forbidden else CaseConflict(str(exc))) from None


def _rules(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except RuleError as exc:
        raise CaseError(str(exc)) from None


def _fnr(number: str) -> tuple[str, date]:
    try:
        fnr = check_fnr(number)
        return fnr, birth_date_of(fnr)
    except (IdentityError, ValueError) as exc:
        message = str(exc) if isinstance(exc, IdentityError) else (
            "Fødselsnummeret inneholder ingen gyldig fødselsdato.")
        raise CaseError(message) from None


def _load(session: Session, case_id: int, lock: bool = False) -> Case:
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = session.scalars(query).one_or_none()
    if case is None:
        raise CaseNotFound(f"Fant ingen sak med id {case_id}.")
    return case


def _load_appeal(session: Session, appeal_id: int) -> tuple[Case, Appeal]:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise CaseNotFound(f"Fant ingen klage med id {appeal_id}.")
    return _load(session, appeal.case_id, lock=True), appeal


def _event(session: Session, case: Case, actor: Actor, step: CaseStep, text: str, now: datetime,
           appeal: Appeal | None = None, data: dict[str, Any] | None = None) -> None:
    case.events.append(TimelineEvent(
        at=now, actor_subject=actor.subject, actor_role=actor.role.value, actor_name=actor.name, step=step.name,
        text=text, data=data or {}, appeal_id=appeal.id if appeal else None,
    ))
    case.step = step.name
    case.updated_at = now


def _form(case: Case) -> ApplicationForm:
    return ApplicationForm.model_validate(case.applications[-1].content)


def _application(case: Case) -> Application:
    return to_application(_form(case), case.received_on, case.patient_birth_date, case.applicant_hpr,
                          case.applicant_name)


def _resolutions(case: Case) -> dict[str, Resolution]:
    return {key: Resolution(bool(v["met"]), str(v.get("note") or "")) for key, v in (case.resolutions or {}).items()}


def _assess(case: Case, extra: Mapping[str, Resolution] | None = None) -> Assessment:
    answers = _resolutions(case) | dict(extra or {})
    result: Assessment = _rules(assess, _application(case), default_parameters(), answers)
    return result


def _points(assessment: Assessment) -> list[dict[str, Any]]:
    return [{"key": p.key, "text": p.text, "reference": str(p.reference)} for p in assessment.open_points]


def _steps_json(assessment: Assessment) -> list[dict[str, Any]]:
    return [s.as_dict() for s in assessment.steps]


def patient_fnrs(session: Session, fnr: str) -> set[str]:
    """The personal numbers whose cases a patient may see: their own and their children's (guardianship)."""
    from blaresept.persons.service import children_of
    from blaresept.persons.tables import Person

    numbers = {fnr}
    person = session.scalar(select(Person).where(Person.fnr == fnr))
    if person is not None:
        numbers |= {child.fnr for child in children_of(session, person)}
    return numbers


def _recipient(session: Session, case: Case, on: date) -> Recipient:
    from blaresept.persons.tables import Person

    name = session.scalar(select(Person.name).where(Person.fnr == case.patient_fnr)) or "Pasienten"
    child = age_on(case.patient_birth_date, on) < 18
    note = "Vedtaket gjelder et barn og sendes til foreldre eller andre med foreldreansvar." if child else None
    return Recipient(name, masked(case.patient_fnr), note)


# ---------------------------------------------------------------------------------------------------- application


def submit_application(session: Session, actor: Actor, form: ApplicationForm, now: datetime | None = None) -> CaseView:
    """A doctor's application: received, checked for completeness, and — when the rules decide every condition —
    assessed, decided, the letter sent and the case closed at once; otherwise it waits for the doctor's supplement
    or lands in the caseworker queue with the open points named."""
    moment = _now(now)
    _flow(CaseStep.RECEIVE, actor, None)
    if not actor.hpr:
        raise CaseForbidden("Innloggingen din mangler HPR-nummer; bare leger med autorisasjon kan søke.")
    fnr, birth_date = _fnr(form.patient_fnr)
    received = today(moment)
    app = to_application(form, received, birth_date, actor.hpr, actor.name)
    _rules(assess, app, default_parameters())  # refuse unreadable input before anything is written
    deadline = _rules(processing_deadline, received, birth_date, form.serious_illness, default_parameters(),
                      calendar_for(received))
    stored = form.model_copy(update={"patient_fnr": fnr})
    case = Case(
        kind=form.kind.value, patient_fnr=fnr, patient_birth_date=birth_date, applicant_subject=actor.subject,
        applicant_hpr=actor.hpr, applicant_name=actor.name, received_on=received, received_at=moment,
        prioritised=deadline.prioritised, priority_reasons=list(deadline.reasons), processing_weeks=deadline.weeks,
        deadline=deadline.due, status=CaseStatus.RECEIVED.value, step=CaseStep.RECEIVE.name, missing=[],
        open_points=[], resolutions={}, overrides_allowed=False, steps=[deadline.step.as_dict()],
        updated_at=moment,
    )
    case.applications.append(ApplicationVersion(version=1, submitted_at=moment, submitted_by=actor.subject,
                                                content=stored.model_dump(mode="json")))
    session.add(case)
    session.flush()
    case.reference = f"IS-{received.year}-{case.id:06d}"
    priority = (f" Saken prioriteres ({' og '.join(deadline.reasons)})." if deadline.prioritised else "")
    _event(session, case, actor, CaseStep.RECEIVE,
           f"Søknad om individuell stønad til {LABELS[form.kind]} mottatt fra {actor.name}. Frist for svar: "
           f"{norwegian_date(deadline.due)} ({deadline.weeks} uker).{priority}", moment)
    _process(session, case, moment)
    session.flush()
    log.info("Søknad mottatt i sak %s: %s", case.reference, case.status)
    return case_view(case)


def supplement_application(session: Session, actor: Actor, case_id: int, form: ApplicationForm,
                           now: datetime | None = None) -> CaseView:
    """The applying doctor sends the application again with what was missing; it is checked anew."""
    moment = _now(now)
    case = _load(session, case_id, lock=True)
    _flow(CaseStep.SUPPLEMENT, actor, case.status)
    if actor.subject != case.applicant_subject:
        raise CaseForbidden("Bare legen som sendte søknaden, kan supplere den.")
    fnr, _birth = _fnr(form.patient_fnr)
    if fnr != case.patient_fnr:
        raise CaseError("Suppleringen gjelder en annen pasient enn søknaden.")
    if form.kind.value != case.kind:
        raise CaseError("Suppleringen må gjelde samme type søknad (legemiddel eller næringsmiddel).")
    assert actor.hpr is not None
    app = to_application(form, case.received_on, case.patient_birth_date, case.applicant_hpr, case.applicant_name)
    _rules(assess, app, default_parameters())
    version = len(case.applications) + 1
    case.applications.append(ApplicationVersion(version=version, submitted_at=moment, submitted_by=actor.subject,
                                                content=form.model_copy(update={"patient_fnr": fnr})
                                                .model_dump(mode="json")))
    case.status = CaseStatus.RECEIVED.value
    _event(session, case, actor, CaseStep.SUPPLEMENT, f"{actor.name} supplerte søknaden (versjon {version}).", moment)
    _process(session, case, moment)
    session.flush()
    return case_view(case)


def _process(session: Session, case: Case, moment: datetime) -> None:
    """The system's steps after a (re)received application: completeness, assessment, and if the rules decide
    everything: decision, letter and closing."""
    _flow(CaseStep.CHECK_COMPLETENESS, SYSTEM, case.status)
    assessment = _assess(case)
    case.steps = [s for s in case.steps if s.get("rule") == "procedure.processing_time"] + _steps_json(assessment)
    missing = assessment.completeness.missing
    case.missing = [{"code": m.code, "text": m.text, "reference": str(m.reference)} for m in missing]
    if missing:
        case.status = CaseStatus.AWAITING_SUPPLEMENT.value
        _event(session, case, SYSTEM, CaseStep.CHECK_COMPLETENESS,
               "Søknaden er ikke komplett. Legen må sende: " + " ".join(m.text for m in missing), moment,
               data={"missing": [m.code for m in missing]})
        return
    case.status = CaseStatus.COMPLETE.value
    _event(session, case, SYSTEM, CaseStep.CHECK_COMPLETENESS, "Søknaden er komplett.", moment)
    _flow(CaseStep.ASSESS, SYSTEM, case.status)
    case.open_points = _points(assessment)
    if assessment.outcome is Outcome.MANUAL:
        case.status = CaseStatus.IN_QUEUE.value
        _event(session, case, SYSTEM, CaseStep.ASSESS,
               "Søknaden kan ikke avgjøres automatisk og er sendt til saksbehandler. Disse punktene må avklares: "
               + " ".join(p.text for p in assessment.open_points), moment,
               data={"open_points": list(assessment.open_keys)})
        return
    case.status = CaseStatus.ASSESSED.value
    _event(session, case, SYSTEM, CaseStep.ASSESS,
           f"Alle vilkår er avgjort etter reglene: {OUTCOME_LABELS[assessment.outcome]}.", moment)
    decision = _decide(session, case, SYSTEM, moment, assessment)
    _send_decision_letter(session, case, SYSTEM, decision, moment)
    _close(session, case, SYSTEM, moment)


# ---------------------------------------------------------------------------------------------------- caseworker


def caseworker_queue(session: Session, now: datetime | None = None) -> list[QueueItem]:
    """What waits for a caseworker: applications with open points, and appeals at a Helfo step. Prioritised
    cases first, then by deadline."""
    on = today(now)
    items: list[QueueItem] = []
    cases = session.scalars(select(Case).where(Case.status.in_([CaseStatus.IN_QUEUE.value,
                                                                CaseStatus.COMPLETE.value])))
    for case in cases:
        cal = calendar_for(on, case.deadline)
        left = cal.working_days_between(on, case.deadline)
        items.append(QueueItem(
            case.id, None, case.reference or "", LABELS[Kind(case.kind)],
            "Vurder søknaden" if not case.overrides_allowed else "Vurder søknaden på nytt (opphevet vedtak)",
            case.received_on, case.deadline, case.prioritised, left, on > case.deadline,
            tuple(PointView(p["key"], p["text"], p["reference"]) for p in case.open_points or []),
            masked(case.patient_fnr),
        ))
    tasks = {
        AppealStatus.RECEIVED.value: "Vurder formkravene i klagen",
        AppealStatus.FORMAL_OPEN.value: "Avklar formkravene i klagen",
        AppealStatus.ADMISSIBLE.value: "Vurder klagen på nytt",
        AppealStatus.UPHELD.value: "Send klagen til Helseklage",
        AppealStatus.FORWARDED.value: "Registrer Helseklages vedtak når det kommer",
        AppealStatus.FURTHER_APPEALED.value: "Registrer Trygderettens kjennelse når den kommer",
    }
    appeals = session.scalars(select(Appeal).where(Appeal.status.in_(list(tasks))))
    for appeal in appeals:
        case = appeal.case
        items.append(QueueItem(
            case.id, appeal.id, case.reference or "", LABELS[Kind(case.kind)], tasks[appeal.status],
            appeal.received_on, None, case.prioritised, None, False, (), masked(case.patient_fnr),
        ))
    items.sort(key=lambda i: (not i.prioritised, i.deadline or date.max, i.received_on, i.case_id))
    return items


def assess_case(session: Session, actor: Actor, case_id: int, resolutions: Mapping[str, ResolutionIn],
                now: datetime | None = None) -> CaseView:
    """A caseworker answers open points (some or all). When none is left, the case is ready for a decision."""
    moment = _now(now)
    case = _load(session, case_id, lock=True)
    _flow(CaseStep.ASSESS, actor, case.status)
    open_keys = [p["key"] for p in case.open_points or []]
    if not resolutions and not case.overrides_allowed:
        raise CaseError("Oppgi en vurdering for minst ett av punktene: " + ", ".join(open_keys) + ".")
    unknown = [k for k in resolutions if k not in open_keys]
    if unknown and not case.overrides_allowed:
        raise CaseError(f"Punktet «{unknown[0]}» er ikke åpent i saken (åpne punkter: {', '.join(open_keys)}).")
    answers = {k: Resolution(r.met, r.note) for k, r in resolutions.items()}
    assessment = _assess(case, answers)  # raises CaseError for keys the rules do not know
    stamp = {"by": actor.name, "at": moment.isoformat()}
    case.resolutions = {**(case.resolutions or {}),
                        **{k: {"met": r.met, "note": r.note, **stamp} for k, r in resolutions.items()}}
    case.open_points = _points(assessment)
    case.steps = [s for s in case.steps if s.get("rule") == "procedure.processing_time"] + _steps_json(assessment)
    answered = "; ".join(f"{k}: {'oppfylt' if r.met else 'ikke oppfylt'}" + (f" ({r.note})" if r.note else "")
                         for k, r in resolutions.items())
    if assessment.outcome.decided:
        case.status = CaseStatus.ASSESSED.value
        text = f"{actor.name} vurderte {answered or 'saken på nytt'}. Resultat: {OUTCOME_LABELS[assessment.outcome]}."
    else:
        case.status = CaseStatus.IN_QUEUE.value
        text = f"{actor.name} vurderte {answered}. Fortsatt åpent: {', '.join(assessment.open_keys)}."
    _event(session, case, actor, CaseStep.ASSESS, text, moment, data={"resolved": list(resolutions)})
    session.flush()
    return case_view(case)


def decide_case(session: Session, actor: Actor, case_id: int, body: DecisionIn | None = None,
                now: datetime | None = None) -> CaseView:
    """A caseworker's decision on an assessed case; with `send_letter` (default) the letter is sent and the case
    closed in the same operation."""
    moment = _now(now)
    body = body or DecisionIn()
    case = _load(session, case_id, lock=True)
    _flow(CaseStep.DECIDE, actor, case.status)
    assessment = _assess(case)
    decision = _decide(session, case, actor, moment, assessment, body.valid_to, body.set_valid_to, body.note)
    if body.send_letter:
        _send_decision_letter(session, case, actor, decision, moment)
        _close(session, case, actor, moment)
    session.flush()
    return case_view(case)


def send_letter(session: Session, actor: Actor, case_id: int, now: datetime | None = None) -> CaseView:
    moment = _now(now)
    case = _load(session, case_id, lock=True)
    _flow(CaseStep.SEND_LETTER, actor, case.status)
    decision = next(d for d in reversed(case.decisions) if d.active)
    _send_decision_letter(session, case, actor, decision, moment)
    session.flush()
    return case_view(case)


def close_case(session: Session, actor: Actor, case_id: int, now: datetime | None = None) -> CaseView:
    moment = _now(now)
    case = _load(session, case_id, lock=True)
    _flow(CaseStep.CLOSE, actor, case.status)
    _close(session, case, actor, moment)
    session.flush()
    return case_view(case)


def _decide(session: Session, case: Case, actor: Actor, moment: datetime, assessment: Assessment,
            valid_to: date | None = None, set_valid_to: bool = False, note: str | None = None,
            instance: str = "helfo", step: CaseStep = CaseStep.DECIDE) -> Decision:
    if step is CaseStep.DECIDE:
        _flow(CaseStep.DECIDE, actor, case.status)
    content: DecisionContent = _rules(decision_content, _application(case), assessment, default_parameters(),
                                      valid_to, set_valid_to)
    for previous in case.decisions:
        previous.active = False
    decision = Decision(
        instance=instance, outcome=content.outcome.value, automatic=assessment.automatic and actor is SYSTEM,
        active=True, decided_on=today(moment), decided_at=moment, decided_by=actor.subject,
        decided_by_name=actor.name, hjemmel=content.hjemmel, hjemmel_code=content.hjemmel_code,
        refund_code=content.refund_code,
        granted=[{"name": g.name, "atc": g.atc, "varenummer": g.varenummer, "article_group": g.article_group,
                  "valid_from": g.valid_from.isoformat(),
                  "valid_to": g.valid_to.isoformat() if g.valid_to else None,
                  "validity_text": g.validity_text} for g in content.granted],
        refused=[{"name": r.name, "atc": r.atc, "varenummer": r.varenummer, "article_group": r.article_group,
                  "reasons": list(r.reasons), "legal_basis": list(r.legal_basis)} for r in content.refused],
        legal_basis=list(content.legal_basis), reasons=list(content.reasons), bidrag_note=content.bidrag_note,
        note=note, steps=[s.as_dict() for s in content.steps],
    )
    case.decisions.append(decision)
    case.outcome = content.outcome.value
    if step is CaseStep.DECIDE:
        case.status = CaseStatus.DECIDED.value
        how = "automatisk etter reglene" if decision.automatic else f"av {actor.name}"
        _event(session, case, actor, CaseStep.DECIDE,
               f"Vedtak fattet {how}: {DECISION_LABELS[content.outcome]}. " + " ".join(content.reasons), moment,
               data={"outcome": content.outcome.value})
    session.flush()
    return decision


def _send_decision_letter(session: Session, case: Case, actor: Actor, decision: Decision, moment: datetime,
                          intro: str | None = None, appeal: Appeal | None = None) -> Letter:
    if appeal is None:
        _flow(CaseStep.SEND_LETTER, actor, case.status)
    sent_on = today(moment)
    deadline, _step = _rules(appeal_deadline, sent_on, default_parameters(), calendar_for(sent_on))
    weeks, _use = default_parameters()["procedure.appeal.deadline"].use(sent_on)
    letter_data = DecisionLetter(
        reference=case.reference or "", kind=case.kind, recipient=_recipient(session, case, sent_on),
        sent_on=sent_on, received=case.received_on, decided_on=decision.decided_on,
        applicant_name=case.applicant_name, outcome=decision.outcome, automatic=decision.automatic,
        hjemmel=decision.hjemmel, hjemmel_code=decision.hjemmel_code,
        refund_code=decision.refund_code.replace(":", " ") if decision.refund_code else None,
        legal_basis=tuple(decision.legal_basis),
        granted=tuple(LetterRow(g["name"], g.get("atc") or g.get("article_group"),
                                date.fromisoformat(g["valid_from"]),
                                date.fromisoformat(g["valid_to"]) if g.get("valid_to") else None)
                      for g in decision.granted),
        refused=tuple(LetterRow(r["name"], r.get("atc") or r.get("article_group"), reasons=tuple(r["reasons"]))
                      for r in decision.refused),
        bidrag_note=decision.bidrag_note, appeal_weeks=weeks, appeal_deadline=deadline, intro=intro,
        note=decision.note,
    )
    letter = Letter(kind="decision", title=decision_title(case.kind), sent_on=sent_on, created_at=moment,
                    appeal_deadline=deadline, filename=f"vedtak-{case.reference}-{decision.id}.pdf",
                    pdf=to_pdf(decision_html(letter_data)), decision_id=decision.id,
                    appeal_id=appeal.id if appeal else None)
    case.letters.append(letter)
    decision.letter_sent_on = sent_on
    decision.appeal_deadline = deadline
    if appeal is None:
        case.status = CaseStatus.LETTER_SENT.value
    _event(session, case, actor, CaseStep.SEND_LETTER,
           f"Vedtaksbrev sendt til pasienten. Klagefrist: {norwegian_date(deadline)}.", moment, appeal)
    session.flush()
    return letter


def _close(session: Session, case: Case, actor: Actor, moment: datetime) -> None:
    _flow(CaseStep.CLOSE, actor, case.status)
    case.status = CaseStatus.CLOSED.value
    _event(session, case, actor, CaseStep.CLOSE, "Saken er avsluttet.", moment)


# ---------------------------------------------------------------------------------------------------- appeals


def file_appeal(session: Session, actor: Actor, case_id: int, body: AppealIn,
                now: datetime | None = None) -> AppealView:
    """An appeal from the patient (or someone acting for the patient), or registered by a caseworker from paper.
    A patient's digital appeal within the deadline meets the formal requirements at once (checked by the system);
    any other goes to a caseworker for the formal check."""
    moment = _now(now)
    on = today(moment)
    case = _load(session, case_id, lock=True)
    if actor.role is Role.PATIENT:
        assert actor.fnr is not None
        if case.patient_fnr not in patient_fnrs(session, actor.fnr):
            raise CaseForbidden("Du kan bare klage på vedtak i dine egne saker eller barnas saker.")
        if body.received_on is not None:
            raise CaseError("Datoen klagen kom inn settes av Helfo; la «received_on» være tom.")
    _flow(CaseStep.RECEIVE_APPEAL, actor, case.status)
    decision = _appealable_decision(case, body.decision_id)
    received = body.received_on or on
    if received > on:
        raise CaseError(f"Klagen kan ikke ha kommet inn {received.isoformat()}, som er etter i dag.")
    # The deadline runs from the day the decision reached the party (fvl § 29), never from the day it was sent:
    # when that day is not given, the sending date is stored as the earliest it can be, marked as not known.
    sent = decision.letter_sent_on or decision.decided_on
    known = body.decision_received_on is not None
    decision_received = body.decision_received_on or sent
    if decision_received < sent or decision_received > received:
        raise CaseError("Datoen vedtaket ble mottatt må ligge mellom datoen det ble sendt og datoen klagen kom inn.")
    deadline, _ = _rules(appeal_deadline, decision_received, default_parameters(), calendar_for(decision_received))
    appeal = Appeal(
        decision_id=decision.id, status=AppealStatus.RECEIVED.value, step=CaseStep.RECEIVE_APPEAL.name,
        appellant_subject=actor.subject, appellant_role=actor.role.value, appellant_name=actor.name,
        on_behalf_of=body.on_behalf_of, grounds=body.grounds, received_on=received,
        decision_received_on=decision_received, deadline=deadline,
        formal={"late_reason": body.late_reason, "signed": body.signed, "decision_received_known": known,
                "decision_sent_on": sent.isoformat()}, reconsideration={}, helseklage={},
        further_appeal={}, trygderetten={}, created_at=moment,
    )
    case.appeals.append(appeal)
    case.status = CaseStatus.APPEALED.value
    session.flush()
    who = f"{actor.name}" + (f" på vegne av {body.on_behalf_of}" if body.on_behalf_of else "")
    _event(session, case, actor, CaseStep.RECEIVE_APPEAL,
           f"Klage mottatt {norwegian_date(received)} fra {who} på vedtaket av {norwegian_date(decision.decided_on)}. "
           + (f"Klagefrist: {norwegian_date(deadline)}." if known else
            f"Det er ikke oppgitt når vedtaket kom fram; fristen er tidligst {norwegian_date(deadline)}."),
           moment, appeal)
    if actor.role is Role.PATIENT:
        facts = AppealFacts(body.decision_received_on, received, True, True, body.signed, body.late_reason, None,
                            decision_sent=sent)
        result = _rules(formal_requirements, facts, default_parameters(), calendar_for(decision_received, received))
        if result.outcome is FormalOutcome.ADMISSIBLE:
            _record_formal(session, case, appeal, SYSTEM, result, moment, "")
    session.flush()
    return appeal_view(appeal)


def _appealable_decision(case: Case, decision_id: int | None) -> Decision:
    active = [d for d in case.decisions if d.active]
    if decision_id is not None:
        chosen = next((d for d in case.decisions if d.id == decision_id), None)
        if chosen is None:
            raise CaseNotFound(f"Saken har ikke noe vedtak med id {decision_id}.")
        if not chosen.active:
            raise CaseConflict("Vedtaket er erstattet av et nyere vedtak; klag på det gjeldende vedtaket.")
    elif active:
        chosen = active[-1]
    else:
        raise CaseConflict("Saken har ikke noe gjeldende vedtak å klage på.")
    if chosen.outcome not in APPEALABLE:
        raise CaseConflict("Vedtaket er innvilget i sin helhet; du kan klage på avslag og delvise avslag.")
    return chosen


def check_formal_requirements(session: Session, actor: Actor, appeal_id: int, body: FormalIn,
                              now: datetime | None = None) -> AppealView:
    """The caseworker's check of the formal requirements: admissible, open (to correct or judge), or rejected
    (a rejection letter is sent and the case closed)."""
    moment = _now(now)
    case, appeal = _load_appeal(session, appeal_id)
    _flow(CaseStep.FORMAL_REQUIREMENTS, actor, appeal.status)
    facts = AppealFacts(_decision_received(appeal, body.decision_received_on), appeal.received_on,
                        body.appellant_is_party, body.concrete, body.signed, appeal.formal.get("late_reason"),
                        body.exception_accepted, decision_sent=_decision_sent(appeal))
    result = _rules(formal_requirements, facts, default_parameters(),
                    calendar_for(appeal.decision_received_on, appeal.received_on))
    if facts.decision_received is not None and result.deadline is not None:
        appeal.decision_received_on = facts.decision_received
        appeal.deadline = result.deadline
        appeal.formal = {**appeal.formal, "decision_received_known": True}
    _record_formal(session, case, appeal, actor, result, moment, body.note)
    session.flush()
    return appeal_view(appeal)


def _decision_sent(appeal: Appeal) -> date | None:
    sent = (appeal.formal or {}).get("decision_sent_on")
    return date.fromisoformat(sent) if sent else None


def _decision_received(appeal: Appeal, given: date | None) -> date | None:
    """The day the decision reached the party: given now by the caseworker, or recorded with the appeal. Appeals
    filed before the flag was kept recorded a known date."""
    if given is not None:
        return given
    return appeal.decision_received_on if (appeal.formal or {}).get("decision_received_known", True) else None


def _record_formal(session: Session, case: Case, appeal: Appeal, actor: Actor, result: Any, moment: datetime,
                   note: str) -> None:
    appeal.formal = {
        **appeal.formal, "outcome": result.outcome.value,
        "deadline": result.deadline.isoformat() if result.deadline else None,
        "within_deadline": result.within_deadline, "exception_used": result.exception_used,
        "failures": [{"code": f.code, "text": f.text, "reference": str(f.reference)} for f in result.failures],
        "open_points": list(result.open_points), "by": actor.name, "note": note,
        "steps": [s.as_dict() for s in result.steps],
    }
    appeal.step = CaseStep.FORMAL_REQUIREMENTS.name
    if result.outcome is FormalOutcome.ADMISSIBLE:
        appeal.status = AppealStatus.ADMISSIBLE.value
        text = result.steps[-1].text + " Klagen går til ny vurdering i enheten som fattet vedtaket."
    elif result.outcome is FormalOutcome.OPEN:
        appeal.status = AppealStatus.FORMAL_OPEN.value
        text = "Formkravene må avklares: " + " ".join(f.text for f in result.failures)
    else:
        appeal.status = AppealStatus.REJECTED.value
        appeal.closed_at = moment
        text = "Klagen avvises: " + " ".join(f.text for f in result.failures)
    _event(session, case, actor, CaseStep.FORMAL_REQUIREMENTS, text, moment, appeal)
    if result.outcome is FormalOutcome.REJECTED:
        sent_on = today(moment)
        deadline, _ = _rules(appeal_deadline, sent_on, default_parameters(), calendar_for(sent_on))
        weeks, _use = default_parameters()["procedure.appeal.deadline"].use(sent_on)
        decision = session.get(Decision, appeal.decision_id)
        assert decision is not None
        html = rejection_html(RejectionLetter(
            reference=case.reference or "", recipient=_recipient(session, case, sent_on), sent_on=sent_on,
            appeal_received=appeal.received_on, decision_date=decision.decided_on,
            reasons=tuple(f.text for f in result.failures), appeal_weeks=weeks, appeal_deadline=deadline))
        case.letters.append(Letter(kind="appeal_rejected", title="Klagen din er avvist", sent_on=sent_on,
                                   created_at=moment, appeal_deadline=deadline,
                                   filename=f"avvisning-{case.reference}-{appeal.id}.pdf", pdf=to_pdf(html),
                                   appeal_id=appeal.id))
        case.status = CaseStatus.CLOSED.value
        _event(session, case, actor, CaseStep.FORMAL_REQUIREMENTS, "Brev om avvisning sendt til pasienten.",
               moment, appeal)


def reconsider(session: Session, actor: Actor, appeal_id: int, body: ReconsiderationIn,
               now: datetime | None = None) -> AppealView:
    """The unit that decided looks at the case again: it changes the decision (a new decision and letter, any
    condition may be overruled) or upholds it (the case then goes to Helseklage)."""
    moment = _now(now)
    case, appeal = _load_appeal(session, appeal_id)
    _flow(CaseStep.RECONSIDER, actor, appeal.status)
    old = session.get(Decision, appeal.decision_id)
    assert old is not None
    if body.outcome == "changed":
        answers = {k: Resolution(r.met, r.note) for k, r in body.resolutions.items()}
        assessment = _assess(case, answers)
        if not assessment.outcome.decided:
            raise CaseError("Den nye vurderingen avgjør ikke saken; disse punktene må også vurderes: "
                            + ", ".join(assessment.open_keys) + ".")
        if assessment.outcome.value == old.outcome and [i.status for i in assessment.items] == [
                Status.MET if g else Status.NOT_MET for g in _granted_flags(old)]:
            raise CaseConflict("Den nye vurderingen gir samme resultat som vedtaket; velg «upheld» (opprettholdt).")
        stamp = {"by": actor.name, "at": moment.isoformat()}
        case.resolutions = {**(case.resolutions or {}),
                            **{k: {"met": r.met, "note": r.note, **stamp} for k, r in body.resolutions.items()}}
        decision = _decide(session, case, actor, moment, assessment, body.valid_to, body.set_valid_to, body.note,
                           instance="helfo_reconsidered", step=CaseStep.RECONSIDER)
        appeal.reconsideration = {"outcome": "changed", "note": body.note, "by": actor.name,
                                  "on": today(moment).isoformat(), "decision_id": decision.id}
        appeal.status = AppealStatus.CHANGED.value
        appeal.step = CaseStep.RECONSIDER.name
        appeal.closed_at = moment
        _event(session, case, actor, CaseStep.RECONSIDER,
               f"Helfo har vurdert klagen på nytt og endrer vedtaket: {DECISION_LABELS[decision_outcome(decision)]}. "
               f"{body.note}", moment, appeal)
        _send_decision_letter(session, case, actor, decision, moment,
                              intro="Vi har vurdert klagen din på nytt og endrer vedtaket. Dette vedtaket erstatter "
                                    f"vedtaket av {norwegian_date(old.decided_on)}.", appeal=appeal)
        case.status = CaseStatus.CLOSED.value
    else:
        if body.resolutions:
            raise CaseError("Et opprettholdt vedtak endrer ingen vilkår; la «resolutions» være tom.")
        appeal.reconsideration = {"outcome": "upheld", "note": body.note, "by": actor.name,
                                  "on": today(moment).isoformat()}
        appeal.status = AppealStatus.UPHELD.value
        appeal.step = CaseStep.RECONSIDER.name
        _event(session, case, actor, CaseStep.RECONSIDER,
               f"Helfo har vurdert klagen på nytt og opprettholder vedtaket: {body.note}", moment, appeal)
    session.flush()
    return appeal_view(appeal)


def decision_outcome(decision: Decision) -> DecisionOutcome:
    return DecisionOutcome(decision.outcome)


def _granted_flags(decision: Decision) -> list[bool]:
    names_granted = [g["name"] for g in decision.granted]
    names_all = names_granted + [r["name"] for r in decision.refused]
    order = {name: i for i, name in enumerate(names_all)}
    flags = [False] * len(names_all)
    for name in names_granted:
        flags[order[name]] = True
    return flags


def draft_summary(case: Case, appeal: Appeal) -> str:
    """A first draft of Helfo's summary of the case (fremstilling av saken) for Helseklage and the patient."""
    decision = next((d for d in case.decisions if d.id == appeal.decision_id), None)
    assert decision is not None
    form = _form(case)
    what = ", ".join(d.name for d in form.drugs) if form.kind is Kind.DRUG else ", ".join(
        p.name for p in (form.nutrition.products if form.nutrition else []))
    parts = [
        f"{case.applicant_name} søkte {norwegian_date(case.received_on)} om individuell stønad til {what} "
        f"({LABELS[Kind(case.kind)]}).",
        f"Helfo {DECISION_LABELS[decision_outcome(decision)]} søknaden {norwegian_date(decision.decided_on)}. "
        + " ".join(decision.reasons),
        f"Klagen kom inn {norwegian_date(appeal.received_on)}. Klagerens begrunnelse: {appeal.grounds}",
        "Helfo har vurdert klagen på nytt og opprettholder vedtaket: "
        + str(appeal.reconsideration.get("note") or ""),
    ]
    return "\n\n".join(parts)


def forward_to_helseklage(session: Session, actor: Actor, appeal_id: int, body: ForwardIn | None = None,
                          now: datetime | None = None) -> AppealView:
    """Forward an upheld appeal to Helseklage; the patient gets Helfo's summary of the case and may comment."""
    moment = _now(now)
    body = body or ForwardIn()
    case, appeal = _load_appeal(session, appeal_id)
    _flow(CaseStep.FORWARD, actor, appeal.status)
    summary = (body.summary or "").strip() or draft_summary(case, appeal)
    sent_on = today(moment)
    decision = session.get(Decision, appeal.decision_id)
    assert decision is not None
    weeks, _use = default_parameters()["procedure.appeal.further_appeal_deadline"].use(sent_on)
    html = forwarding_html(ForwardingLetter(
        reference=case.reference or "", recipient=_recipient(session, case, sent_on), sent_on=sent_on,
        appeal_received=appeal.received_on, decision_date=decision.decided_on,
        summary=tuple(p.strip() for p in summary.split("\n\n") if p.strip()), further_weeks=weeks))
    case.letters.append(Letter(kind="forwarding", title="Klagen din er sendt til Helseklage", sent_on=sent_on,
                               created_at=moment, appeal_deadline=None,
                               filename=f"oversendelse-{case.reference}-{appeal.id}.pdf", pdf=to_pdf(html),
                               appeal_id=appeal.id))
    appeal.summary = summary
    appeal.forwarded_on = sent_on
    appeal.status = AppealStatus.FORWARDED.value
    appeal.step = CaseStep.FORWARD.name
    _event(session, case, actor, CaseStep.FORWARD,
           "Klagen er sendt til Helseklage. Saksfremstillingen er sendt pasienten, som kan sende kommentarer til "
           "Helseklage.", moment, appeal)
    session.flush()
    return appeal_view(appeal)


def record_helseklage_decision(session: Session, actor: Actor, appeal_id: int, body: OutsideDecisionIn,
                               now: datetime | None = None) -> AppealView:
    """Register Helseklage's decision: upheld (the patient may appeal further to Trygderetten), reversed (a grant
    takes effect) or remitted (the decision is set aside and Helfo assesses the case again)."""
    moment = _now(now)
    case, appeal = _load_appeal(session, appeal_id)
    _flow(CaseStep.HELSEKLAGE_DECISION, actor, appeal.status)
    _outside_dates(body, appeal.forwarded_on or appeal.received_on, today(moment), "Helseklages vedtak")
    # The anke deadline runs from the day Helseklage's decision reached the party, not from the day it was made;
    # without that day only the earliest deadline is known (from the decision date).
    received = body.received_on
    record: dict[str, Any] = {"outcome": body.outcome, "decided_on": body.decided_on.isoformat(),
                              "received_on": received.isoformat() if received else None, "reasons": body.reasons,
                              "by": actor.name}
    appeal.step = CaseStep.HELSEKLAGE_DECISION.name
    if body.outcome == "upheld":
        start = received or body.decided_on
        deadline, _ = _rules(appeal_deadline, start, default_parameters(), calendar_for(start), True)
        record["further_appeal_deadline"] = deadline.isoformat() if received else None
        record["further_appeal_earliest_deadline"] = deadline.isoformat()
        appeal.status = AppealStatus.HELSEKLAGE_UPHELD.value
        text = (f"Helseklage opprettholdt vedtaket {norwegian_date(body.decided_on)}: {body.reasons} "
                + (f"Ankefrist til Trygderetten: {norwegian_date(deadline)}." if received else
                   "Ankefristen til Trygderetten er 6 uker fra vedtaket kom fram til parten, tidligst "
                   f"{norwegian_date(deadline)}; det er ikke registrert når det kom fram."))
    elif body.outcome == "reversed":
        appeal.status = AppealStatus.HELSEKLAGE_REVERSED.value
        appeal.closed_at = moment
        decision = _outside_grant(session, case, actor, moment, "helseklage", body.reasons)
        record["decision_id"] = decision.id
        case.status = CaseStatus.CLOSED.value
        text = f"Helseklage ga medhold {norwegian_date(body.decided_on)}: {body.reasons} Stønaden er innvilget."
    else:
        appeal.status = AppealStatus.HELSEKLAGE_REMITTED.value
        appeal.closed_at = moment
        _reopen(case)
        text = (f"Helseklage opphevet vedtaket {norwegian_date(body.decided_on)} og sendte saken tilbake til Helfo: "
                f"{body.reasons}")
    appeal.helseklage = record
    _event(session, case, actor, CaseStep.HELSEKLAGE_DECISION, text, moment, appeal)
    session.flush()
    return appeal_view(appeal)


def file_further_appeal(session: Session, actor: Actor, appeal_id: int, body: FurtherAppealIn,
                        now: datetime | None = None) -> AppealView:
    """An anke to Trygderetten after Helseklage upheld the decision. The deadline is checked and noted;
    Trygderetten decides itself whether a late anke is heard."""
    moment = _now(now)
    on = today(moment)
    case, appeal = _load_appeal(session, appeal_id)
    if actor.role is Role.PATIENT:
        assert actor.fnr is not None
        if case.patient_fnr not in patient_fnrs(session, actor.fnr):
            raise CaseForbidden("Du kan bare anke i dine egne saker eller barnas saker.")
        if body.received_on is not None:
            raise CaseError("Datoen anken kom inn settes av Helfo; la «received_on» være tom.")
    _flow(CaseStep.FURTHER_APPEAL, actor, appeal.status)
    received = body.received_on or on
    known = appeal.helseklage.get("received_on")
    helseklage_received = date.fromisoformat(known) if known else None
    helseklage_decided = date.fromisoformat(appeal.helseklage["decided_on"])
    if received > on or received < (helseklage_received or helseklage_decided):
        raise CaseError("Anken må ha kommet inn etter at Helseklages vedtak ble mottatt, og ikke etter i dag.")
    facts = AppealFacts(helseklage_received, received, True, True, True, body.late_reason, None,
                        decision_sent=helseklage_decided)
    result = _rules(formal_requirements, facts, default_parameters(),
                    calendar_for(helseklage_received or helseklage_decided, received), True)
    appeal.further_appeal = {"received_on": received.isoformat(), "grounds": body.grounds,
                             "late_reason": body.late_reason, "by": actor.name,
                             "deadline": result.deadline.isoformat() if result.deadline else None,
                             "within_deadline": result.within_deadline,
                             "steps": [s.as_dict() for s in result.steps]}
    appeal.status = AppealStatus.FURTHER_APPEALED.value
    appeal.step = CaseStep.FURTHER_APPEAL.name
    if result.within_deadline:
        late = ""
    elif result.deadline is None:
        late = (" Det er ikke kjent når Helseklages vedtak kom fram til parten; Trygderetten avgjør om anken kom i "
                "tide.")
    else:
        late = (f" Anken kom etter fristen {norwegian_date(result.deadline)}; Trygderetten avgjør om den likevel "
                "behandles.")
    _event(session, case, actor, CaseStep.FURTHER_APPEAL,
           f"Anke til Trygderetten mottatt {norwegian_date(received)} fra {actor.name} og oversendt.{late}",
           moment, appeal)
    session.flush()
    return appeal_view(appeal)


def record_trygderetten_ruling(session: Session, actor: Actor, appeal_id: int, body: OutsideDecisionIn,
                               now: datetime | None = None) -> AppealView:
    """Register Trygderetten's ruling (kjennelse): upheld, reversed (a grant takes effect) or remitted."""
    moment = _now(now)
    case, appeal = _load_appeal(session, appeal_id)
    _flow(CaseStep.TRYGDERETTEN_RULING, actor, appeal.status)
    _outside_dates(body, date.fromisoformat(appeal.further_appeal["received_on"]), today(moment),
                   "Trygderettens kjennelse")
    record: dict[str, Any] = {"outcome": body.outcome, "decided_on": body.decided_on.isoformat(),
                              "reasons": body.reasons, "by": actor.name}
    appeal.status = AppealStatus.RULED.value
    appeal.step = CaseStep.TRYGDERETTEN_RULING.name
    appeal.closed_at = moment
    if body.outcome == "reversed":
        decision = _outside_grant(session, case, actor, moment, "trygderetten", body.reasons)
        record["decision_id"] = decision.id
        case.status = CaseStatus.CLOSED.value
        text = f"Trygderetten ga medhold {norwegian_date(body.decided_on)}: {body.reasons} Stønaden er innvilget."
    elif body.outcome == "remitted":
        _reopen(case)
        text = (f"Trygderetten opphevet vedtaket {norwegian_date(body.decided_on)}; saken er sendt tilbake til "
                f"Helfo: {body.reasons}")
    else:
        case.status = CaseStatus.CLOSED.value
        text = f"Trygderetten stadfestet vedtaket {norwegian_date(body.decided_on)}: {body.reasons}"
    appeal.trygderetten = record
    _event(session, case, actor, CaseStep.TRYGDERETTEN_RULING, text, moment, appeal)
    session.flush()
    return appeal_view(appeal)


def _outside_dates(body: OutsideDecisionIn, earliest: date, latest: date, what: str) -> None:
    if body.decided_on < earliest or body.decided_on > latest:
        raise CaseError(f"Datoen for {what} må ligge mellom {earliest.isoformat()} og i dag.")
    if body.received_on is not None and (body.received_on < body.decided_on or body.received_on > latest):
        raise CaseError(f"{what} kan ikke være mottatt før det ble avsagt eller etter i dag.")


def _outside_grant(session: Session, case: Case, actor: Actor, moment: datetime, instance: str,
                   reasons: str) -> Decision:
    """A grant by Helseklage or Trygderetten: every condition counts as met."""
    base = _assess(case)
    overrides = {c.key: Resolution(True, f"{INSTANCE_LABELS[instance]}: {reasons}")
                 for c in base.conditions if c.status in (Status.NOT_MET, Status.OPEN)}
    assessment = _assess(case, overrides)
    return _decide(session, case, actor, moment, assessment, note=reasons, instance=instance,
                   step=CaseStep.HELSEKLAGE_DECISION if instance == "helseklage" else CaseStep.TRYGDERETTEN_RULING)


def _reopen(case: Case) -> None:
    """A decision set aside: it no longer counts, and Helfo assesses the case again (any condition may be
    answered anew)."""
    for decision in case.decisions:
        decision.active = False
    case.outcome = None
    case.resolutions = {}
    case.overrides_allowed = True
    base = _assess(case)
    case.open_points = _points(base) or [
        {"key": "remitted", "text": "Vedtaket er opphevet; vurder vilkårene på nytt.", "reference": ""}]
    case.status = CaseStatus.IN_QUEUE.value


# ---------------------------------------------------------------------------------------------------- reads


def get_case(session: Session, case_id: int) -> CaseView:
    return case_view(_load(session, case_id))


def cases_for_applicant(session: Session, subject: str) -> list[CaseSummary]:
    cases = session.scalars(select(Case).where(Case.applicant_subject == subject).order_by(Case.id.desc()))
    return [case_summary(c) for c in cases]


def cases_for_patient(session: Session, fnrs: Iterable[str]) -> list[CaseSummary]:
    cases = session.scalars(select(Case).where(Case.patient_fnr.in_(list(fnrs))).order_by(Case.id.desc()))
    return [case_summary(c) for c in cases]


def letter_file(session: Session, case_id: int, letter_id: int) -> LetterFile:
    letter = session.get(Letter, letter_id)
    if letter is None or letter.case_id != case_id:
        raise CaseNotFound(f"Saken har ikke noe brev med id {letter_id}.")
    case = letter.case
    return LetterFile(letter.filename, letter.pdf, case.id, case.patient_fnr, case.applicant_subject)


def granted_decisions(session: Session, fnr: str, on_date: date) -> list[GrantedDecision]:
    """Every drug or product the patient has an active granted individual decision for on the date."""
    number, _birth = _fnr(fnr)
    rows = session.execute(
        select(Decision, Case.reference, Case.kind)
        .join(Case, Case.id == Decision.case_id)
        .where(Case.patient_fnr == number, Decision.active.is_(True),
               Decision.outcome.in_(["granted", "partly_granted"]))
        .order_by(Decision.id)
    ).all()
    found: list[GrantedDecision] = []
    for decision, reference, kind in rows:
        for item in decision.granted:
            valid_from = date.fromisoformat(item["valid_from"])
            valid_to = date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None
            if valid_from <= on_date and (valid_to is None or on_date <= valid_to):
                found.append(GrantedDecision(
                    patient_fnr=number, hjemmel="§3" if kind == Kind.DRUG.value else "§6",
                    hjemmel_code=decision.hjemmel_code, atc=item.get("atc"), varenummer=item.get("varenummer"),
                    product_group=item.get("article_group"), refund_code=decision.refund_code,
                    valid_from=valid_from, valid_to=valid_to, decision_id=decision.id,
                    case_reference=reference or "",
                ))
    return found


def automation_report(session: Session, date_from: date, date_to: date) -> AutomationReport:
    """How many first-instance decisions in the period were made automatically (Helfo: 89 % of drug applications
    in 2024, shared/reference/scale-figures.md § 3)."""
    if date_to < date_from:
        raise CaseError("Sluttdatoen kan ikke være før startdatoen.")
    rows = session.execute(
        select(Case.kind, Decision.automatic, func.count())
        .join(Case, Case.id == Decision.case_id)
        .where(Decision.instance == "helfo", Decision.decided_on >= date_from, Decision.decided_on <= date_to)
        .group_by(Case.kind, Decision.automatic)
    ).all()
    by_kind: dict[str, list[int]] = {}
    for kind, automatic, count in rows:
        entry = by_kind.setdefault(kind, [0, 0])
        entry[0] += count
        if automatic:
            entry[1] += count
    decided = sum(v[0] for v in by_kind.values())
    automatic_count = sum(v[1] for v in by_kind.values())
    return AutomationReport(date_from, date_to, decided, automatic_count, decided - automatic_count,
                            Fraction(automatic_count, decided) if decided else None,
                            {k: (v[0], v[1]) for k, v in by_kind.items()})


# ---------------------------------------------------------------------------------------------------- view builders


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def decision_view(d: Decision) -> DecisionView:
    return DecisionView(
        id=d.id, instance=d.instance, instance_label=INSTANCE_LABELS.get(d.instance, d.instance), outcome=d.outcome,
        outcome_label=DECISION_LABELS[decision_outcome(d)], automatic=d.automatic, active=d.active,
        decided_on=d.decided_on, decided_by_name=d.decided_by_name, hjemmel=d.hjemmel, hjemmel_code=d.hjemmel_code,
        refund_code=d.refund_code,
        granted=tuple(GrantedItemView(g["name"], g.get("atc"), g.get("varenummer"), g.get("article_group"),
                                      date.fromisoformat(g["valid_from"]),
                                      date.fromisoformat(g["valid_to"]) if g.get("valid_to") else None,
                                      g.get("validity_text", "")) for g in d.granted),
        refused=tuple(RefusedItem(r["name"], r.get("atc"), r.get("varenummer"), r.get("article_group"),
                                      tuple(r["reasons"]), tuple(r["legal_basis"])) for r in d.refused),
        legal_basis=tuple(d.legal_basis), reasons=tuple(d.reasons), bidrag_note=d.bidrag_note, note=d.note,
        letter_sent_on=d.letter_sent_on, appeal_deadline=d.appeal_deadline,
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
        id=case.id, reference=case.reference or "", kind=case.kind, kind_label=LABELS[Kind(case.kind)],
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
        timeline=tuple(EventView(_aware(e.at), e.actor_name, e.actor_role, e.step, CaseStep[e.step].label, e.text)
                       for e in case.events),
        steps=tuple(case.steps or []),
    )


def _conditions(case: Case) -> tuple[ConditionView, ...]:
    try:
        assessment = _assess(case)
    except CaseError:
        return ()
    return tuple(ConditionView(c.key, c.status.value, c.text, str(c.reference), c.decided_by_rule)
                 for c in assessment.conditions if c.status is not Status.NOT_RELEVANT)


def summary_draft(session: Session, appeal_id: int) -> str:
    """The draft of Helfo's summary of the case for an appeal (for the caseworker to edit before forwarding)."""
    case, appeal = _load_appeal(session, appeal_id)
    return draft_summary(case, appeal)


def case_summary(case: Case) -> CaseSummary:
    outcome_label = DECISION_LABELS[DecisionOutcome(case.outcome)] if case.outcome else None
    return CaseSummary(case.id, case.reference or "", case.kind, LABELS[Kind(case.kind)], case.received_on,
                       case.status, status_label(case.status), case.outcome, outcome_label, case.deadline,
                       case.prioritised, case.patient_birth_date)
