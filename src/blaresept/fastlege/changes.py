"""Changes of list: a person's request (for themself and, as a parent, for their children), waiting lists,
and the moves the kommune or Helfo makes (list reduction by lot, a fastlege who leaves). Each is one
transaction that locks the persons and the lists first, so a list never takes more than its places even when
many ask at once; the pure rules (`rules/fastlege`) decide, and their steps are stored with the change."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.fastlege import facts as f
from blaresept.fastlege.errors import RegisterError
from blaresept.fastlege.register import end_day
from blaresept.fastlege.tables import (
    FreeChangeGrant,
    GpList,
    ListChange,
    ListEvent,
    Membership,
    WaitingEntry,
)
from blaresept.persons.tables import Person
from blaresept.rules.fastlege import reduction, waiting
from blaresept.rules.fastlege.change import decide_change
from blaresept.rules.fastlege.dates import age_on, first_of_next_month
from blaresept.rules.fastlege.model import ChangeDecision, ChangeFacts, ChangeKind, FreeChange
from blaresept.rules.steps import Step


@dataclass
class ChangeResult:
    """What a request gave: accepted (with the date it takes effect) or refused (code and bokmål reason)."""

    person_id: int
    person_name: str | None
    accepted: bool
    change_id: int
    kind: str
    effective_on: date | None
    counts: bool
    refusal_code: str | None
    refusal_text: str | None
    steps: list[dict[str, Any]]
    children: list[ChangeResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted, "change_id": self.change_id, "kind": self.kind,
            "effective_on": self.effective_on.isoformat() if self.effective_on else None,
            "counts": self.counts, "refusal": ({"code": self.refusal_code, "text": self.refusal_text}
                                                if not self.accepted else None),
            "steps": self.steps, "children": [c.as_dict() for c in self.children],
        }


def request_change(session: Session, person: Person, target_id: int, on: date, by: str,
                   kind: ChangeKind = ChangeKind.ORDINARY, children: list[Person] | None = None,
                   by_guardian: bool = False) -> ChangeResult:
    """A person's request to move to the target list on the date (kind ORDINARY or RETURN). Children named go
    along when the parent's change is accepted; each child's change is decided on its own."""
    if kind not in (ChangeKind.ORDINARY, ChangeKind.RETURN):
        raise RegisterError("Bare vanlig bytte eller tilbake til tidligere fastlege kan bestilles.")
    everyone = [person, *(children or [])]
    f.lock_persons(session, [p.id for p in everyone])
    currents = {p.id: f.open_membership(session, p.id) for p in everyone}
    lists = f.lock_lists(session, [target_id, *(m.list_id for m in currents.values() if m)])
    result = _decide_and_store(session, person, lists, target_id, on, by, kind, currents[person.id],
                               by_guardian=by_guardian)
    if result.accepted:
        for child in children or []:
            result.children.append(_decide_and_store(session, child, lists, target_id, on, by, ChangeKind.ORDINARY,
                                                     currents[child.id], guardian_on_target=True,
                                                     by_guardian=True))
    return result


def _decide_and_store(session: Session, person: Person, lists: dict[int, GpList], target_id: int, on: date,
                      by: str, kind: ChangeKind, current: Membership | None, guardian_on_target: bool = False,
                      by_guardian: bool = False) -> ChangeResult:
    effective = first_of_next_month(on)
    grant, free = f.free_change(session, person.id, on)
    residence = f.residence_on(session, person.id, on)
    pending = f.pending_change(session, person.id, on)
    change_facts = ChangeFacts(
        requested_on=on, kind=kind, age=age_on(person.birth_date, on),
        current=f.list_facts(session, lists[current.list_id], effective) if current else None,
        target=f.list_facts(session, lists[target_id], effective),
        residence_kommune=residence.kommune if residence else None,
        counted_this_year=f.counted_in_year(session, person.id, on.year),
        free_change=free, pending_effective=pending.effective_on if pending else None,
        guardian_on_target=guardian_on_target, by_guardian=by_guardian,
        return_facts=f.return_facts(session, person.id, on) if kind is ChangeKind.RETURN else None,
    )
    decision = decide_change(change_facts)
    change = _store(session, person, current.list_id if current else None, target_id, on, by, decision, grant)
    if decision.accepted:
        assert decision.effective_on is not None
        if pending is not None:
            pending.status = "replaced"
        _move(session, person, current, target_id, decision.effective_on, change)
        _leave_waiting_if_on(session, person.id, target_id)
    return _result(person, change, decision)


def _store(session: Session, person: Person, from_id: int | None, to_id: int, on: date, by: str,
           decision: ChangeDecision, grant: FreeChangeGrant | None) -> ListChange:
    change = ListChange(person_id=person.id, from_list_id=from_id, to_list_id=to_id, kind=decision.kind.value,
                    requested_on=on, effective_on=decision.effective_on,
                    status="pending" if decision.accepted else "refused", counts=decision.counts,
                    free_reason=decision.uses_free_change.reason if decision.uses_free_change else None,
                    beyond_capacity=decision.beyond_capacity,
                    refusal_code=decision.refusal.code if decision.refusal else None,
                    refusal_text=decision.refusal.text if decision.refusal else None,
                    requested_by=by, steps=[s.as_dict() for s in decision.steps])
    session.add(change)
    session.flush()
    if decision.accepted and decision.uses_free_change is not None and grant is not None:
        grant.used_by = change.id
    return change


def _move(session: Session, person: Person, current: Membership | None, target_id: int, effective: date,
          change: ListChange) -> None:
    if current is not None:
        if current.valid_from >= effective:  # a membership not yet begun is replaced
            session.delete(current)
        else:
            current.valid_to = end_day(effective)
    session.add(Membership(person_id=person.id, list_id=target_id, valid_from=effective, change_id=change.id))
    session.flush()


def _leave_waiting_if_on(session: Session, person_id: int, list_id: int) -> None:
    entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == person_id,
                                                      WaitingEntry.list_id == list_id))
    if entry is not None:
        session.delete(entry)
        session.flush()


def _result(person: Person, change: ListChange, decision: ChangeDecision) -> ChangeResult:
    return ChangeResult(person.id, person.name, decision.accepted, change.id, change.kind, change.effective_on,
                        change.counts, change.refusal_code, change.refusal_text, list(change.steps))


# ------------------------------------------------------------------------------------------- waiting lists


@dataclass
class JoinResult:
    accepted: bool
    place: int | None
    refusal_code: str | None
    refusal_text: str | None
    steps: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "place": self.place,
                "refusal": {"code": self.refusal_code, "text": self.refusal_text} if not self.accepted else None,
                "steps": self.steps}


def join_waiting_list(session: Session, person: Person, list_id: int, on: date, by: str,
                      children: list[Person] | None = None) -> JoinResult:
    """Put the person (and the children named, who must not be on another waiting list) on the list's waiting
    list, at the end, as one family group."""
    everyone = [person, *(children or [])]
    f.lock_persons(session, [p.id for p in everyone])
    row = f.lock_lists(session, [list_id])[list_id]
    target = f.list_facts(session, row, first_of_next_month(on))
    decision = None
    for member in everyone:
        entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == member.id))
        waiting_on = f.gp_name(session.get(GpList, entry.list_id)) if entry else None  # type: ignore[arg-type]
        current = f.open_membership(session, member.id)
        decision = waiting.decide_join(on, target, current.list_id if current else None, waiting_on)
        if not decision.accepted:
            assert decision.refusal is not None
            text = decision.refusal.text
            if member is not person:
                text = f"{member.name or 'Barnet'}: {text}"
            return JoinResult(False, None, decision.refusal.code, text, [s.as_dict() for s in decision.steps])
    group = None
    for member in everyone:
        entry = WaitingEntry(person_id=member.id, list_id=list_id, group_id=group or 0, joined_on=on, by=by)
        session.add(entry)
        session.flush()
        if group is None:
            group = entry.id
            entry.group_id = group
    session.flush()
    assert decision is not None
    return JoinResult(True, target.waiting + 1, None, None, [s.as_dict() for s in decision.steps])


def leave_waiting_list(session: Session, person: Person) -> bool:
    """Take the person off their waiting list. Returns whether they were on one."""
    f.lock_persons(session, [person.id])
    entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == person.id))
    if entry is None:
        return False
    session.delete(entry)
    session.flush()
    return True


def waiting_place(session: Session, person_id: int) -> tuple[WaitingEntry, int] | None:
    """The person's waiting-list entry and their place on it (1 = first)."""
    entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == person_id))
    if entry is None:
        return None
    ahead = list(session.scalars(select(WaitingEntry.id).where(WaitingEntry.list_id == entry.list_id)
                                 .order_by(WaitingEntry.joined_at, WaitingEntry.id)))
    return entry, ahead.index(entry.id) + 1


