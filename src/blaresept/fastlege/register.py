"""Keeping the register: kommuner, practices, fastleger and lists (by the kommune or Helfo), registered moves
(folkeregisteret), and placing a person on a list without a request (the first registration)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.fastlege.errors import RegisterError
from blaresept.fastlege.facts import lock_lists, lock_persons, open_membership, residence_on, taken
from blaresept.fastlege.tables import (
    FreeChangeGrant,
    GeneralPractitioner,
    GpList,
    Kommune,
    ListEvent,
    Membership,
    Practice,
    Residence,
)
from blaresept.persons.tables import Person


def check_hpr(hpr: str) -> str:
    number = (hpr or "").replace(" ", "").removeprefix("HPR")
    if not number.isdigit() or not 7 <= len(number) <= 9:
        raise RegisterError("HPR-nummeret må ha 7 til 9 sifre.")
    return number


def kommune(session: Session, number: str, name: str | None = None) -> Kommune:
    """The kommune with the number, created with the name when new."""
    if not (number.isdigit() and len(number) == 4):
        raise RegisterError("Kommunenummeret må ha fire sifre.")
    found = session.scalar(select(Kommune).where(Kommune.number == number))
    if found is None:
        if not name:
            raise RegisterError(f"Kommunen {number} er ikke registrert.")
        found = Kommune(number=number, name=name)
        session.add(found)
        session.flush()
    return found


def practice(session: Session, kommune_number: str, name: str, address: str | None = None) -> Practice:
    place = kommune(session, kommune_number)
    found = session.scalar(select(Practice).where(Practice.kommune_id == place.id, Practice.name == name))
    if found is None:
        found = Practice(kommune_id=place.id, name=name, address=address)
        session.add(found)
        session.flush()
    return found


def gp(session: Session, hpr: str, name: str) -> GeneralPractitioner:
    number = check_hpr(hpr)
    found = session.scalar(select(GeneralPractitioner).where(GeneralPractitioner.hpr == number))
    if found is None:
        found = GeneralPractitioner(hpr=number, name=name)
        session.add(found)
        session.flush()
    return found


def create_list(session: Session, practice_row: Practice, gp_row: GeneralPractitioner | None, capacity: int,
                open_: bool, on: date, by: str) -> GpList:
    if capacity < 0:
        raise RegisterError("Listetaket kan ikke være negativt.")
    if gp_row is not None:
        existing = session.scalar(select(GpList).where(GpList.gp_id == gp_row.id, GpList.ended_on.is_(None)))
        if existing is not None:
            return existing
    row = GpList(practice_id=practice_row.id, gp_id=gp_row.id if gp_row else None, capacity=capacity,
                 open=open_, version=0)
    session.add(row)
    session.flush()
    session.add(ListEvent(list_id=row.id, on=on, kind="created", detail={"capacity": capacity, "open": open_},
                          by=by))
    return row


def list_by_hpr(session: Session, hpr: str) -> GpList:
    number = check_hpr(hpr)
    row = session.scalar(select(GpList).join(GeneralPractitioner).where(GeneralPractitioner.hpr == number,
                                                                       GpList.ended_on.is_(None)))
    if row is None:
        raise RegisterError(f"Fant ingen fastlegeliste for HPR-nummer {number}.")
    return row


def get_list(session: Session, list_id: int) -> GpList:
    row = session.get(GpList, list_id)
    if row is None:
        raise RegisterError(f"Fant ingen fastlegeliste med nummer {list_id}.")
    return row


def register_move(session: Session, person: Person, kommune_number: str, on: date, by: str) -> bool:
    """A move registered in the folkeregister from the date. A move to another kommune than before grants one
    change that does not count. Returns whether it was a move (False for the first registered address, or the
    same kommune again). Registering the same move twice changes nothing."""
    kommune(session, kommune_number)
    lock_persons(session, [person.id])
    same_day = session.scalar(select(Residence).where(Residence.person_id == person.id, Residence.valid_from == on))
    if same_day is not None:
        if same_day.kommune != kommune_number:
            raise RegisterError(f"Det er allerede registrert en flytting {on.isoformat()} til en annen kommune.")
        return False
    before = residence_on(session, person.id, on)
    later = session.scalar(select(Residence.id).where(Residence.person_id == person.id, Residence.valid_from > on))
    if later is not None:
        raise RegisterError("Det er registrert en senere flytting; flyttinger registreres i rekkefølge.")
    session.add(Residence(person_id=person.id, kommune=kommune_number, valid_from=on))
    moved = before is not None
    if moved:
        session.add(FreeChangeGrant(person_id=person.id, reason="move", since=on))
    session.flush()
    return moved


def place(session: Session, person: Person, list_id: int, on: date, by: str) -> Membership:
    """Put a person who is on no list on a list from the date (the first registration; the register's own
    loading, not a change). Never beyond the listetak."""
    lock_persons(session, [person.id])
    lists = lock_lists(session, [list_id])
    if open_membership(session, person.id) is not None:
        raise RegisterError("Personen står allerede på en fastlegeliste.")
    row = lists[list_id]
    if taken(session, list_id, on) >= row.capacity:
        raise RegisterError("Listen er full.")
    member = Membership(person_id=person.id, list_id=list_id, valid_from=on)
    session.add(member)
    session.flush()
    return member


def set_capacity(session: Session, list_id: int, capacity: int, open_: bool | None, on: date, by: str) -> GpList:
    """ListChange a list's listetak and/or open status. Lowering the listetak below the places taken is a list
    reduction (see `reduce_list`), not this."""
    row = lock_lists(session, [list_id])[list_id]
    if capacity < 0:
        raise RegisterError("Listetaket kan ikke være negativt.")
    held = taken(session, list_id, on)
    if capacity < held:
        raise RegisterError(f"Listen har {held} personer; et listetak under det er en listereduksjon med "
                            "loddtrekning.")
    detail = {"capacity": [row.capacity, capacity]}
    row.capacity = capacity
    if open_ is not None:
        detail["open"] = [row.open, open_]
        row.open = open_
    row.version += 1
    session.add(ListEvent(list_id=row.id, on=on, kind="capacity", detail=detail, by=by))
    session.flush()
    return row


def end_day(effective: date) -> date:
    return effective - timedelta(days=1)
