"""Recording every read and write of personal data: who (the actor), what (the action), about whom (the person,
by id and with the fødselsnummer masked), why (the purpose) and how it went (the outcome). Allowed access is
written in the caller's transaction; a refused attempt in its own (blaresept.api.refusals), so it survives the
rollback of the refused request."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.audit.tables import AuditEntry
from blaresept.auth.principal import Principal
from blaresept.persons.identity import masked
from blaresept.persons.tables import Person

ALLOWED = "tillatt"


def record_access(session: Session, principal: Principal, action: str, person_fnr: str | None,
                  purpose: str, outcome: str = ALLOWED) -> None:
    """Write one audit entry in the caller's transaction: who read what about whom, and why."""
    person_id = None
    if person_fnr:
        person_id = session.scalar(select(Person.id).where(Person.fnr == person_fnr))
    session.add(AuditEntry(subject=principal.subject, role=principal.role.value, action=action,
                           person_id=person_id, person_masked=masked(person_fnr) if person_fnr else None,
                           purpose=purpose, outcome=outcome))


def record_person_access(session: Session, principal: Principal, action: str, person_id: int | None,
                         purpose: str, outcome: str = ALLOWED) -> None:
    number = session.scalar(select(Person.fnr).where(Person.id == person_id)) if person_id else None
    session.add(AuditEntry(subject=principal.subject, role=principal.role.value, action=action,
                           person_id=person_id, person_masked=masked(number) if number else None,
                           purpose=purpose, outcome=outcome))


def record_person_ids(session: Session, principal: Principal, action: str, person_ids: Iterable[int],
                      purpose: str) -> None:
    """record_many for persons known by id."""
    ids = sorted(set(person_ids))
    numbers: list[str] = []
    for start in range(0, len(ids), 1000):
        numbers += list(session.scalars(select(Person.fnr).where(Person.id.in_(ids[start:start + 1000]))))
    record_many(session, principal, action, numbers, purpose)


def record_many(session: Session, principal: Principal, action: str, person_fnrs: Iterable[str],
                purpose: str) -> None:
    """One entry per person a list shows (the day list, the queue, the doctor's list, the settlement); a list
    without persons gets one entry without a person."""
    numbers = sorted(set(person_fnrs))
    if not numbers:
        record_access(session, principal, action, None, purpose)
        return
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), 1000):
        part = numbers[start:start + 1000]
        ids.update({fnr: pid for pid, fnr in session.execute(select(Person.id, Person.fnr)
                                                              .where(Person.fnr.in_(part)))})
    session.add_all([AuditEntry(subject=principal.subject, role=principal.role.value, action=action,
                                person_id=ids.get(fnr), person_masked=masked(fnr), purpose=purpose,
                                outcome=ALLOWED) for fnr in numbers])
