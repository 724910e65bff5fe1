"""List reductions: when a fastlege's listetak is lowered below the number on the list, the persons who must
move are picked at random by computer (fastlegeforskriften § 35), and family members registered together —
a parent and their children under 16 on the same list — are kept together (Fauske kommune citing § 35;
helsenorge). Being moved this way never counts as one of the person's changes.

The draw is reproducible: a seeded shuffle of the family groups (the seed names the list and the date), then
whole groups are taken while they fit in the number still to move. When no whole family fits what is left, the
next family drawn moves as a whole, so the list may end below its new listetak by less than that family's size
(Blåresept's choice: keeping the family together weighs more than filling the last place)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from blaresept.rules.fastlege.dates import long_date
from blaresept.rules.law import fastlegeforskriften
from blaresept.rules.steps import Step


@dataclass(frozen=True)
class Draw:
    selected: tuple[int, ...]
    steps: tuple[Step, ...]


def draw_by_lot(members: dict[int, int], new_capacity: int, seed: str, effective: date) -> Draw:
    """`members` maps each person on the list to their family group. Returns who moves."""
    remove = len(members) - new_capacity
    reference = fastlegeforskriften("§ 35")
    if remove <= 0:
        return Draw((), (Step(rule="fastlege.reduction", reference=reference, version=date(2013, 1, 1),
                              outcome="none",
                              text=f"Listen har {len(members)} personer og nytt listetak {new_capacity}; ingen må "
                                   "flytte.",
                              inputs={"members": len(members), "new_capacity": new_capacity}),))
    groups: dict[int, list[int]] = {}
    for person, group in sorted(members.items()):
        groups.setdefault(group, []).append(person)
    order = sorted(groups)
    random.Random(seed).shuffle(order)
    selected: list[int] = []
    for group in order:
        size = len(groups[group])
        if len(selected) + size <= remove:
            selected.extend(groups[group])
        if len(selected) == remove:
            break
    if len(selected) < remove:  # no whole family fits the rest: the next one drawn moves, kept together
        for group in order:
            if groups[group][0] not in selected:
                selected.extend(groups[group])
                break
    return Draw(tuple(sorted(selected)), (Step(
        rule="fastlege.reduction", reference=reference, version=date(2013, 1, 1), outcome="drawn",
        text=f"Listetaket settes ned til {new_capacity} fra {long_date(effective)}. {len(selected)} av "
             f"{len(members)} personer er trukket ut tilfeldig (loddtrekning) og flyttes; familier som står "
             "sammen på listen, holdes samlet. Flyttingen teller ikke som et av byttene deres.",
        inputs={"members": len(members), "new_capacity": new_capacity, "seed": seed},
        outputs={"selected": len(selected)}),))