def waiting_entries(session: Session, list_id: int) -> list[WaitingEntry]:
    return list(session.scalars(select(WaitingEntry).where(WaitingEntry.list_id == list_id)
                                .order_by(WaitingEntry.joined_at, WaitingEntry.id)))


def take_in_from_waiting_list(session: Session, list_id: int, on: date, by: str) -> tuple[list[ListChange], Step]:
    """The monthly run's step for one list: lock it, decide whom it takes in (rules/fastlege/waiting.py), and
    move them from the 1st of the coming month."""
    effective = first_of_next_month(on)
    entries = waiting_entries(session, list_id)
    f.lock_persons(session, [e.person_id for e in entries])
    row = f.lock_lists(session, [list_id])[list_id]
    entries = waiting_entries(session, list_id)  # again, under the locks
    target = f.list_facts(session, row, effective)
    target = replace(target, waiting=0)
    persons = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_([e.person_id for e in entries])))}
    candidates = []
    for entry in entries:
        _grant, free = f.free_change(session, entry.person_id, on)
        may = free is not None or f.counted_in_year(session, entry.person_id, on.year) < _limit(on)
        if f.pending_change(session, entry.person_id, on) is not None:
            may = False
        candidates.append(waiting.WaitingEntry(entry.person_id, entry.group_id, may))
    decided = waiting.intake(on, target, candidates, effective)
    changes = []
    for person_id in decided.taken:
        person = persons[person_id]
        current = f.open_membership(session, person_id)
        grant, free = f.free_change(session, person_id, on)
        decision = ChangeDecision(True, ChangeKind.WAITING_LIST, effective, free is None and current is not None,
                                  False, free if current is not None else None, None, decided.steps)
        change = _store(session, person, current.list_id if current else None, list_id, on, by, decision, grant)
        _move(session, person, current, list_id, effective, change)
        _leave_waiting_if_on(session, person_id, list_id)
        changes.append(change)
    return changes, decided.steps[0]


