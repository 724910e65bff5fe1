"""Recording reads of personal data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.audit.tables import AuditEntry
from blaresept.auth.principal import Principal
from blaresept.persons.tables import Person


def record_access(session: Session, principal: Principal, action: str, person_fnr: str | None,
                  purpose: str) -> None:
    """Write one audit entry in the caller's transaction: who read what about whom, and why."""
    person_id = None
    if person_fnr:
        person_id = session.scalar(select(Person.id).where(Person.fnr == person_fnr))
    session.add(AuditEntry(subject=principal.subject, role=principal.role.value, action=action,
                           person_id=person_id, purpose=purpose))


def record_person_access(session: Session, principal: Principal, action: str, person_id: int | None,
                         purpose: str) -> None:
    session.add(AuditEntry(subject=principal.subject, role=principal.role.value, action=action,
                           person_id=person_id, purpose=purpose))
