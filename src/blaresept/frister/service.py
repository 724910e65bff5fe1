"""The referral service: hospitals register referrals, assessments, deadlines and the start of help; the
patient (or a parent) sees them and can report a breach; Helfo sees the breaches. Each call runs in the
caller's transaction and raises a bokmål error before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal, Role
from blaresept.frister.calendar import calendar_around
from blaresept.frister.errors import FristConflict, FristError, FristForbidden, FristNotFound
from blaresept.frister.tables import Breach, Referral
from blaresept.persons.identity import IdentityError, check_fnr
from blaresept.persons.service import AccessDenied, PersonNotFound, find_or_register, visible_person
from blaresept.persons.tables import Person
from blaresept.rules.errors import RuleError
from blaresept.rules.frister.assessment import AssessmentDeadline, assess, assessment_deadline
from blaresept.rules.frister.breach import breach_on, breach_rights
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import Step
from blaresept.timeutil import today

MAX_AREA = 100


@dataclass(frozen=True)
class ReferralView:
    reference: str
    patient_fnr: str
    hospital_name: str
    area: str
    received_on: date
    serious_suspected: bool
    assessment_deadline: date
    assessed_on: date | None
    has_right: bool | None
    deadline: date | None
    help_started_on: date | None
    breach_found_on: date | None
    breach_source: str | None
    status: str
    status_text: str
    steps: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        out = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()}
        return out


def _steps(*groups: tuple[Step, ...]) -> list[dict[str, Any]]:
    return [s.as_dict() for group in groups for s in group]


def _status(r: Referral, on: date) -> tuple[str, str]:
    if r.assessed_on is None:
        return "til_vurdering", "Venter på vurdering"
    if not r.has_right:
        return "ingen_rett", "Vurdert: ingen rett til nødvendig helsehjelp"
    if r.breach_found_on is not None:
        return "fristbrudd", "Fristbrudd meldt til Helfo"
    if r.help_started_on is not None:
        return "startet", "Helsehjelpen har startet"
    assert r.deadline is not None
    if on > r.deadline:
        return "fristbrudd_ikke_meldt", "Fristen er passert uten oppstart"
    return "venter", "Venter på oppstart av helsehjelp"


def view(session: Session, r: Referral, on: date | None = None) -> ReferralView:
    on = on or today()
    code, text = _status(r, on)
    source = session.scalar(select(Breach.source).where(Breach.referral_id == r.id))
    steps = list(r.steps)
    if r.breach_found_on is not None and r.deadline is not None and source == "dagskjøring":
        # the daily run marks breaches set-based; their explanation is the same pure rules, applied on reading
        status = breach_on(r.deadline, r.help_started_on, r.breach_found_on)
        rights = breach_rights(status.since or r.breach_found_on, default_parameters())
        steps += [status.step.as_dict()] + [s.as_dict() for s in rights.steps]
    return ReferralView(r.reference or "", r.patient_fnr, r.hospital_name, r.area, r.received_on,
                        r.serious_suspected, r.assessment_deadline, r.assessed_on, r.has_right, r.deadline,
                        r.help_started_on, r.breach_found_on, source, code, text, steps)


def _fnr(text: str) -> str:
    try:
        return check_fnr(text.strip())
    except IdentityError as exc:
        raise FristError(str(exc)) from None


def _rules(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except RuleError as exc:
        raise FristError(str(exc)) from None


def _deadline(received: date, serious: bool, params: ParameterSet) -> AssessmentDeadline:
    result: AssessmentDeadline = _rules(assessment_deadline, received, serious, params, calendar_around(received.year))
    return result


def register_referral(session: Session, hospital: Principal, patient_fnr: str, area: str, received_on: date,
                      serious_suspected: bool = False, params: ParameterSet | None = None) -> ReferralView:
    """A hospital registers a referral it received; the assessment deadline is computed and explained."""
    params = params or default_parameters()
    if hospital.role is not Role.HOSPITAL or not hospital.org_number:
        raise FristForbidden("Bare et sykehus kan registrere henvisninger.")
    fnr = _fnr(patient_fnr)
    area = area.strip()
    if not area or len(area) > MAX_AREA:
        raise FristError(f"Oppgi fagområdet henvisningen gjelder (høyst {MAX_AREA} tegn).")
    if received_on > today():
        raise FristError(f"Mottaksdatoen {received_on.isoformat()} er i fremtiden.")
    result = _deadline(received_on, serious_suspected, params)
    find_or_register(session, fnr)
    referral = Referral(patient_fnr=fnr, hospital_org=hospital.org_number, hospital_name=hospital.name, area=area,
                        received_on=received_on, serious_suspected=serious_suspected,
                        assessment_deadline=result.deadline, steps=_steps(result.steps))
    session.add(referral)
    session.flush()
    referral.reference = f"HV-{referral.id:06d}"
    return view(session, referral)


def _own(session: Session, hospital: Principal, reference: str, lock: bool = True) -> Referral:
    statement = select(Referral).where(Referral.reference == reference.strip().upper())
    if lock:
        statement = statement.with_for_update()
    referral = session.scalar(statement)
    if referral is None or hospital.role is not Role.HOSPITAL or referral.hospital_org != hospital.org_number:
        raise FristNotFound(f"Fant ingen henvisning {reference} hos {hospital.name}.")
    return referral


def record_assessment(session: Session, hospital: Principal, reference: str, assessed_on: date, has_right: bool,
                      deadline: date | None, params: ParameterSet | None = None) -> ReferralView:
    """The hospital's assessment: a right to help with its deadline (stored as given), or no right."""
    params = params or default_parameters()
    referral = _own(session, hospital, reference)
    if referral.assessed_on is not None:
        raise FristConflict(f"Henvisningen {referral.reference} er allerede vurdert.")
    if assessed_on > today():
        raise FristError(f"Vurderingsdatoen {assessed_on.isoformat()} er i fremtiden.")
    base = _deadline(referral.received_on, referral.serious_suspected, params)
    result = _rules(assess, base, assessed_on, has_right, deadline)
    referral.assessed_on, referral.has_right, referral.deadline = assessed_on, has_right, deadline
    referral.steps = _steps(base.steps, result.steps)
    return view(session, referral)


