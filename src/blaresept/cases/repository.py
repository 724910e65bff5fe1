"""The engine's access to stored cases: loading a case or an appeal (optionally locked), the timeline, the
stored case as a stønad sees it, and who may see a case (guardianship)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.cases.actors import Actor
from blaresept.cases.contract import CaseInput, Recipient
from blaresept.cases.errors import CaseError, CaseNotFound
from blaresept.cases.flow import CaseStep
from blaresept.cases.tables import Appeal, Case, TimelineEvent
from blaresept.persons.identity import IdentityError, birth_date_of, check_fnr, masked
from blaresept.rules.blaresept.exemptions import age_on


def load_case(session: Session, case_id: int, lock: bool = False) -> Case:
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = session.scalars(query).one_or_none()
    if case is None:
        raise CaseNotFound(f"Fant ingen sak med id {case_id}.")
    return case


def load_appeal(session: Session, appeal_id: int) -> tuple[Case, Appeal]:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise CaseNotFound(f"Fant ingen klage med id {appeal_id}.")
    return load_case(session, appeal.case_id, lock=True), appeal


def record_event(case: Case, actor: Actor, step: CaseStep, text: str, now: datetime,
                 appeal: Appeal | None = None, data: dict[str, Any] | None = None) -> None:
    """One line on the case's timeline (bokmål, no personal number); the case's current step moves with it."""
    case.events.append(TimelineEvent(
        at=now, actor_subject=actor.subject, actor_role=actor.role.value, actor_name=actor.name, step=step.name,
        text=text, data=data or {}, appeal_id=appeal.id if appeal else None,
    ))
    case.step = step.name
    case.updated_at = now


def case_input(case: Case) -> CaseInput:
    """The stored case as a stønad sees it (the latest version of the form)."""
    return CaseInput(case.kind, dict(case.applications[-1].content), case.received_on, case.patient_fnr,
                     case.patient_birth_date, case.applicant_subject, case.applicant_hpr, case.applicant_name)


def parse_fnr(number: str) -> tuple[str, date]:
    """A checked fødselsnummer and its birth date, or a CaseError in bokmål."""
    try:
        fnr = check_fnr(number)
        return fnr, birth_date_of(fnr)
    except (IdentityError, ValueError) as exc:
        message = str(exc) if isinstance(exc, IdentityError) else (
            "Fødselsnummeret inneholder ingen gyldig fødselsdato.")
        raise CaseError(message) from None


def patient_fnrs(session: Session, fnr: str) -> set[str]:
    """The personal numbers whose cases a patient may see: their own and their children's (guardianship)."""
    from blaresept.persons.service import children_of
    from blaresept.persons.tables import Person

    numbers = {fnr}
    person = session.scalar(select(Person).where(Person.fnr == fnr))
    if person is not None:
        numbers |= {child.fnr for child in children_of(session, person)}
    return numbers


def recipient_for(session: Session, case: Case, on: date) -> Recipient:
    """Who a letter is addressed to: the patient, with a note that a child's letter goes to the parents."""
    from blaresept.persons.tables import Person

    name = session.scalar(select(Person.name).where(Person.fnr == case.patient_fnr)) or "Pasienten"
    child = age_on(case.patient_birth_date, on) < 18
    note = "Vedtaket gjelder et barn og sendes til foreldre eller andre med foreldreansvar." if child else None
    return Recipient(name, masked(case.patient_fnr), note)
