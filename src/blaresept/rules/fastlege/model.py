"""The facts the fastlege rules decide on, and what they decide. Plain values only: the register gathers them
from its tables; a scenario or a test can write them by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from blaresept.rules.steps import Step


class ChangeKind(StrEnum):
    """Why a person moves to another list. Only ORDINARY and WAITING_LIST are the person's own wish and may
    count towards the two changes a year; the others never count."""

    FIRST = "first"  # not on any list before: choosing a fastlege, not changing
    ORDINARY = "ordinary"  # own wish
    RETURN = "return"  # back to the former fastlege after moving back to the kommune
    WAITING_LIST = "waiting_list"  # taken in from the waiting list by the monthly run
    REDUCTION = "reduction"  # drawn by lot when the list was reduced (fastlegeforskriften § 35)
    GP_LEFT = "gp_left"  # the list ended (the fastlege left)
    REORGANISATION = "reorganisation"  # the kommune reorganised its lists


KIND_NAMES = {
    ChangeKind.FIRST: "valg av fastlege",
    ChangeKind.ORDINARY: "bytte etter eget ønske",
    ChangeKind.RETURN: "tilbake til tidligere fastlege etter tilbakeflytting",
    ChangeKind.WAITING_LIST: "fra venteliste",
    ChangeKind.REDUCTION: "listereduksjon (loddtrekning)",
    ChangeKind.GP_LEFT: "fastlegen sluttet",
    ChangeKind.REORGANISATION: "kommunen omorganiserte listene",
}


@dataclass(frozen=True)
class ListFacts:
    """A fastlege list as the rules see it on the date a change would take effect. `taken` counts every place
    held from that date on: members who stay and changes already registered to join."""

    list_id: int
    gp_name: str
    kommune: str
    capacity: int
    taken: int
    open: bool = True
    waiting: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


@dataclass(frozen=True)
class FreeChange:
    """A change that will not count: granted by a registered move, or by being moved off a list by the kommune
    or Helfo (the fastlege left or reduced the list, the kommune reorganised)."""

    reason: str  # "move", "reduction", "gp_left", "reorganisation"
    since: date


FREE_CHANGE_TEXT = {
    "move": "du har meldt flytting til folkeregisteret",
    "reduction": "du ble flyttet fordi fastlegen reduserte listen",
    "gp_left": "du ble flyttet fordi fastlegen sluttet",
    "reorganisation": "du ble flyttet fordi kommunen omorganiserte listene",
}


@dataclass(frozen=True)
class ReturnFacts:
    """What the register knows for a request to return to a former fastlege: the registered move out of the
    kommune, the registered move back, and which list the person was on the day they moved out."""

    moved_out_on: date | None
    moved_back_on: date | None
    list_when_moved_out: int | None
    kommune: str | None = None


@dataclass(frozen=True)
class ChangeFacts:
    """Everything one change request is decided on."""

    requested_on: date
    kind: ChangeKind  # ORDINARY or RETURN (what the person asks for)
    age: int
    current: ListFacts | None
    target: ListFacts
    residence_kommune: str | None
    counted_this_year: int
    free_change: FreeChange | None = None
    pending_effective: date | None = None  # a change registered and not yet in effect
    guardian_on_target: bool = False  # a child whose parent is (or will be) on the target list
    by_guardian: bool = False
    return_facts: ReturnFacts | None = None


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: a stable code and a sentence in bokmål."""

    code: str
    text: str


@dataclass(frozen=True)
class ChangeDecision:
    accepted: bool
    kind: ChangeKind
    effective_on: date | None
    counts: bool
    beyond_capacity: bool
    uses_free_change: FreeChange | None
    refusal: Refusal | None
    steps: tuple[Step, ...] = field(default_factory=tuple)
