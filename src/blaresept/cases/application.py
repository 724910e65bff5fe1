"""The application track of the case engine, the same for every stønad: received → complete? (else awaiting a
supplement) → assessed (by the rules, or by a caseworker answering the open points) → decided → letter sent →
closed. What the form is, what the rules say and what the decision and letter contain come from the stønad
(`contract.stonad_for(kind)`).

Each public function is one operation in the caller's transaction; input is checked before anything is
written, so bad input raises a CaseError with a bokmål message and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from blaresept.cases.actors import SYSTEM, Actor
from blaresept.cases.clock import calendar_for, moment_of, today
from blaresept.cases.contract import (
    Answer,
    CaseAssessment,
    DecisionDraft,
    DecisionOptions,
    LetterFrame,
    stonad_for,
)
from blaresept.cases.errors import CaseError, CaseForbidden, call_rule
from blaresept.cases.flow import CaseStatus, CaseStep, Role, require_step
from blaresept.cases.letters import to_pdf
from blaresept.cases.repository import case_input, load_case, parse_fnr, recipient_for, record_event
from blaresept.cases.schemas import DecisionIn, ResolutionIn
from blaresept.cases.tables import Appeal, ApplicationVersion, Case, Decision, Letter
from blaresept.cases.views import CaseView, case_view
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import DECISION_LABELS, appeal_deadline, norwegian_date

log = logging.getLogger("blaresept.cases")


def answers_of(case: Case) -> dict[str, Answer]:
    return {key: Answer(bool(v["met"]), str(v.get("note") or "")) for key, v in (case.resolutions or {}).items()}


def assess_stored(case: Case, extra: Mapping[str, Answer] | None = None) -> CaseAssessment:
    """The stønad's assessment of the stored case with the caseworker's answers (and `extra` on top)."""
    return stonad_for(case.kind).assess(case_input(case), answers_of(case) | dict(extra or {}))


def points_json(assessment: CaseAssessment) -> list[dict[str, Any]]:
    return [{"key": p.key, "text": p.text, "reference": p.reference} for p in assessment.open_points]


def _explanation(case: Case, assessment: CaseAssessment) -> list[dict[str, Any]]:
    return [s for s in case.steps if s.get("rule") == "procedure.processing_time"] + list(assessment.steps)


def submit(session: Session, actor: Actor, kind: str, form: BaseModel, now: datetime | None = None) -> CaseView:
    """A new form: received, checked for completeness, and — when the rules decide every condition — assessed,
    decided, the letter sent and the case closed at once; otherwise it waits for a supplement or lands in the
    caseworker queue with the open points named."""
    moment = moment_of(now)
    stonad = stonad_for(kind)
    require_step(CaseStep.RECEIVE, actor, None, stonad.submitter_roles)
    fnr, birth_date = parse_fnr(stonad.patient_of(form))
    received = today(moment)
    intake = stonad.intake(form, actor, received, fnr, birth_date)
    deadline = intake.deadline
    case = Case(
        kind=kind, patient_fnr=fnr, patient_birth_date=birth_date, applicant_subject=actor.subject,
        applicant_hpr=actor.hpr or "", applicant_name=actor.name, received_on=received, received_at=moment,
        prioritised=deadline.prioritised, priority_reasons=list(deadline.reasons), processing_weeks=deadline.weeks,
        deadline=deadline.due, status=CaseStatus.RECEIVED.value, step=CaseStep.RECEIVE.name, missing=[],
        open_points=[], resolutions={}, overrides_allowed=False, steps=[deadline.step.as_dict()],
        updated_at=moment,
    )
    case.applications.append(ApplicationVersion(version=1, submitted_at=moment, submitted_by=actor.subject,
                                                content=intake.content))
    session.add(case)
    session.flush()
    case.reference = f"{stonad.reference_prefix}-{received.year}-{case.id:06d}"
    record_event(case, actor, CaseStep.RECEIVE, intake.text, moment)
    process(session, case, moment)
    session.flush()
    log.info("Søknad mottatt i sak %s: %s", case.reference, case.status)
    return case_view(case)


def supplement(session: Session, actor: Actor, case_id: int, form: BaseModel,
               now: datetime | None = None) -> CaseView:
    """The applicant sends the form again with what was missing; it is checked anew."""
    moment = moment_of(now)
    case = load_case(session, case_id, lock=True)
    stonad = stonad_for(case.kind)
    require_step(CaseStep.SUPPLEMENT, actor, case.status, stonad.submitter_roles)
    if actor.subject != case.applicant_subject:
        raise CaseForbidden("Bare den som sendte søknaden, kan supplere den." if actor.role is not Role.DOCTOR
                            else "Bare legen som sendte søknaden, kan supplere den.")
    fnr, birth_date = parse_fnr(stonad.patient_of(form))
    if fnr != case.patient_fnr:
        raise CaseError("Suppleringen gjelder en annen pasient enn søknaden.")
    problem = stonad.check_supplement(form, case_input(case))
    if problem:
        raise CaseError(problem)
    intake = stonad.intake(form, actor, case.received_on, fnr, birth_date)
    version = len(case.applications) + 1
    case.applications.append(ApplicationVersion(version=version, submitted_at=moment, submitted_by=actor.subject,
                                                content=intake.content))
    case.status = CaseStatus.RECEIVED.value
    record_event(case, actor, CaseStep.SUPPLEMENT, f"{actor.name} supplerte søknaden (versjon {version}).", moment)
    process(session, case, moment)
    session.flush()
    return case_view(case)


def process(session: Session, case: Case, moment: datetime) -> None:
    """The system's steps after a (re)received form: completeness, assessment, and if the rules decide
    everything: decision, letter and closing."""
    require_step(CaseStep.CHECK_COMPLETENESS, SYSTEM, case.status)
    assessment = assess_stored(case)
    case.steps = _explanation(case, assessment)
    missing = assessment.missing
    case.missing = [{"code": m.key, "text": m.text, "reference": m.reference} for m in missing]
    if missing:
        case.status = CaseStatus.AWAITING_SUPPLEMENT.value
        record_event(case, SYSTEM, CaseStep.CHECK_COMPLETENESS,
                     "Søknaden er ikke komplett. "
                     f"{stonad_for(case.kind).supplement_by} må sende: " + " ".join(m.text for m in missing), moment,
                     data={"missing": [m.key for m in missing]})
        return
    case.status = CaseStatus.COMPLETE.value
    record_event(case, SYSTEM, CaseStep.CHECK_COMPLETENESS, "Søknaden er komplett.", moment)
    require_step(CaseStep.ASSESS, SYSTEM, case.status)
    case.open_points = points_json(assessment)
    if not assessment.decided:
        case.status = CaseStatus.IN_QUEUE.value
        record_event(case, SYSTEM, CaseStep.ASSESS,
                     "Søknaden kan ikke avgjøres automatisk og er sendt til saksbehandler. Disse punktene må "
                     "avklares: " + " ".join(p.text for p in assessment.open_points), moment,
                     data={"open_points": list(assessment.open_keys)})
        return
    case.status = CaseStatus.ASSESSED.value
    record_event(case, SYSTEM, CaseStep.ASSESS,
                 f"Alle vilkår er avgjort etter reglene: {assessment.outcome_label}.", moment)
    decision = decide(session, case, SYSTEM, moment, assessment)
    send_decision_letter(session, case, SYSTEM, decision, moment)
    close(session, case, SYSTEM, moment)


def assess_case(session: Session, actor: Actor, case_id: int, resolutions: Mapping[str, ResolutionIn],
                now: datetime | None = None) -> CaseView:
    """A caseworker answers open points (some or all). When none is left, the case is ready for a decision."""
    moment = moment_of(now)
    case = load_case(session, case_id, lock=True)
    require_step(CaseStep.ASSESS, actor, case.status)
    open_keys = [p["key"] for p in case.open_points or []]
    if not resolutions and not case.overrides_allowed:
        raise CaseError("Oppgi en vurdering for minst ett av punktene: " + ", ".join(open_keys) + ".")
    unknown = [k for k in resolutions if k not in open_keys]
    if unknown and not case.overrides_allowed:
        raise CaseError(f"Punktet «{unknown[0]}» er ikke åpent i saken (åpne punkter: {', '.join(open_keys)}).")
    answers = {k: Answer(r.met, r.note) for k, r in resolutions.items()}
    assessment = assess_stored(case, answers)  # raises CaseError for keys the rules do not know
    stamp = {"by": actor.name, "at": moment.isoformat()}
    case.resolutions = {**(case.resolutions or {}),
                        **{k: {"met": r.met, "note": r.note, **stamp} for k, r in resolutions.items()}}
    case.open_points = points_json(assessment)
    case.steps = _explanation(case, assessment)
    answered = "; ".join(f"{k}: {'oppfylt' if r.met else 'ikke oppfylt'}" + (f" ({r.note})" if r.note else "")
                         for k, r in resolutions.items())
    if assessment.decided:
        case.status = CaseStatus.ASSESSED.value
        text = f"{actor.name} vurderte {answered or 'saken på nytt'}. Resultat: {assessment.outcome_label}."
    else:
        case.status = CaseStatus.IN_QUEUE.value
        text = f"{actor.name} vurderte {answered}. Fortsatt åpent: {', '.join(assessment.open_keys)}."
    record_event(case, actor, CaseStep.ASSESS, text, moment, data={"resolved": list(resolutions)})
    session.flush()
    return case_view(case)


def decide_case(session: Session, actor: Actor, case_id: int, body: DecisionIn | None = None,
                now: datetime | None = None) -> CaseView:
    """A caseworker's decision on an assessed case; with `send_letter` (default) the letter is sent and the case
    closed in the same operation."""
    moment = moment_of(now)
    body = body or DecisionIn()
    case = load_case(session, case_id, lock=True)
    require_step(CaseStep.DECIDE, actor, case.status)
    assessment = assess_stored(case)
    decision = decide(session, case, actor, moment, assessment, DecisionOptions(body.valid_to, body.set_valid_to),
                      body.note)
    if body.send_letter:
        send_decision_letter(session, case, actor, decision, moment)
        close(session, case, actor, moment)
    session.flush()
    return case_view(case)


def send_letter(session: Session, actor: Actor, case_id: int, now: datetime | None = None) -> CaseView:
    moment = moment_of(now)
    case = load_case(session, case_id, lock=True)
    require_step(CaseStep.SEND_LETTER, actor, case.status)
    decision = next(d for d in reversed(case.decisions) if d.active)
    send_decision_letter(session, case, actor, decision, moment)
    session.flush()
    return case_view(case)


def close_case(session: Session, actor: Actor, case_id: int, now: datetime | None = None) -> CaseView:
    moment = moment_of(now)
    case = load_case(session, case_id, lock=True)
    require_step(CaseStep.CLOSE, actor, case.status)
    close(session, case, actor, moment)
    session.flush()
    return case_view(case)


def decide(session: Session, case: Case, actor: Actor, moment: datetime, assessment: CaseAssessment,
           options: DecisionOptions | None = None, note: str | None = None, instance: str = "helfo",
           step: CaseStep = CaseStep.DECIDE) -> Decision:
    """Store the decision the assessment leads to (the stønad gives its content); earlier decisions lapse."""
    if step is CaseStep.DECIDE:
        require_step(CaseStep.DECIDE, actor, case.status)
    draft: DecisionDraft = stonad_for(case.kind).decide(case_input(case), assessment, options or DecisionOptions())
    for previous in case.decisions:
        previous.active = False
    decision = Decision(
        instance=instance, outcome=draft.outcome.value, automatic=assessment.automatic and actor is SYSTEM,
        active=True, decided_on=today(moment), decided_at=moment, decided_by=actor.subject,
        decided_by_name=actor.name, hjemmel=draft.hjemmel, hjemmel_code=draft.hjemmel_code,
        refund_code=draft.refund_code, granted=list(draft.granted), refused=list(draft.refused),
        legal_basis=list(draft.legal_basis), reasons=list(draft.reasons), bidrag_note=draft.bidrag_note,
        note=note, steps=list(draft.steps), details=dict(draft.details) or None,
    )
    case.decisions.append(decision)
    case.outcome = draft.outcome.value
    session.flush()
    after_decision = getattr(stonad_for(case.kind), "after_decision", None)
    if after_decision is not None:  # optional: what a decision does outside the case (e.g. issue a card)
        after_decision(session, case, decision, moment)
    if step is CaseStep.DECIDE:
        case.status = CaseStatus.DECIDED.value
        how = "automatisk etter reglene" if decision.automatic else f"av {actor.name}"
        record_event(case, actor, CaseStep.DECIDE,
                     f"Vedtak fattet {how}: {DECISION_LABELS[draft.outcome]}. " + " ".join(draft.reasons), moment,
                     data={"outcome": draft.outcome.value})
    session.flush()
    return decision


def send_decision_letter(session: Session, case: Case, actor: Actor, decision: Decision, moment: datetime,
                         intro: str | None = None, appeal: Appeal | None = None) -> Letter:
    """The decision letter: the engine's frame (recipient, dates, right to appeal) around the stønad's body."""
    if appeal is None:
        require_step(CaseStep.SEND_LETTER, actor, case.status)
    sent_on = today(moment)
    deadline, _step = call_rule(appeal_deadline, sent_on, default_parameters(), calendar_for(sent_on))
    weeks, _use = default_parameters()["procedure.appeal.deadline"].use(sent_on)
    frame = LetterFrame(reference=case.reference or "", recipient=recipient_for(session, case, sent_on),
                        sent_on=sent_on, received=case.received_on, appeal_weeks=weeks, appeal_deadline=deadline,
                        intro=intro)
    rendered = stonad_for(case.kind).decision_letter(case_input(case), decision, frame)
    letter = Letter(kind="decision", title=rendered.title, sent_on=sent_on, created_at=moment,
                    appeal_deadline=deadline, filename=f"vedtak-{case.reference}-{decision.id}.pdf",
                    pdf=to_pdf(rendered.html), decision_id=decision.id, appeal_id=appeal.id if appeal else None)
    case.letters.append(letter)
    decision.letter_sent_on = sent_on
    decision.appeal_deadline = deadline
    if appeal is None:
        case.status = CaseStatus.LETTER_SENT.value
    record_event(case, actor, CaseStep.SEND_LETTER,
                 f"Vedtaksbrev sendt til pasienten. Klagefrist: {norwegian_date(deadline)}.", moment, appeal)
    session.flush()
    return letter


def close(session: Session, case: Case, actor: Actor, moment: datetime) -> None:
    require_step(CaseStep.CLOSE, actor, case.status)
    case.status = CaseStatus.CLOSED.value
    record_event(case, actor, CaseStep.CLOSE, "Saken er avsluttet.", moment)
