"""The appeal chain of the case engine, the same for every stønad: an appeal is received → its formal
requirements are checked (a rejection letter if they fail) → the unit that decided reconsiders (a new decision and
letter, or upheld) → forwarded to Helseklage with Helfo's summary of the case → Helseklage's decision → a further
appeal (anke) to Trygderetten → Trygderetten's ruling. Helseklage and Trygderetten are outside Helfo: a caseworker
registers their decisions when they arrive, so the timeline holds the whole chain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from blaresept.cases.actors import SYSTEM, Actor
from blaresept.cases.application import assess_stored, decide, points_json, send_decision_letter
from blaresept.cases.clock import calendar_for, moment_of, today
from blaresept.cases.contract import Answer, DecisionOptions, stonad_for
from blaresept.cases.errors import CaseConflict, CaseError, CaseForbidden, CaseNotFound, call_rule
from blaresept.cases.flow import INSTANCE_LABELS, AppealStatus, CaseStatus, CaseStep, Role, require_step
from blaresept.cases.letters import ForwardingLetter, RejectionLetter, forwarding_html, rejection_html, to_pdf
from blaresept.cases.repository import (
    case_input,
    load_appeal,
    load_case,
    patient_fnrs,
    recipient_for,
    record_event,
)
from blaresept.cases.schemas import (
    AppealIn,
    FormalIn,
    ForwardIn,
    FurtherAppealIn,
    OutsideDecisionIn,
    ReconsiderationIn,
)
from blaresept.cases.tables import Appeal, Case, Decision, Letter
from blaresept.cases.views import AppealView, appeal_view, appealable
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import (
    DECISION_LABELS,
    AppealFacts,
    DecisionOutcome,
    FormalOutcome,
    appeal_deadline,
    formal_requirements,
    norwegian_date,
)


def file_appeal(session: Session, actor: Actor, case_id: int, body: AppealIn,
                now: datetime | None = None) -> AppealView:
    """An appeal from the patient (or someone acting for the patient), or registered by a caseworker from paper.
    A patient's digital appeal within the deadline meets the formal requirements at once (checked by the system);
    any other goes to a caseworker for the formal check."""
    moment = moment_of(now)
    on = today(moment)
    case = load_case(session, case_id, lock=True)
    if actor.role is Role.PATIENT:
        if not actor.fnr or case.patient_fnr not in patient_fnrs(session, actor.fnr):
            raise CaseForbidden("Du kan bare klage på vedtak i dine egne saker eller barnas saker.")
        if body.received_on is not None:
            raise CaseError("Datoen klagen kom inn settes av Helfo; la «received_on» være tom.")
    require_step(CaseStep.RECEIVE_APPEAL, actor, case.status)
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
    deadline, _ = call_rule(appeal_deadline, decision_received, default_parameters(), calendar_for(decision_received))
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
    record_event(case, actor, CaseStep.RECEIVE_APPEAL,
           f"Klage mottatt {norwegian_date(received)} fra {who} på vedtaket av {norwegian_date(decision.decided_on)}. "
           + (f"Klagefrist: {norwegian_date(deadline)}." if known else
              f"Det er ikke oppgitt når vedtaket kom fram; fristen er tidligst {norwegian_date(deadline)}."),
           moment, appeal)
    if actor.role is Role.PATIENT:
        facts = AppealFacts(body.decision_received_on, received, True, True, body.signed, body.late_reason, None,
                            decision_sent=sent)
        result = call_rule(formal_requirements, facts, default_parameters(), calendar_for(decision_received, received))
        if result.outcome is FormalOutcome.ADMISSIBLE:
            _record_formal(session, case, appeal, SYSTEM, result, moment, "")
    session.flush()
    return appeal_view(appeal)


def _decision_of(session: Session, appeal: Appeal) -> Decision:
    decision = session.get(Decision, appeal.decision_id)
    if decision is None:
        raise CaseNotFound(f"Fant ikke vedtaket klagen gjelder (id {appeal.decision_id}).")
    return decision


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
    if not appealable(case.kind, chosen):
        raise CaseConflict("Vedtaket er innvilget i sin helhet; du kan klage på avslag og delvise avslag.")
    return chosen


def check_formal_requirements(session: Session, actor: Actor, appeal_id: int, body: FormalIn,
                              now: datetime | None = None) -> AppealView:
    """The caseworker's check of the formal requirements: admissible, open (to correct or judge), or rejected
    (a rejection letter is sent and the case closed)."""
    moment = moment_of(now)
    case, appeal = load_appeal(session, appeal_id)
    require_step(CaseStep.FORMAL_REQUIREMENTS, actor, appeal.status)
    facts = AppealFacts(_decision_received(appeal, body.decision_received_on), appeal.received_on,
                        body.appellant_is_party, body.concrete, body.signed, appeal.formal.get("late_reason"),
                        body.exception_accepted, decision_sent=_decision_sent(appeal))
    result = call_rule(formal_requirements, facts, default_parameters(),
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
    record_event(case, actor, CaseStep.FORMAL_REQUIREMENTS, text, moment, appeal)
    if result.outcome is FormalOutcome.REJECTED:
        sent_on = today(moment)
        deadline, _ = call_rule(appeal_deadline, sent_on, default_parameters(), calendar_for(sent_on))
        weeks, _use = default_parameters()["procedure.appeal.deadline"].use(sent_on)
        decision = _decision_of(session, appeal)
        html = rejection_html(RejectionLetter(
            reference=case.reference or "", recipient=recipient_for(session, case, sent_on), sent_on=sent_on,
            appeal_received=appeal.received_on, decision_date=decision.decided_on,
            reasons=tuple(f.text for f in result.failures), appeal_weeks=weeks, appeal_deadline=deadline))
        case.letters.append(Letter(kind="appeal_rejected", title="Klagen din er avvist", sent_on=sent_on,
                                   created_at=moment, appeal_deadline=deadline,
                                   filename=f"avvisning-{case.reference}-{appeal.id}.pdf", pdf=to_pdf(html),
                                   appeal_id=appeal.id))
        case.status = CaseStatus.CLOSED.value
        record_event(case, actor, CaseStep.FORMAL_REQUIREMENTS, "Brev om avvisning sendt til pasienten.",
               moment, appeal)


def reconsider(session: Session, actor: Actor, appeal_id: int, body: ReconsiderationIn,
               now: datetime | None = None) -> AppealView:
    """The unit that decided looks at the case again: it changes the decision (a new decision and letter, any
    condition may be overruled) or upholds it (the case then goes to Helseklage)."""
    moment = moment_of(now)
    case, appeal = load_appeal(session, appeal_id)
    require_step(CaseStep.RECONSIDER, actor, appeal.status)
    old = _decision_of(session, appeal)
    if body.outcome == "changed":
        answers = {k: Answer(r.met, r.note) for k, r in body.resolutions.items()}
        assessment = assess_stored(case, answers)
        if not assessment.decided:
            raise CaseError("Den nye vurderingen avgjør ikke saken; disse punktene må også vurderes: "
                            + ", ".join(assessment.open_keys) + ".")
        if (assessment.outcome == old.outcome and assessment.item_flags == granted_flags(old)
                and assessment.amount == (old.details or {}).get("amount")):
            raise CaseConflict("Den nye vurderingen gir samme resultat som vedtaket; velg «upheld» (opprettholdt).")
        stamp = {"by": actor.name, "at": moment.isoformat()}
        case.resolutions = {**(case.resolutions or {}),
                            **{k: {"met": r.met, "note": r.note, **stamp} for k, r in body.resolutions.items()}}
        decision = decide(session, case, actor, moment, assessment,
                          DecisionOptions(body.valid_to, body.set_valid_to), body.note, instance="helfo_reconsidered",
                          step=CaseStep.RECONSIDER)
        appeal.reconsideration = {"outcome": "changed", "note": body.note, "by": actor.name,
                                  "on": today(moment).isoformat(), "decision_id": decision.id}
        appeal.status = AppealStatus.CHANGED.value
        appeal.step = CaseStep.RECONSIDER.name
        appeal.closed_at = moment
        record_event(case, actor, CaseStep.RECONSIDER,
               "Helfo har vurdert klagen på nytt og endrer vedtaket: "
               f"{DECISION_LABELS[DecisionOutcome(decision.outcome)]}. "
               f"{body.note}", moment, appeal)
        send_decision_letter(session, case, actor, decision, moment,
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
        record_event(case, actor, CaseStep.RECONSIDER,
               f"Helfo har vurdert klagen på nytt og opprettholder vedtaket: {body.note}", moment, appeal)
    session.flush()
    return appeal_view(appeal)


def granted_flags(decision: Decision) -> tuple[bool, ...] | None:
    """Per item of the form, in the form's order, whether the decision granted it. Each stored item carries its
    index in the form (`item`); items with the same name stay apart."""
    items = [(g.get("item"), True) for g in decision.granted] + [(r.get("item"), False) for r in decision.refused]
    if any(index is None for index, _granted in items):
        return None  # stored before items carried their index: no comparison, the change is decided
    return tuple(granted for _index, granted in sorted(items, key=lambda pair: int(pair[0] or 0)))


def draft_summary(case: Case, appeal: Appeal) -> str:
    """A first draft of Helfo's summary of the case (fremstilling av saken) for Helseklage and the patient."""
    decision = next((d for d in case.decisions if d.id == appeal.decision_id), None)
    if decision is None:
        raise CaseError("Klagen viser til et vedtak som ikke finnes i saken.")
    stonad = stonad_for(case.kind)
    parts = [
        f"{case.applicant_name} søkte {norwegian_date(case.received_on)} om {stonad.summary_line(case_input(case))} "
        f"({stonad.label}).",
        f"Helfo {DECISION_LABELS[DecisionOutcome(decision.outcome)]} søknaden {norwegian_date(decision.decided_on)}. "
        + " ".join(decision.reasons),
        f"Klagen kom inn {norwegian_date(appeal.received_on)}. Klagerens begrunnelse: {appeal.grounds}",
        "Helfo har vurdert klagen på nytt og opprettholder vedtaket: "
        + str(appeal.reconsideration.get("note") or ""),
    ]
    return "\n\n".join(parts)