def record_help_started(session: Session, hospital: Principal, reference: str, started_on: date,
                        params: ParameterSet | None = None) -> ReferralView:
    """Help has started. A start after the deadline is a breach too; it is recorded as such (no search needed)."""
    params = params or default_parameters()
    referral = _own(session, hospital, reference)
    if not referral.has_right or referral.deadline is None:
        raise FristConflict(f"Henvisningen {referral.reference} har ingen frist for start av helsehjelp "
                            "(ikke vurdert, eller ingen rett til nødvendig helsehjelp).")
    if referral.help_started_on is not None:
        raise FristConflict(f"Oppstart av helsehjelpen er allerede registrert for {referral.reference}.")
    if started_on < referral.received_on:
        raise FristError("Helsehjelpen kan ikke ha startet før henvisningen ble mottatt.")
    if started_on > today():
        raise FristError(f"Oppstartsdatoen {started_on.isoformat()} er i fremtiden.")
    status = breach_on(referral.deadline, started_on, started_on)
    referral.help_started_on = started_on
    steps = list(referral.steps) + [status.step.as_dict()]
    if status.breached and referral.breach_found_on is None:
        referral.breach_found_on = started_on
        session.add(Breach(referral_id=referral.id, found_on=started_on, source="sen_oppstart", status="lukket"))
        steps += [s.as_dict() for s in breach_rights(status.since or started_on, params).steps]
    referral.steps = steps
    return view(session, referral)


def referrals_for_hospital(session: Session, hospital: Principal, limit: int = 200) -> list[ReferralView]:
    rows = session.scalars(select(Referral).where(Referral.hospital_org == hospital.org_number)
                           .order_by(Referral.id.desc()).limit(limit))
    return [view(session, r) for r in rows]


def referral_for_hospital(session: Session, hospital: Principal, reference: str) -> ReferralView:
    return view(session, _own(session, hospital, reference, lock=False))


def _person(session: Session, patient: Principal, child_fnr: str | None) -> Person:
    try:
        return visible_person(session, patient, child_fnr)
    except AccessDenied as exc:
        raise FristForbidden(str(exc)) from None
    except PersonNotFound as exc:
        raise FristNotFound(str(exc)) from None
    except IdentityError as exc:
        raise FristError(str(exc)) from None


def referrals_for_patient(session: Session, patient: Principal, child_fnr: str | None = None) -> list[ReferralView]:
    """The patient's own referrals, or a child's (the persons service decides who may see whom)."""
    person = _person(session, patient, child_fnr)
    rows = session.scalars(select(Referral).where(Referral.patient_fnr == person.fnr).order_by(Referral.id.desc()))
    return [view(session, r) for r in rows]


def report_breach(session: Session, patient: Principal, reference: str, on: date | None = None,
                  child_fnr: str | None = None, params: ParameterSet | None = None) -> ReferralView:
    """The patient (or a parent) reports a breach themself; it is checked against the deadline first."""
    params = params or default_parameters()
    on = on or today()
    person = _person(session, patient, child_fnr)
    referral = session.scalar(select(Referral).where(Referral.reference == reference.strip().upper())
                              .with_for_update())
    if referral is None or referral.patient_fnr != person.fnr:
        raise FristNotFound(f"Fant ingen henvisning {reference} for {person.name or 'pasienten'}.")
    if referral.breach_found_on is not None:
        raise FristConflict(f"Fristbruddet for {referral.reference} er allerede meldt til Helfo "
                            f"({referral.breach_found_on.isoformat()}).")
    if not referral.has_right or referral.deadline is None:
        raise FristConflict("Henvisningen har ingen frist for start av helsehjelp, så det kan ikke være fristbrudd.")
    status = breach_on(referral.deadline, referral.help_started_on, on)
    if not status.breached:
        raise FristConflict(status.step.text + " Det er derfor ikke fristbrudd ennå.")
    referral.breach_found_on = on
    session.add(Breach(referral_id=referral.id, found_on=on, source="pasient", status="ny"))
    referral.steps = list(referral.steps) + [status.step.as_dict()] + [
        s.as_dict() for s in breach_rights(status.since or on, params).steps]
    return view(session, referral, on)


@dataclass(frozen=True)
class BreachItem:
    breach_id: int
    reference: str
    patient_fnr: str
    hospital_name: str
    area: str
    deadline: date
    found_on: date
    source: str
    status: str


def breaches(session: Session, status: str | None = "ny", limit: int = 200) -> list[BreachItem]:
    """Helfo's list of breaches made known to it, oldest deadline first."""
    statement = (select(Breach, Referral).join(Referral, Referral.id == Breach.referral_id)
                 .order_by(Referral.deadline, Breach.id).limit(limit))
    if status:
        statement = statement.where(Breach.status == status)
    return [BreachItem(b.id, r.reference or "", r.patient_fnr, r.hospital_name, r.area, r.deadline or b.found_on,
                       b.found_on,
                       b.source, b.status) for b, r in session.execute(statement).all()]

