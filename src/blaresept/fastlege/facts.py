"""Reading the register: the places a list holds on a date, a person's list, residence, changes and free
changes — the facts the pure rules in `rules/fastlege` decide on. Locks are taken here too: a change locks the
persons involved, then the lists, always in id order, so two requests never wait for each other in a circle."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from blaresept.fastlege.errors import RegisterError
from blaresept.fastlege.tables import (
    FreeChangeGrant,
    GpList,
    ListChange,
    Membership,
    Residence,
    WaitingEntry,
)
from blaresept.persons.tables import Person
from blaresept.rules.fastlege.model import FreeChange, ListFacts, ReturnFacts


def lock_persons(session: Session, ids: Iterable[int]) -> None:
    """Row locks on the persons (PostgreSQL; SQLite serialises every write transaction already)."""
    wanted = sorted(set(ids))
    if wanted:
        list(session.scalars(select(Person.id).where(Person.id.in_(wanted)).order_by(Person.id).with_for_update()))


def lock_lists(session: Session, ids: Iterable[int | None]) -> dict[int, GpList]:
    """Row locks on the lists, in id order; the lists by id. An unknown id is a bokmål error."""
    wanted = sorted({i for i in ids if i is not None})
    found = {row.id: row for row in session.scalars(
        select(GpList).where(GpList.id.in_(wanted)).order_by(GpList.id).with_for_update())}
    for list_id in wanted:
        if list_id not in found:
            raise RegisterError(f"Fant ingen fastlegeliste med nummer {list_id}.")
    for row in found.values():
        session.refresh(row)  # the locked, current values (another transaction may have changed them)
    return found


def taken(session: Session, list_id: int, on: date) -> int:
    """Places held on the list from the date on: everyone whose membership has not ended before it (members who
    stay, and changes registered to join)."""
    return session.scalar(select(func.count(Membership.id)).where(
        Membership.list_id == list_id, or_(Membership.valid_to.is_(None), Membership.valid_to >= on))) or 0


def waiting_count(session: Session, list_id: int) -> int:
    return session.scalar(select(func.count(WaitingEntry.id)).where(WaitingEntry.list_id == list_id)) or 0


def list_facts(session: Session, row: GpList, on: date) -> ListFacts:
    return ListFacts(list_id=row.id, gp_name=gp_name(row), kommune=row.practice.kommune.number,
                     capacity=row.capacity, taken=taken(session, row.id, on),
                     open=row.open and (row.ended_on is None or row.ended_on >= on),
                     waiting=waiting_count(session, row.id))


def gp_name(row: GpList) -> str:
    return row.gp.name if row.gp else f"ubesatt liste {row.id} ({row.practice.name})"


def membership_on(session: Session, person_id: int, on: date) -> Membership | None:
    """The person's membership on the date, if any."""
    return session.scalar(select(Membership).where(
        Membership.person_id == person_id, Membership.valid_from <= on,
        or_(Membership.valid_to.is_(None), Membership.valid_to >= on)))


def open_membership(session: Session, person_id: int) -> Membership | None:
    """The membership with no end: the list the person is on now or will be on when a pending change takes
    effect."""
    return session.scalar(select(Membership).where(Membership.person_id == person_id,
                                                   Membership.valid_to.is_(None)))


def residence_on(session: Session, person_id: int, on: date) -> Residence | None:
    return session.scalar(select(Residence).where(Residence.person_id == person_id, Residence.valid_from <= on)
                          .order_by(Residence.valid_from.desc()).limit(1))


def counted_in_year(session: Session, person_id: int, year: int) -> int:
    return session.scalar(select(func.count(ListChange.id)).where(
        ListChange.person_id == person_id, ListChange.counts.is_(True),
        ListChange.status.in_(("pending", "applied", "replaced")),
        ListChange.requested_on >= date(year, 1, 1), ListChange.requested_on <= date(year, 12, 31))) or 0


def pending_change(session: Session, person_id: int, on: date) -> ListChange | None:
    return session.scalar(select(ListChange).where(ListChange.person_id == person_id, ListChange.status == "pending",
                                               ListChange.effective_on > on).order_by(ListChange.effective_on).limit(1))


def free_change(session: Session, person_id: int, on: date) -> tuple[FreeChangeGrant | None, FreeChange | None]:
    grant = session.scalar(select(FreeChangeGrant).where(
        FreeChangeGrant.person_id == person_id, FreeChangeGrant.used_by.is_(None), FreeChangeGrant.since <= on)
        .order_by(FreeChangeGrant.since, FreeChangeGrant.id).limit(1))
    return grant, (FreeChange(grant.reason, grant.since) if grant else None)


def return_facts(session: Session, person_id: int, on: date) -> ReturnFacts:
    """The last registered move back to the kommune the person lives in, the move out before it, and the list
    the person was on the day they moved out."""
    rows = list(session.scalars(select(Residence).where(Residence.person_id == person_id,
                                                        Residence.valid_from <= on).order_by(Residence.valid_from)))
    if len(rows) < 3:
        return ReturnFacts(None, None, None, rows[-1].kommune if rows else None)
    here = rows[-1].kommune
    back = len(rows) - 1
    while back > 0 and rows[back - 1].kommune == here:
        back -= 1
    before = back - 1
    while before >= 0 and rows[before].kommune != here:
        before -= 1
    if before < 0 or back == 0:
        return ReturnFacts(None, None, None, here)
    moved_out = rows[before + 1].valid_from
    member = membership_on(session, person_id, moved_out - timedelta(days=1))
    return ReturnFacts(moved_out, rows[back].valid_from, member.list_id if member else None, here)

