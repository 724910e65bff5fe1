"""kind: fastlege — a small register (lists, persons) and a sequence of dated events (change requests, moves,
waiting lists, list changes, monthly runs), each with the state or refusal expected after it
(docs/scenarios.md). The events run through the register itself, on a fresh in-memory database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from blaresept.rules.errors import RuleInputError
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run
from blaresept.scenarios.reader import Reader, ScenarioFormatError

ACTIONS = ("change", "waiting", "leave_waiting", "move", "capacity", "reduce", "gp_leaves", "run_month")
RESULT_KEYS = {
    "change": ("accepted", "refused", "effective", "counts", "kind"),
    "waiting": ("accepted", "refused", "place"),
    "leave_waiting": ("left",),
    "move": ("moved",),
    "capacity": (),
    "reduce": ("moved", "moved_persons"),
    "gp_leaves": ("moved",),
    "run_month": ("applied", "taken_in", "taken_in_persons", "letters"),
}
STATE_KEYS = ("list", "next", "waiting", "changes", "letters", "taken", "free", "same")


@dataclass
class ListSpec:
    key: str
    gp: str
    hpr: str
    kommune: str
    capacity: int
    open: bool
    practice: str


@dataclass
class PersonSpec:
    key: str
    born: date
    kommune: str | None
    list: str | None
    since: date
    guardian: str | None


@dataclass
class Event:
    number: int
    on: date
    action: str | None
    args: dict[str, Any]
    expect: dict[str, str]
    error: str | None


@dataclass
class FastlegeCase:
    lists: list[ListSpec]
    persons: list[PersonSpec]
    fill: dict[str, int]
    events: list[Event]
    ids: dict[str, int] = field(default_factory=dict)

    def run(self) -> Run:
        from blaresept.storage.db import Base, make_engine, transaction
        from blaresept.storage.models import import_all

        import_all()
        engine = make_engine("sqlite:///:memory:", poolclass=StaticPool)
        try:
            Base.metadata.create_all(engine)
            with transaction(engine) as session:
                self._build(session)
            actual: dict[str, str] = {}
            for event in self.events:
                actual.update(self._event(engine, event))
            return Run(actual)
        finally:
            engine.dispose()

    # ----------------------------------------------------------------------------------------- building

    def _build(self, session: Session) -> None:
        from blaresept.fastlege import register as reg
        from blaresept.fastlege.synthetic import synthetic_fnr
        from blaresept.persons.service import add_guardian, find_or_register

        for spec in self.lists:
            reg.kommune(session, spec.kommune, f"Kommune {spec.kommune}")
            practice = reg.practice(session, spec.kommune, spec.practice)
            row = reg.create_list(session, practice, reg.gp(session, spec.hpr, spec.gp), spec.capacity, spec.open,
                                  date(2001, 6, 1), "scenario")
            self.ids[f"list:{spec.key}"] = row.id
        births: dict[date, int] = {}
        for person in self.persons:
            n = births.get(person.born, 0)
            births[person.born] = n + 1
            who = find_or_register(session, synthetic_fnr(person.born, n), person.key)
            self.ids[f"person:{person.key}"] = who.id
            if person.kommune:
                reg.register_move(session, who, person.kommune, person.since, "scenario")
            if person.list:
                reg.place(session, who, self._list(person.list), person.since, "scenario")
            if person.guardian:
                add_guardian(session, session.get_one(_person_table(), self._person(person.guardian)), who)
        for key, count in self.fill.items():
            for index in range(count):
                born = date(1960 + index % 40, 1 + index % 12, 1 + index % 28)
                n = births.get(born, 0)
                births[born] = n + 1
                filler = find_or_register(session, synthetic_fnr(born, n), f"fyll-{key}-{index + 1}")
                reg.place(session, filler, self._list(key), date(2020, 1, 1), "scenario")

    def _list(self, key: str) -> int:
        if f"list:{key}" not in self.ids:
            raise RuleInputError(f"Ukjent liste «{key}» i scenarioet.")
        return self.ids[f"list:{key}"]

    def _person(self, key: str) -> int:
        if f"person:{key}" not in self.ids:
            raise RuleInputError(f"Ukjent person «{key}» i scenarioet.")
        return self.ids[f"person:{key}"]

    def _list_key(self, list_id: int | None) -> str:
        if list_id is None:
            return "null"
        return next(k.split(":", 1)[1] for k, v in self.ids.items() if k.startswith("list:") and v == list_id)

    def _person_key(self, person_id: int) -> str:
        return next(k.split(":", 1)[1] for k, v in self.ids.items() if k.startswith("person:") and v == person_id)

    # ------------------------------------------------------------------------------------------- events

    def _event(self, engine: Any, event: Event) -> dict[str, str]:
        from blaresept.fastlege.errors import NotAllowed, RegisterError
        from blaresept.rules.errors import RuleError
        from blaresept.storage.db import transaction

        results: dict[str, Any] = {}
        error = None
        if event.action is not None:
            try:
                if event.action == "run_month":
                    results = self._run_month(engine, event)
                else:
                    with transaction(engine) as session:
                        results = ACTION_HANDLERS[event.action](self, session, event)
            except (RegisterError, NotAllowed, *RuleError) as exc:
                error = str(exc)
                if event.error is None:  # an error nobody expected fails the scenario
                    raise RuleInputError(f"Hendelse {event.number} ({event.on.isoformat()}): {error}") from exc
        actual: dict[str, str] = {}
        for key in event.expect:
            name = f"{event.number}.{key}"
            if key in results:
                actual[name] = show(results[key])
            elif "." in key and key.split(".", 1)[0] in STATE_KEYS:
                with transaction(engine) as session:
                    actual[name] = show(self._state(session, key, event.on))
            else:
                actual[name] = "(ingen verdi)"
        if event.error is not None or error is not None:
            name = f"{event.number}.error"
            if error is None:
                actual[name] = "(ingen feil)"
            elif event.error is not None and event.error.lower() in error.lower():
                actual[name] = event.error
            else:
                actual[name] = error
        return actual

    def _change(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.changes import request_change
        from blaresept.rules.fastlege.model import ChangeKind

        args = event.args
        person = session.get_one(_person_table(), self._person(args["person"]))
        children = [session.get_one(_person_table(), self._person(k)) for k in args.get("children", [])]
        kind = ChangeKind.RETURN if args.get("kind") == "return" else ChangeKind.ORDINARY
        result = request_change(session, person, self._list(args["to"]), event.on, "scenario", kind, children,
                                by_guardian=bool(args.get("by_guardian")))
        out: dict[str, Any] = {"accepted": result.accepted, "refused": result.refusal_code,
                               "effective": result.effective_on, "counts": result.counts, "kind": result.kind}
        for child in result.children:
            key = self._person_key(child.person_id)
            out[f"child.{key}.accepted"] = child.accepted
            out[f"child.{key}.refused"] = child.refusal_code
            out[f"child.{key}.effective"] = child.effective_on
        return out

    def _waiting(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.changes import join_waiting_list

        args = event.args
        person = session.get_one(_person_table(), self._person(args["person"]))
        children = [session.get_one(_person_table(), self._person(k)) for k in args.get("children", [])]
        result = join_waiting_list(session, person, self._list(args["list"]), event.on, "scenario", children)
        return {"accepted": result.accepted, "refused": result.refusal_code, "place": result.place}

    def _leave(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.changes import leave_waiting_list

        person = session.get_one(_person_table(), self._person(event.args["person"]))
        return {"left": leave_waiting_list(session, person)}

    def _move(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.register import kommune, register_move

        kommune(session, event.args["kommune"], f"Kommune {event.args['kommune']}")
        person = session.get_one(_person_table(), self._person(event.args["person"]))
        return {"moved": register_move(session, person, event.args["kommune"], event.on, "scenario")}

    def _capacity(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.register import get_list, set_capacity

        list_id = self._list(event.args["list"])
        capacity = event.args.get("capacity", get_list(session, list_id).capacity)
        set_capacity(session, list_id, capacity, event.args.get("open"), event.on, "scenario")
        return {}

    def _reduce(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.changes import reduce_list

        moved, _step = reduce_list(session, self._list(event.args["list"]), event.args["capacity"],
                                   self._list(event.args["to"]), event.on, "scenario")
        return {"moved": len(moved), "moved_persons": sorted(self._person_key(c.person_id) for c in moved)}

    def _gp_leaves(self, session: Session, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.changes import end_list

        moved = end_list(session, self._list(event.args["list"]), self._list(event.args["to"]), event.on,
                         "scenario")
        return {"moved": len(moved)}

    def _run_month(self, engine: Any, event: Event) -> dict[str, Any]:
        from blaresept.fastlege.monthly import run_month
        from blaresept.fastlege.tables import ListChange
        from blaresept.storage.db import transaction

        summary = run_month(engine, event.on, "scenario")
        with transaction(engine) as session:
            taken = sorted(self._person_key(pid) for pid in session.scalars(
                select(ListChange.person_id).where(ListChange.kind == "waiting_list",
                                                   ListChange.requested_on == event.on)))
        return {"applied": summary.applied, "taken_in": summary.taken_in, "letters": summary.letters,
                "taken_in_persons": taken}

    def _state(self, session: Session, key: str, on: date) -> Any:
        from blaresept.fastlege import facts as f
        from blaresept.fastlege.changes import waiting_place
        from blaresept.fastlege.tables import ListLetter

        what, name = key.split(".", 1)
        if what in ("taken", "free"):
            list_id = self._list(name)
            held = f.taken(session, list_id, on)
            if what == "taken":
                return held
            from blaresept.fastlege.register import get_list

            return get_list(session, list_id).capacity - held
        if what == "same":  # same.a+b: are the two persons on the same list on the date?
            first, second = (self._person(n) for n in name.split("+", 1))
            a, b = f.membership_on(session, first, on), f.membership_on(session, second, on)
            return a is not None and b is not None and a.list_id == b.list_id
        person_id = self._person(name)
        if what == "list":
            member = f.membership_on(session, person_id, on)
            return self._list_key(member.list_id) if member else None
        if what == "next":
            member = f.open_membership(session, person_id)
            return self._list_key(member.list_id) if member else None
        if what == "waiting":
            found = waiting_place(session, person_id)
            return f"{self._list_key(found[0].list_id)} nr. {found[1]}" if found else None
        if what == "changes":
            return f.counted_in_year(session, person_id, on.year)
        return session.scalar(select(func.count(ListLetter.id)).where(ListLetter.person_id == person_id)) or 0


ACTION_HANDLERS: dict[str, Callable[[FastlegeCase, Session, Event], dict[str, Any]]] = {
    "change": FastlegeCase._change,
    "waiting": FastlegeCase._waiting,
    "leave_waiting": FastlegeCase._leave,
    "move": FastlegeCase._move,
    "capacity": FastlegeCase._capacity,
    "reduce": FastlegeCase._reduce,
    "gp_leaves": FastlegeCase._gp_leaves,
}


def _person_table() -> Any:
    from blaresept.persons.tables import Person

    return Person


def show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


# ------------------------------------------------------------------------------------------------ reading


def read_list(key: str, r: Reader) -> ListSpec:
    spec = ListSpec(key, r.text("gp"), r.text("hpr"), r.text("kommune"), r.integer("capacity"),
                    r.boolean("open", True), r.text("practice", "Legesenteret"))
    r.done()
    return spec


def read_person(key: str, r: Reader) -> PersonSpec:
    spec = PersonSpec(key, r.date("born"), r.text("kommune", None), r.text("list", None),
                      r.date("since", date(2020, 1, 1)), r.text("guardian", None))
    r.done()
    return spec


ACTION_ARGS: dict[str, dict[str, Callable[[Reader, str], Any]]] = {
    "change": {"person": Reader.text, "to": Reader.text, "kind": lambda r, k: r.choice(k, ("ordinary", "return")),
               "children": Reader.list, "by_guardian": Reader.boolean},
    "waiting": {"person": Reader.text, "list": Reader.text, "children": Reader.list},
    "leave_waiting": {"person": Reader.text},
    "move": {"person": Reader.text, "kommune": Reader.text},
    "capacity": {"list": Reader.text, "capacity": Reader.integer, "open": Reader.boolean},
    "reduce": {"list": Reader.text, "capacity": Reader.integer, "to": Reader.text},
    "gp_leaves": {"list": Reader.text, "to": Reader.text},
    "run_month": {},
}
REQUIRED = {"change": ("person", "to"), "waiting": ("person", "list"), "leave_waiting": ("person",),
            "move": ("person", "kommune"), "capacity": ("list",), "reduce": ("list", "capacity", "to"),
            "gp_leaves": ("list", "to"), "run_month": ()}


def read_event(number: int, r: Reader) -> Event:
    on = r.date("date")
    actions = [a for a in ACTIONS if r.has(a)]
    if len(actions) > 1:
        raise ScenarioFormatError(f"{r.path}: én handling per hendelse (fant {', '.join(actions)}).")
    action = actions[0] if actions else None
    args: dict[str, Any] = {}
    if action is not None:
        a = r.mapping(action) if r.raw(action) is not None else Reader({}, f"{r.path}.{action}")
        for key, read in ACTION_ARGS[action].items():
            if a.has(key):
                args[key] = read(a, key)
        for key in REQUIRED[action]:
            if key not in args:
                raise ScenarioFormatError(f"{r.path}.{action}.{key} mangler.")
        a.done()
    expect: dict[str, str] = {}
    error = None
    if r.has("expect"):
        e = r.mapping("expect")
        allowed = RESULT_KEYS[action] if action else ()
        for key in list(e.data):
            value = e.raw(key)
            if key == "error":
                error = str(value)
                continue
            base = key.split(".", 1)[0]
            if key in allowed or (base in STATE_KEYS and "." in key) or (action == "change" and base == "child"):
                expect[key] = show(value)
            else:
                raise ScenarioFormatError(
                    f"{r.path}.expect.{key}: ukjent nøkkel (for {action or 'en sjekk'}: "
                    f"{', '.join(allowed) or '–'}; tilstand: {', '.join(k + '.<navn>' for k in STATE_KEYS)}).")
        e.done()
    r.done()
    if action is None and not expect:
        raise ScenarioFormatError(f"{r.path}: hendelsen har verken handling eller expect.")
    return Event(number, on, action, args, expect, error)


@register("fastlege")
def read(r: Reader) -> tuple[FastlegeCase, dict[str, str], str | None]:
    reg = r.mapping("register")
    lists_r = reg.mapping("lists")
    lists = [read_list(str(k), lists_r.mapping(k)) for k in list(lists_r.data)]
    lists_r.done()
    persons_r = reg.mapping("persons", {})
    persons = [read_person(str(k), persons_r.mapping(k)) for k in list(persons_r.data)]
    persons_r.done()
    fill_r = reg.mapping("fill", {})
    fill = {str(k): fill_r.integer(k) for k in list(fill_r.data)}
    fill_r.done()
    reg.done()
    raw_events = r.list("events")
    events = []
    for index, entry in enumerate(raw_events, start=1):
        events.append(read_event(index, Reader(entry, f"events[{index - 1}]")))
    expected: dict[str, str] = {}
    for event in events:
        for key, value in event.expect.items():
            expected[f"{event.number}.{key}"] = value
        if event.error is not None:
            expected[f"{event.number}.error"] = event.error
    if not expected:
        raise ScenarioFormatError("events: ingen hendelse forventer noe (oppgi expect).")
    return FastlegeCase(lists, persons, fill, events), expected, None