def summary_draft(session: Session, appeal_id: int) -> str:
    """The draft of Helfo's summary of the case for an appeal (for the caseworker to edit before forwarding)."""
    case, appeal = load_appeal(session, appeal_id)
    return draft_summary(case, appeal)


def forward_to_helseklage(session: Session, actor: Actor, appeal_id: int, body: ForwardIn | None = None,
                          now: datetime | None = None) -> AppealView:
    """Forward an upheld appeal to Helseklage; the patient gets Helfo's summary of the case and may comment."""
    moment = moment_of(now)
    body = body or ForwardIn()
    case, appeal = load_appeal(session, appeal_id)
    require_step(CaseStep.FORWARD, actor, appeal.status)
    summary = (body.summary or "").strip() or draft_summary(case, appeal)
    sent_on = today(moment)
    decision = _decision_of(session, appeal)
    weeks, _use = default_parameters()["procedure.appeal.further_appeal_deadline"].use(sent_on)
    html = forwarding_html(ForwardingLetter(
        reference=case.reference or "", recipient=recipient_for(session, case, sent_on), sent_on=sent_on,
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
    record_event(case, actor, CaseStep.FORWARD,
           "Klagen er sendt til Helseklage. Saksfremstillingen er sendt pasienten, som kan sende kommentarer til "
           "Helseklage.", moment, appeal)
    session.flush()
    return appeal_view(appeal)


def record_helseklage_decision(session: Session, actor: Actor, appeal_id: int, body: OutsideDecisionIn,
                               now: datetime | None = None) -> AppealView:
    """Register Helseklage's decision: upheld (the patient may appeal further to Trygderetten), reversed (a grant
    takes effect) or remitted (the decision is set aside and Helfo assesses the case again)."""
    moment = moment_of(now)
    case, appeal = load_appeal(session, appeal_id)
    require_step(CaseStep.HELSEKLAGE_DECISION, actor, appeal.status)
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
        deadline, _ = call_rule(appeal_deadline, start, default_parameters(), calendar_for(start), True)
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
    record_event(case, actor, CaseStep.HELSEKLAGE_DECISION, text, moment, appeal)
    session.flush()
    return appeal_view(appeal)


def file_further_appeal(session: Session, actor: Actor, appeal_id: int, body: FurtherAppealIn,
                        now: datetime | None = None) -> AppealView:
    """An anke to Trygderetten after Helseklage upheld the decision. The deadline is checked and noted;
    Trygderetten decides itself whether a late anke is heard."""
    moment = moment_of(now)
    on = today(moment)
    case, appeal = load_appeal(session, appeal_id)
    if actor.role is Role.PATIENT:
        if not actor.fnr or case.patient_fnr not in patient_fnrs(session, actor.fnr):
            raise CaseForbidden("Du kan bare anke i dine egne saker eller barnas saker.")
        if body.received_on is not None:
            raise CaseError("Datoen anken kom inn settes av Helfo; la «received_on» være tom.")
    require_step(CaseStep.FURTHER_APPEAL, actor, appeal.status)
    received = body.received_on or on
    known = appeal.helseklage.get("received_on")
    helseklage_received = date.fromisoformat(known) if known else None
    helseklage_decided = date.fromisoformat(appeal.helseklage["decided_on"])
    if received > on or received < (helseklage_received or helseklage_decided):
        raise CaseError("Anken må ha kommet inn etter at Helseklages vedtak ble mottatt, og ikke etter i dag.")
    facts = AppealFacts(helseklage_received, received, True, True, True, body.late_reason, None,
                        decision_sent=helseklage_decided)
    result = call_rule(formal_requirements, facts, default_parameters(),
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
    record_event(case, actor, CaseStep.FURTHER_APPEAL,
           f"Anke til Trygderetten mottatt {norwegian_date(received)} fra {actor.name} og oversendt.{late}",
           moment, appeal)
    session.flush()
    return appeal_view(appeal)


def record_trygderetten_ruling(session: Session, actor: Actor, appeal_id: int, body: OutsideDecisionIn,
                               now: datetime | None = None) -> AppealView:
    """Register Trygderetten's ruling (kjennelse): upheld, reversed (a grant takes effect) or remitted."""
    moment = moment_of(now)
    case, appeal = load_appeal(session, appeal_id)
    require_step(CaseStep.TRYGDERETTEN_RULING, actor, appeal.status)
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
    record_event(case, actor, CaseStep.TRYGDERETTEN_RULING, text, moment, appeal)
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
    base = assess_stored(case)
    overrides = {c.key: Answer(True, f"{INSTANCE_LABELS[instance]}: {reasons}")
                 for c in base.conditions if c.status in ("not_met", "open")}
    assessment = assess_stored(case, overrides)
    return decide(session, case, actor, moment, assessment, note=reasons, instance=instance,
                   step=CaseStep.HELSEKLAGE_DECISION if instance == "helseklage" else CaseStep.TRYGDERETTEN_RULING)


def _reopen(case: Case) -> None:
    """A decision set aside: it no longer counts, and Helfo assesses the case again (any condition may be
    answered anew)."""
    for decision in case.decisions:
        decision.active = False
    case.outcome = None
    case.resolutions = {}
    case.overrides_allowed = True
    base = assess_stored(case)
    case.open_points = points_json(base) or [
        {"key": "remitted", "text": "Vedtaket er opphevet; vurder vilkårene på nytt.", "reference": ""}]
    case.status = CaseStatus.IN_QUEUE.value