def _limit(on: date) -> int:
    from blaresept.rules.parameters import default_parameters

    value: int = default_parameters()["fastlege.changes_per_year"].at(on).value
    return value


# --------------------------------------------------------------------------- moves by the kommune or Helfo


def reduce_list(session: Session, list_id: int, new_capacity: int, to_list_id: int, on: date, by: str
                ) -> tuple[list[ListChange], Step]:
    """Lower a list's listetak from the 1st of the next month; the persons beyond it are drawn by lot (families
    kept together) and moved to `to_list_id`. The moves never count and each gives a free change."""
    effective = first_of_next_month(on)
    if to_list_id == list_id:
        raise RegisterError("Personene må flyttes til en annen liste.")
    members = list(session.scalars(select(Membership).where(
        Membership.list_id == list_id, (Membership.valid_to.is_(None)) | (Membership.valid_to >= effective))))
    f.lock_persons(session, [m.person_id for m in members])
    lists = f.lock_lists(session, [list_id, to_list_id])
    members = list(session.scalars(select(Membership).where(
        Membership.list_id == list_id, (Membership.valid_to.is_(None)) | (Membership.valid_to >= effective))))
    families = _families(session, [m.person_id for m in members], effective)
    draw = reduction.draw_by_lot(families, new_capacity, f"{list_id}:{effective.isoformat()}", effective)
    receiving = f.list_facts(session, lists[to_list_id], effective)
    if len(draw.selected) > receiving.free:
        raise RegisterError(f"Listen det flyttes til har bare {receiving.free} ledige plasser, og "
                            f"{len(draw.selected)} må flyttes. Øk listetaket der først.")
    row = lists[list_id]
    session.add(ListEvent(list_id=list_id, on=on, kind="reduced",
                          detail={"capacity": [row.capacity, new_capacity], "moved": len(draw.selected),
                                  "to_list": to_list_id, "effective_on": effective.isoformat()}, by=by))
    row.capacity = new_capacity
    row.version += 1
    changes = _move_all(session, [m for m in members if m.person_id in draw.selected], to_list_id, on, effective,
                        by, ChangeKind.REDUCTION, "reduction", draw.steps)
    return changes, draw.steps[0]


