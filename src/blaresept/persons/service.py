"""Finding and registering persons, their statuses on a date, and who may see whose data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal, Role
from blaresept.persons.identity import birth_date_of, check_fnr
from blaresept.persons.tables import ExemptionStatus, Guardianship, Person
from blaresept.storage.db import insert_ignore

STATUS_NAMES = {  # Volven 7415 Egenandelsfritak (kategori)
    "M": "Minstepensjonist",
    "Y": "Yrkesskade",
    "S": "Supplerende stønad",
    "K": "Krigsskade",
    "V": "Vernepliktig",
}


class PersonNotFound(LookupError):
    """No person with that number is registered. Message in bokmål."""


class AccessDenied(PermissionError):
    """The caller may not see this person's data. Message in bokmål."""


@dataclass(frozen=True)
class StatusPeriod:
    category: str
    valid_from: date
    valid_to: date | None = None
    note: str | None = None

    def holds_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def find_person(session: Session, fnr: str) -> Person:
    number = check_fnr(fnr)
    person = session.scalar(select(Person).where(Person.fnr == number))
    if person is None:
        raise PersonNotFound("Fant ingen person med dette fødselsnummeret.")
    return person


def find_or_register(session: Session, fnr: str, name: str | None = None) -> Person:
    """The person with the number; a valid number not yet known is registered with the birth date it encodes
    (pharmacies dispense to anyone with a valid fødselsnummer or D-nummer)."""
    number = check_fnr(fnr)
    person = session.scalar(select(Person).where(Person.fnr == number))
    if person is None:
        insert_ignore(session, Person, {"fnr": number, "name": name, "birth_date": birth_date_of(number)},
                      ["fnr"])
        person = session.scalars(select(Person).where(Person.fnr == number)).one()
    return person


def register_person(session: Session, fnr: str, name: str | None, statuses: list[StatusPeriod]) -> Person:
    """Register a person (or update the name) and replace their exemption statuses."""
    for status in statuses:
        if status.category not in STATUS_NAMES:
            raise ValueError(f"Ukjent fritakskategori «{status.category}» (Volven 7415: "
                             f"{', '.join(f'{k} {v}' for k, v in STATUS_NAMES.items())}).")
        if status.valid_to is not None and status.valid_to < status.valid_from:
            raise ValueError("En fritaksperiode kan ikke slutte før den begynner.")
    person = find_or_register(session, fnr, name)
    if name:
        person.name = name
    person.statuses.clear()
    session.flush()
    for status in statuses:
        person.statuses.append(ExemptionStatus(category=status.category, valid_from=status.valid_from,
                                               valid_to=status.valid_to, note=status.note))
    session.flush()
    return person


def add_guardian(session: Session, guardian: Person, child: Person) -> None:
    exists = session.scalar(select(Guardianship.id).where(Guardianship.guardian_id == guardian.id,
                                                          Guardianship.child_id == child.id))
    if exists is None:
        session.add(Guardianship(guardian_id=guardian.id, child_id=child.id))
        session.flush()


def statuses_of(person: Person) -> list[StatusPeriod]:
    return [StatusPeriod(s.category, s.valid_from, s.valid_to, s.note) for s in person.statuses]


def has_status(person: Person, category: str, on: date) -> bool:
    return any(s.category == category and s.holds_on(on) for s in statuses_of(person))


def children_of(session: Session, guardian: Person) -> list[Person]:
    return list(session.scalars(
        select(Person).join(Guardianship, Guardianship.child_id == Person.id)
        .where(Guardianship.guardian_id == guardian.id).order_by(Person.birth_date)
    ))


def visible_person(session: Session, principal: Principal, fnr: str | None) -> Person:
    """The person the caller asks about, if they may see them: a patient themself or their children;
    caseworkers anyone. Pharmacies see persons only through their own dispensings."""
    if principal.role is Role.PATIENT:
        assert principal.fnr is not None
        me = find_or_register(session, principal.fnr)
        if fnr is None or check_fnr(fnr) == me.fnr:
            return me
        wanted = find_person(session, fnr)
        if any(child.id == wanted.id for child in children_of(session, me)):
            return wanted
        raise AccessDenied("Du kan bare se dine egne opplysninger og barna dine sine.")
    if principal.role is Role.CASEWORKER:
        if fnr is None:
            raise PersonNotFound("Oppgi fødselsnummeret til personen.")
        return find_person(session, fnr)
    raise AccessDenied("Rollen din gir ikke tilgang til andres personopplysninger.")
