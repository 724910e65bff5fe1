"""What each role sees of the register, as plain dictionaries for the API, the web pages and the CLI: a person's
own fastlege, status and waiting-list place (Min side, «Bytt fastlege»); a fastlege's list and its capacity; a
kommune's lists for the kommune or Helfo."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from blaresept.fastlege import facts as f
from blaresept.fastlege.changes import waiting_entries, waiting_place
from blaresept.fastlege.tables import GpList, Kommune, ListChange, ListEvent, ListLetter, Membership, Practice
from blaresept.persons.identity import masked
from blaresept.persons.tables import Person
from blaresept.rules.fastlege.dates import first_of_next_month
from blaresept.rules.fastlege.model import KIND_NAMES, ChangeKind
from blaresept.rules.parameters import default_parameters

STATUS_NAMES = {"pending": "registrert", "applied": "gjennomført", "refused": "avvist",
                "replaced": "erstattet av et nytt bytte"}


def list_summary(session: Session, row: GpList, on: date) -> dict[str, Any]:
    held = f.taken(session, row.id, first_of_next_month(on))
    ended = row.ended_on is not None and row.ended_on < on
    return {
        "list_id": row.id, "gp": f.gp_name(row), "hpr": row.gp.hpr if row.gp else None,
        "practice": row.practice.name, "address": row.practice.address,
        "kommune": row.practice.kommune.number, "kommune_name": row.practice.kommune.name,
        "capacity": row.capacity, "members": count_on_list(session, row.id, on), "taken_next_month": held,
        "free": max(0, row.capacity - held), "open": row.open and not ended, "ended_on": row.ended_on,
        "waiting": f.waiting_count(session, row.id),
        "accepts_changes": row.open and not ended and held < row.capacity and f.waiting_count(session, row.id) == 0,
    }


def change_summary(session: Session, change: ListChange) -> dict[str, Any]:
    to = session.get(GpList, change.to_list_id)
    frm = session.get(GpList, change.from_list_id) if change.from_list_id else None
    return {
        "id": change.id, "kind": change.kind, "kind_text": KIND_NAMES[ChangeKind(change.kind)],
        "requested_on": change.requested_on, "effective_on": change.effective_on, "status": change.status,
        "status_text": STATUS_NAMES[change.status], "counts": change.counts, "free_reason": change.free_reason,
        "to": f.gp_name(to) if to else None, "from": f.gp_name(frm) if frm else None,
        "refusal": {"code": change.refusal_code, "text": change.refusal_text} if change.refusal_code else None,
        "steps": change.steps,
    }


def person_status(session: Session, person: Person, on: date) -> dict[str, Any]:
    """A person's own view: the fastlege on the date and from the next change, changes used this year, waiting
    list place, history of lists, requests (with refusals and why) and letters."""
    limit: int = default_parameters()["fastlege.changes_per_year"].at(max(on, date(2009, 1, 1))).value
    current = f.membership_on(session, person.id, on)
    upcoming = f.open_membership(session, person.id)
    counted = f.counted_in_year(session, person.id, on.year)
    grant, _free = f.free_change(session, person.id, on)
    place = waiting_place(session, person.id)
    residence = f.residence_on(session, person.id, on)
    history = list(session.scalars(select(Membership).where(Membership.person_id == person.id)
                                   .order_by(Membership.valid_from)))
    changes = list(session.scalars(select(ListChange).where(ListChange.person_id == person.id)
                                   .order_by(ListChange.id.desc()).limit(20)))
    letters = list(session.scalars(select(ListLetter).where(ListLetter.person_id == person.id)
                                   .order_by(ListLetter.id.desc())))
    return {
        "name": person.name, "fnr_masked": masked(person.fnr), "on": on,
        "residence": residence.kommune if residence else None,
        "current": list_summary(session, session.get_one(GpList, current.list_id), on) if current else None,
        "current_since": current.valid_from if current else None,
        "upcoming": (list_summary(session, session.get_one(GpList, upcoming.list_id), on)
                     if upcoming and (current is None or upcoming.id != current.id) else None),
        "upcoming_from": upcoming.valid_from if upcoming and (current is None or upcoming.id != current.id) else None,
        "changes_used": counted, "changes_limit": limit, "changes_left": max(0, limit - counted),
        "free_change": {"reason": grant.reason, "since": grant.since} if grant else None,
        "waiting": ({"list": list_summary(session, session.get_one(GpList, place[0].list_id), on),
                     "place": place[1], "joined_on": place[0].joined_on} if place else None),
        "history": [{"gp": f.gp_name(session.get_one(GpList, m.list_id)), "list_id": m.list_id,
                     "from": m.valid_from, "to": m.valid_to} for m in history],
        "changes": [change_summary(session, c) for c in changes],
        "letters": [{"id": letter.id, "kind": letter.kind, "sent_on": letter.sent_on,
                     "effective_on": letter.effective_on, "reference": letter.title} for letter in letters],
    }


def list_detail(session: Session, row: GpList, on: date) -> dict[str, Any]:
    """A fastlege's (or the kommune's) view of one list: capacity, who is on it on the date, who joins and leaves
    from the next month, the waiting list in order, and the list's events."""
    summary = list_summary(session, row, on)
    members = session.execute(select(Membership, Person).join(Person, Person.id == Membership.person_id).where(
        Membership.list_id == row.id, or_(Membership.valid_to.is_(None), Membership.valid_to >= on))
        .order_by(Person.name, Person.id)).all()
    on_list, joining, leaving = [], [], []
    for member, person in members:
        entry = {"name": person.name, "fnr_masked": masked(person.fnr), "birth_date": person.birth_date,
                 "from": member.valid_from, "to": member.valid_to}
        if member.valid_from > on:
            joining.append(entry)
            continue
        on_list.append(entry)
        if member.valid_to is not None:
            leaving.append(entry)
    waiting = [{"place": n, "name": session.get_one(Person, e.person_id).name, "joined_on": e.joined_on,
                "fnr_masked": masked(session.get_one(Person, e.person_id).fnr)}
               for n, e in enumerate(waiting_entries(session, row.id), start=1)]
    events = list(session.scalars(select(ListEvent).where(ListEvent.list_id == row.id).order_by(ListEvent.id)))
    return summary | {"on_list": on_list, "joining": joining, "leaving": leaving, "waiting_list": waiting,
                      "events": [{"on": e.on, "kind": e.kind, "detail": e.detail, "by": e.by} for e in events]}


def kommune_lists(session: Session, on: date, kommune: str | None = None) -> list[dict[str, Any]]:
    query = select(GpList).join(Practice).join(Kommune).order_by(Kommune.number, GpList.id)
    if kommune:
        query = query.where(Kommune.number == kommune)
    return [list_summary(session, row, on) for row in session.scalars(query)]


def open_lists(session: Session, on: date) -> list[dict[str, Any]]:
    """Every running list, for choosing a fastlege (with free places and whether it takes changes)."""
    return [s for s in kommune_lists(session, on) if s["ended_on"] is None or s["ended_on"] >= on]


def letter_pdf(session: Session, letter_id: int) -> tuple[ListLetter, bytes] | None:
    letter = session.get(ListLetter, letter_id)
    return (letter, letter.pdf) if letter else None


def count_on_list(session: Session, list_id: int, on: date) -> int:
    return session.scalar(select(func.count(Membership.id)).where(
        Membership.list_id == list_id, Membership.valid_from <= on,
        or_(Membership.valid_to.is_(None), Membership.valid_to >= on))) or 0
