"""Waiting lists: who may join one, and whom a list takes in from it.

A person stands on at most one waiting list at a time, and may put their children (at the same address) on
it with them. A list with a waiting list takes in from it, in the order people joined, once it has 10 free
places (`fastlege.waiting_list_reopen_places`); it takes in 10 each time, keeping a family that joined
together together. The move takes effect on the 1st of the coming month and Helfo sends a letter
(helsenorge, lommelegen.no, bodo.kommune.no — helfo-services-facts.md § 3). Being taken in from a waiting
list is the person's own change: it counts towards the two a year, unless a free change applies; a person
with no change left that year keeps their place and is passed over until they have one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules.fastlege.dates import long_date
from blaresept.rules.fastlege.model import ListFacts, Refusal
from blaresept.rules.law import pbrl
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import Step, rule_version


@dataclass(frozen=True)
class JoinDecision:
    accepted: bool
    refusal: Refusal | None
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class WaitingEntry:
    """One person on a waiting list, in order. `group` is shared by a parent and the children who joined with
    them; `may_change` is whether the person has a change left (or a free one) on the run's date."""

    key: int
    group: int
    may_change: bool


@dataclass(frozen=True)
class Intake:
    taken: tuple[int, ...]
    passed_over: tuple[int, ...]
    steps: tuple[Step, ...]


def decide_join(on: date, target: ListFacts, current_list: int | None, waiting_on: str | None,
                params: ParameterSet | None = None) -> JoinDecision:
    """May the person join the target's waiting list? Not if already on one (one at a time), not for their own
    fastlege, and not when the list has room for an ordinary change."""
    params = params or default_parameters()
    places, use = params["fastlege.waiting_list_reopen_places"].use(on)
    reference = pbrl("§ 2-1 c")
    version = rule_version(use, default=on)

    def refused(code: str, text: str) -> JoinDecision:
        return JoinDecision(False, Refusal(code, text), (Step(
            rule="fastlege.waiting_list.join", reference=reference, version=version, outcome="refused", text=text,
            inputs={"target": target.list_id}, outputs={"refusal": code}, parameters=(use,)),))

    if waiting_on is not None:
        return refused("allerede_venteliste",
                       f"Du står allerede på ventelisten til {waiting_on}. Du kan stå på én venteliste om "
                       "gangen; meld deg av den først.")
    if current_list == target.list_id:
        return refused("samme_lege", f"Du står allerede på listen til {target.gp_name}.")
    if target.open and target.waiting == 0 and target.taken < target.capacity:
        return refused("ledig_plass",
                       f"Listen til {target.gp_name} har ledig plass. Du kan bytte direkte i stedet for å stå på "
                       "venteliste.")
    return JoinDecision(True, None, (Step(
        rule="fastlege.waiting_list.join", reference=reference, version=version, outcome="passed",
        text=f"Du er satt på ventelisten til {target.gp_name} som nr. {target.waiting + 1}. Listen tar inn fra "
             f"ventelisten når den har {places} ledige plasser.",
        inputs={"target": target.list_id, "waiting": target.waiting},
        outputs={"place": target.waiting + 1}, parameters=(use,)),))


def intake(on: date, target: ListFacts, entries: list[WaitingEntry], effective: date,
           params: ParameterSet | None = None) -> Intake:
    """Whom the list takes in from its waiting list on the run date `on` (for the 1st of the coming month,
    `effective`): nobody below the threshold of free places; otherwise up to that many, in order, whole
    families, passing over those with no change left."""
    params = params or default_parameters()
    places, use = params["fastlege.waiting_list_reopen_places"].use(on)
    version = rule_version(use, default=on)
    reference = pbrl("§ 2-1 c")
    free = target.free
    if free < places or not target.open:
        why = "listen er lukket av fastlegen" if not target.open else f"listen har {free} ledige plasser"
        return Intake((), (), (Step(
            rule="fastlege.waiting_list.intake", reference=reference, version=version, outcome="none",
            text=f"Ingen tas inn fra ventelisten til {target.gp_name}: {why}, og den tar inn først ved "
                 f"{places} ledige plasser.",
            inputs={"free": free, "capacity": target.capacity, "taken": target.taken, "open": target.open},
            outputs={"taken_in": 0}, parameters=(use,)),))
    groups: dict[int, list[WaitingEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    taken: list[int] = []
    passed: list[int] = []
    room = min(free, places)
    for members in groups.values():
        if len(taken) >= room:
            break
        able = [m for m in members if m.may_change]
        passed.extend(m.key for m in members if not m.may_change)
        if not able:
            continue
        if len(able) > free - len(taken):  # a family is never split; it waits for room for all of them
            passed.extend(m.key for m in able)
            continue
        taken.extend(m.key for m in able)
    text = (f"Listen til {target.gp_name} har {free} ledige plasser fra {long_date(effective)}, minst {places}: "
            f"{len(taken)} tas inn fra ventelisten i rekkefølge, med virkning fra {long_date(effective)}.")
    if passed:
        text += (f" {len(passed)} står fortsatt på ventelisten (ingen bytter igjen i år, eller ikke plass til hele "
                 "familien).")
    return Intake(tuple(taken), tuple(passed), (Step(
        rule="fastlege.waiting_list.intake", reference=reference, version=version, outcome="taken_in",
        text=text, inputs={"free": free, "capacity": target.capacity, "taken": target.taken,
                           "waiting": len(entries)},
        outputs={"taken_in": len(taken), "passed_over": len(passed), "effective_on": effective},
        parameters=(use,)),))
