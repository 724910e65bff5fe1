"""Finding and registering persons, their statuses on a date, and who may see whose data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
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


NOT_YOURS = "Du kan bare se dine egne opplysninger og barna dine sine."


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


ADULT_AGE = 18
"""Myndighetsalder (vergemålsloven § 8): a parent or other guardian is an adult."""


class GuardianshipRefused(ValueError):
    """A parent–child link the register cannot hold. Message in bokmål."""


def age_on(person: Person, on: date) -> int:
    born = person.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _ancestors(session: Session, person: Person) -> set[int]:
    """Everyone registered above the person (parents, their parents, …), by id."""
    found: set[int] = set()
    frontier = {person.id}
    while frontier:
        parents = set(session.scalars(select(Guardianship.guardian_id).where(Guardianship.child_id.in_(frontier))))
        frontier = parents - found
        found |= parents
    return found


def add_guardian(session: Session, guardian: Person, child: Person, valid_from: date | None = None,
                 valid_to: date | None = None) -> Guardianship:
    """Register (or renew) that the guardian may see the child's data from a date, optionally until a date. The
    guardian is an adult on that date and older than the child, and the link makes no cycle."""
    if guardian.id == child.id:
        raise GuardianshipRefused("En person kan ikke være sin egen forelder.")
    start = valid_from or child.birth_date
    if valid_to is not None and valid_to < start:
        raise GuardianshipRefused("Koblingen kan ikke slutte før den begynner.")
    if guardian.birth_date >= child.birth_date:
        raise GuardianshipRefused("En forelder må være eldre enn barnet.")
    if age_on(guardian, max(start, child.birth_date)) < ADULT_AGE:
        raise GuardianshipRefused(f"En forelder må være myndig ({ADULT_AGE} år) når koblingen begynner.")
    if child.id in _ancestors(session, guardian):
        raise GuardianshipRefused("Koblingen ville gjort barnet til forelder av sin egen forelder (en sirkel).")
    link = session.scalar(select(Guardianship).where(Guardianship.guardian_id == guardian.id,
                                                     Guardianship.child_id == child.id))
    if link is None:
        link = Guardianship(guardian_id=guardian.id, child_id=child.id)
        session.add(link)
    link.valid_from, link.valid_to = start, valid_to
    session.flush()
    return link


def end_guardian(session: Session, guardian: Person, child: Person, on: date) -> Guardianship:
    """End a link: the guardian sees the child's data up to and including the date, not after."""
    link = session.scalar(select(Guardianship).where(Guardianship.guardian_id == guardian.id,
                                                     Guardianship.child_id == child.id))
    if link is None:
        raise PersonNotFound("Personen er ikke registrert som forelder til barnet.")
    if link.valid_from is not None and on < link.valid_from:
        raise GuardianshipRefused("Koblingen kan ikke slutte før den begynner.")
    link.valid_to = on
    session.flush()
    return link


def statuses_of(person: Person) -> list[StatusPeriod]:
    return [StatusPeriod(s.category, s.valid_from, s.valid_to, s.note) for s in person.statuses]


def has_status(person: Person, category: str, on: date) -> bool:
    return any(s.category == category and s.holds_on(on) for s in statuses_of(person))


def children_of(session: Session, guardian: Person, on: date | None = None) -> list[Person]:
    """The children the guardian may see on the date (today when not given): links that have not ended."""
    day = on or date.today()
    return list(session.scalars(
        select(Person).join(Guardianship, Guardianship.child_id == Person.id)
        .where(Guardianship.guardian_id == guardian.id,
               or_(Guardianship.valid_from.is_(None), Guardianship.valid_from <= day),
               or_(Guardianship.valid_to.is_(None), Guardianship.valid_to >= day))
        .order_by(Person.birth_date)
    ))


def visible_person(session: Session, principal: Principal, fnr: str | None) -> Person:
    """The person the caller asks about, if they may see them: a patient themself or their children;
    caseworkers anyone. Pharmacies see persons only through their own dispensings."""
    if principal.role is Role.PATIENT:
        assert principal.fnr is not None
        me = find_or_register(session, principal.fnr)
        if fnr is None or check_fnr(fnr) == me.fnr:
            return me
        # «not yours» and «not registered» get the same answer: a patient must not learn who is registered
        number = check_fnr(fnr)
        for child in children_of(session, me):
            if child.fnr == number:
                return child
        raise AccessDenied(NOT_YOURS)
    if principal.role is Role.CASEWORKER:
        if fnr is None:
            raise PersonNotFound("Oppgi fødselsnummeret til personen.")
        return find_person(session, fnr)
    raise AccessDenied("Rollen din gir ikke tilgang til andres personopplysninger.")