def end_list(session: Session, list_id: int, to_list_id: int, on: date, by: str) -> list[ListChange]:
    """The fastlege leaves: the list ends on the last day of the month and everyone on it moves to the other list
    from the 1st of the next month (not counted; each gets a free change)."""
    effective = first_of_next_month(on)
    members = list(session.scalars(select(Membership).where(
        Membership.list_id == list_id, (Membership.valid_to.is_(None)) | (Membership.valid_to >= effective))))
    f.lock_persons(session, [m.person_id for m in members])
    lists = f.lock_lists(session, [list_id, to_list_id])
    receiving = f.list_facts(session, lists[to_list_id], effective)
    if len(members) > receiving.free:
        raise RegisterError(f"Listen det flyttes til har bare {receiving.free} ledige plasser, og "
                            f"{len(members)} må flyttes.")
    row = lists[list_id]
    row.ended_on = end_day(effective)
    row.open = False
    session.add(ListEvent(list_id=list_id, on=on, kind="ended", detail={"to_list": to_list_id,
                                                                          "effective_on": effective.isoformat()},
                          by=by))
    for entry in waiting_entries(session, list_id):
        session.delete(entry)
    from blaresept.rules.law import pbrl

    step = Step(rule="fastlege.gp_left", reference=pbrl("§ 2-1 c", "andre"), version=date(2009, 1, 1),
                outcome="moved", text="Fastlegen slutter, og alle på listen flyttes til en annen liste. Flyttingen "
                                      "teller ikke som et av byttene.",
                inputs={"members": len(members)}, outputs={"effective_on": effective})
    return _move_all(session, members, to_list_id, on, effective, by, ChangeKind.GP_LEFT, "gp_left", (step,))


def _move_all(session: Session, members: list[Membership], to_list_id: int, on: date, effective: date, by: str,
              kind: ChangeKind, reason: str, steps: tuple[Step, ...]) -> list[ListChange]:
    changes = []
    persons = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_([m.person_id for m in members])))}
    for member in members:
        person = persons[member.person_id]
        decision = ChangeDecision(True, kind, effective, False, False, None, None, steps)
        change = _store(session, person, member.list_id, to_list_id, on, by, decision, None)
        _move(session, person, member, to_list_id, effective, change)
        session.add(FreeChangeGrant(person_id=person.id, reason=reason, since=effective))
        changes.append(change)
    session.flush()
    return changes


def _families(session: Session, person_ids: list[int], on: date) -> dict[int, int]:
    """Each person's family group on the list: a child under the child age goes with a guardian on the same
    list (the first guardian by id); everyone else is their own group."""
    from blaresept.persons.tables import Guardianship
    from blaresept.rules.parameters import default_parameters

    child_age: int = default_parameters()["fastlege.child_age"].at(on).value
    on_list = set(person_ids)
    births = {pid: born for pid, born in session.execute(
        select(Person.id, Person.birth_date).where(Person.id.in_(person_ids))).tuples()}
    groups = {pid: pid for pid in person_ids}
    pairs = session.execute(select(Guardianship.guardian_id, Guardianship.child_id)
                            .order_by(Guardianship.guardian_id)).tuples()
    for guardian_id, child_id in pairs:
        if guardian_id in on_list and child_id in on_list and groups[child_id] == child_id \
                and age_on(births[child_id], on) < child_age:
            groups[child_id] = groups[guardian_id]
    return groups


__all__ = ["ChangeResult", "FreeChange", "JoinResult", "end_list", "join_waiting_list", "leave_waiting_list",
           "reduce_list", "request_change", "take_in_from_waiting_list", "waiting_place"]
