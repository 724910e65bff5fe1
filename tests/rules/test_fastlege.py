"""The pure fastlege rules on their own: dates, the draw by lot, and the order of the checks."""

from __future__ import annotations

from datetime import date

from blaresept.rules.fastlege.change import decide_change
from blaresept.rules.fastlege.dates import add_months, first_of_next_month
from blaresept.rules.fastlege.model import ChangeFacts, ChangeKind, FreeChange, ListFacts
from blaresept.rules.fastlege.reduction import draw_by_lot


def test_the_first_of_the_next_month_and_month_arithmetic() -> None:
    assert first_of_next_month(date(2026, 3, 1)) == date(2026, 4, 1)
    assert first_of_next_month(date(2026, 12, 31)) == date(2027, 1, 1)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_a_draw_is_reproducible_keeps_families_and_moves_exactly_when_it_can() -> None:
    members = {1: 1, 2: 1, 3: 3, 4: 4, 5: 5, 6: 6}  # 1 and 2 are a family
    first = draw_by_lot(members, 3, "7:2026-04-01", date(2026, 4, 1))
    assert first.selected == draw_by_lot(members, 3, "7:2026-04-01", date(2026, 4, 1)).selected
    assert len(first.selected) == 3
    assert (1 in first.selected) == (2 in first.selected)
    seeds = {draw_by_lot(members, 3, f"7:{n}", date(2026, 4, 1)).selected for n in range(30)}
    assert len(seeds) > 1  # the seed matters: it is a draw, not a fixed order


def facts(**changes: object) -> ChangeFacts:
    base: dict[str, object] = dict(
        requested_on=date(2026, 6, 10), kind=ChangeKind.ORDINARY, age=50,
        current=ListFacts(1, "Anne Alfa", "0301", 10, 5), target=ListFacts(2, "Frida Full", "0301", 10, 10),
        residence_kommune="0301", counted_this_year=2)
    base.update(changes)
    return ChangeFacts(**base)  # type: ignore[arg-type]


def test_the_quota_is_decided_before_the_places_and_a_free_change_lifts_it() -> None:
    refused = decide_change(facts())
    assert refused.refusal is not None and refused.refusal.code == "kvote_brukt"
    free = decide_change(facts(free_change=FreeChange("move", date(2026, 6, 1))))
    assert free.refusal is not None and free.refusal.code == "liste_full"
    child = decide_change(facts(age=8, counted_this_year=0, guardian_on_target=True))
    assert child.accepted and child.beyond_capacity and child.effective_on == date(2026, 7, 1)
