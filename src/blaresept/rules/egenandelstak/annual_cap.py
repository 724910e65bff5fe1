"""The yearly cap: from a person's counted copays in a calendar year, in date order, the date the
egenandelstak was reached (the frikort applies to the dispensings after the one that reached it) and the
refund of what was paid above it.

- The tak is the amount in force for the calendar year (folketrygdloven § 5-3; parameters/egenandelstak/amount).
- An overshoot under the bagatellgrense (200 kr) was not refunded; the bagatellgrense was removed from
  2022-01-01 (ftrl § 22-19 andre ledd; parameters/egenandelstak/bagatellgrense).
- In 2009 children under 16 could add their copays to one parent's; both got a frikort when the combined
  total reached the tak (Pediatriveileder 13.8.2, 2009; parameters/egenandelstak/family_pooling).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from blaresept.money import Ore, format_kr, kroner
from blaresept.rules import law
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class CountedCopay:
    """A copay that counts toward the egenandelstak, paid on a date."""

    date: date
    amount: Ore


@dataclass(frozen=True)
class FamilyMember:
    """A child whose counted copays may be pooled with the parent's (only in the years pooling applied)."""

    birth_date: date
    copays: tuple[CountedCopay, ...]


@dataclass(frozen=True)
class AnnualCap:
    year: int
    tak: Ore
    total_counted: Ore
    frikort_from: date | None
    overshoot: Ore
    refund: Ore
    steps: tuple[Step, ...] = field(default=())


def annual_cap(
    year: int,
    copays: Sequence[CountedCopay],
    params: ParameterSet | None = None,
    family: Sequence[FamilyMember] = (),
) -> AnnualCap:
    """The year's counted total, the frikort date and the refund of the overshoot."""
    params = params or default_parameters()
    january_first = date(year, 1, 1)
    tak_value, tak_use = params["egenandelstak.amount"].use(january_first)
    tak = kroner(tak_value)
    _check_copays(year, copays, "personens")
    steps: list[Step] = []

    counted = list(copays)
    if family:
        pooling_age, pooling_use = params["egenandelstak.family_pooling"].use(january_first)
        pooled = 0
        for number, member in enumerate(family, start=1):
            _check_copays(year, member.copays, f"familiemedlem {number} sine")
            for copay in member.copays:
                if pooling_age is not None and age_on(member.birth_date, copay.date) < pooling_age:
                    counted.append(copay)
                    pooled += copay.amount
        steps.append(
            Step(
                rule="egenandelstak.family_pooling",
                reference=law.ftrl("§ 5-3"),
                version=pooling_use.effective,
                outcome="samlet" if pooling_age is not None else "ikke_samlet",
                text=(
                    f"I {year} kunne barn under {pooling_age} år legge egenandelene sine sammen med en av "
                    f"foreldrenes; {format_kr(pooled)} fra barna er lagt til."
                    if pooling_age is not None
                    else f"I {year} gjelder ikke lenger sammenslåing av barns egenandeler med foreldrenes."
                ),
                inputs={"year": year, "family_members": len(family)},
                outputs={"pooled": pooled},
                parameters=(pooling_use,),
            )
        )
    counted.sort(key=lambda c: c.date)  # stable: the person's own copays first on a shared date

    running = 0
    frikort_from: date | None = None
    for copay in counted:
        running += copay.amount
        if frikort_from is None and running >= tak:
            frikort_from = copay.date
    total = running
    overshoot = max(0, total - tak)
    steps.append(
        Step(
            rule="egenandelstak.reached",
            reference=law.ftrl("§ 5-3"),
            version=tak_use.effective,
            outcome="frikort" if frikort_from else "under_taket",
            text=(
                f"Egenandelstaket for {year} er {format_kr(tak)}. Tellende egenandeler er {format_kr(total)}; "
                + (
                    f"taket ble nådd {frikort_from.isoformat()}, og frikortet gjelder for utleveringene etter den "
                    "som nådde taket."
                    if frikort_from
                    else f"taket er ikke nådd (det mangler {format_kr(tak - total)})."
                )
            ),
            inputs={"year": year, "copays": len(counted)},
            outputs={"total_counted": total, "frikort_from": frikort_from, "overshoot": overshoot},
            parameters=(tak_use,),
        )
    )

    refund, bagatell, bagatell_use = refund_of(year, overshoot, params)
    if overshoot:
        if bagatell is None:
            text = f"Det er betalt {format_kr(overshoot)} over taket, og hele beløpet betales tilbake."
        elif refund:
            text = (
                f"Det er betalt {format_kr(overshoot)} over taket. Det er minst bagatellgrensen på "
                f"{format_kr(bagatell)}, så hele beløpet betales tilbake."
            )
        else:
            text = (
                f"Det er betalt {format_kr(overshoot)} over taket, men det er under bagatellgrensen på "
                f"{format_kr(bagatell)}, så det betales ikke tilbake."
            )
        steps.append(
            Step(
                rule="egenandelstak.refund",
                reference=law.ftrl("§ 22-19", "andre"),
                version=bagatell_use.effective,
                outcome="tilbakebetales" if refund else "under_bagatellgrensen",
                text=text,
                inputs={"overshoot": overshoot, "bagatellgrense": bagatell},
                outputs={"refund": refund},
                parameters=(bagatell_use,),
            )
        )
    return AnnualCap(year, tak, total, frikort_from, overshoot, refund, tuple(steps))


def refund_of(year: int, overshoot: Ore, params: ParameterSet) -> tuple[Ore, Ore | None, ParameterUse]:
    """What is paid back of an overshoot above the tak in the year: all of it, or nothing when it is under the
    bagatellgrense of the years it applied. Returns (refund, bagatellgrense or None, the parameter used)."""
    value, use = params["egenandelstak.bagatellgrense"].use(date(year, 1, 1))
    bagatell = kroner(value) if value is not None else None
    if bagatell is not None and overshoot < bagatell:
        return 0, bagatell, use
    return overshoot, bagatell, use


def _check_copays(year: int, copays: Sequence[CountedCopay], whose: str) -> None:
    previous: date | None = None
    for copay in copays:
        if copay.date.year != year:
            raise RuleInputError(
                f"Egenandelen datert {copay.date.isoformat()} hører ikke til kalenderåret {year}."
            )
        if copay.amount < 0:
            raise RuleInputError(f"Egenandelen datert {copay.date.isoformat()} er negativ.")
        if previous is not None and copay.date < previous:
            raise RuleInputError(
                f"{whose.capitalize()} egenandeler må stå i datorekkefølge; {copay.date.isoformat()} kommer "
                f"etter {previous.isoformat()}."
            )
        previous = copay.date
