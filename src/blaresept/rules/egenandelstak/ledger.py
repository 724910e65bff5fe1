"""A person's dispensings over time, priced in order: the egenandelsperioder of each copay group (2009–2025),
the counted copays of each calendar year, the frikort from the dispensing after the one that reached the
egenandelstak, and each year's refund of the overshoot.

This is the sequential reference the counter keeps per person and the batch engine must reproduce
(folketrygdloven § 5-3; blåreseptforskriften § 8 første ledd; Pediatriveileder 13.8.2, 2009: the frikort
"gir rett til fritak for egenandeler resten av kalenderåret"; rules/blaresept/copay_period.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from blaresept.money import Ore, format_kr, kroner
from blaresept.rules import law
from blaresept.rules.blaresept.copay_period import CopayPeriod, record
from blaresept.rules.blaresept.dispensing import Dispensing, PricedDispensing
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.egenandelstak.annual_cap import AnnualCap, CountedCopay, annual_cap, refund_of
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class YearState:
    """Where a person stands in a calendar year: counted copay so far and whether the tak is reached."""

    year: int
    counted: Ore = 0
    reached_on: date | None = None

    @property
    def frikort(self) -> bool:
        return self.reached_on is not None


def tak_for(year: int, params: ParameterSet) -> Ore:
    """The egenandelstak of the calendar year."""
    return kroner(params["egenandelstak.amount"].at(date(year, 1, 1)).value)


def price_with_ledger(dispensing: Dispensing, state: YearState, params: ParameterSet | None = None,
                      periods: Sequence[CopayPeriod] = ()) -> tuple[PricedDispensing, YearState]:
    """Price one dispensing given the person's state for its year and their egenandelsperioder, and the state
    after it. The periods after the dispensing are on the priced groups (`periods_after`)."""
    params = params or default_parameters()
    if state.year != dispensing.date.year:
        raise RuleInputError(f"Egenandelsåret {state.year} passer ikke med utleveringsdatoen {dispensing.date}.")
    patient = dispensing.patient
    if state.frikort and not patient.frikort:
        patient = replace(patient, frikort=True)
    priced = price_dispensing(replace(dispensing, patient=patient), params, periods)
    counted = state.counted + priced.copay
    reached = state.reached_on
    if reached is None and counted >= tak_for(state.year, params):
        reached = dispensing.date
    return priced, YearState(state.year, counted, reached)


def periods_after(periods: Sequence[CopayPeriod], priced: PricedDispensing) -> tuple[CopayPeriod, ...]:
    """The person's periods after a priced dispensing: those it started or added to, updated."""
    return record(periods, (g.period for g in priced.groups if g.period is not None))


@dataclass(frozen=True)
class PersonLedger:
    priced: tuple[PricedDispensing, ...]
    years: dict[int, AnnualCap]
    periods: tuple[CopayPeriod, ...] = ()


def price_person(dispensings: Sequence[Dispensing], params: ParameterSet | None = None) -> PersonLedger:
    """Price one person's dispensings in date order (ties keep the given order) and settle each year."""
    params = params or default_parameters()
    ordered = sorted(dispensings, key=lambda d: d.date)
    states: dict[int, YearState] = {}
    periods: tuple[CopayPeriod, ...] = ()
    priced: list[PricedDispensing] = []
    counted: dict[int, list[CountedCopay]] = {}
    for dispensing in ordered:
        year = dispensing.date.year
        result, states[year] = price_with_ledger(dispensing, states.get(year, YearState(year)), params, periods)
        periods = periods_after(periods, result)
        priced.append(result)
        counted.setdefault(year, []).append(CountedCopay(dispensing.date, result.copay))
    years = {year: annual_cap(year, copays, params) for year, copays in counted.items()}
    return PersonLedger(tuple(priced), years, periods)


def ledger_step(before: YearState, after: YearState, copay: Ore, params: ParameterSet | None = None) -> Step:
    """Explain what a dispensing did to the person's year: the counted copay, the frikort, and — when this
    dispensing reached the tak — whether what was paid above it will be refunded (as annual_cap settles it)."""
    params = params or default_parameters()
    tak_value, tak_use = params["egenandelstak.amount"].use(date(after.year, 1, 1))
    tak = kroner(tak_value)
    uses: tuple[ParameterUse, ...] = (tak_use,)
    outputs: dict[str, object] = {"counted_after": after.counted, "frikort_from": after.reached_on}
    if before.frikort:
        text = (f"Pasienten hadde allerede frikort for {after.year} (fra {before.reached_on}); "
                "utleveringen gir ingen tellende egenandel.")
        outcome = "frikort"
    elif after.frikort:
        overshoot = max(0, after.counted - tak)
        refund, threshold, threshold_use = refund_of(after.year, overshoot, params)
        uses = (tak_use, threshold_use)
        outputs |= {"overshoot": overshoot, "refund": refund}
        text = (f"Tellende egenandel i {after.year} er nå {format_kr(after.counted)}, og egenandelstaket på "
                f"{format_kr(tak)} er nådd. Frikortet gjelder fra neste utlevering.")
        if overshoot == 0:
            text += " Det er ikke betalt noe over taket."
        elif refund:
            text += f" Det som er betalt over taket, {format_kr(overshoot)}, betales tilbake etter årets slutt."
        else:
            text += (f" Det som er betalt over taket, {format_kr(overshoot)}, er under bagatellgrensen på "
                     f"{format_kr(threshold or 0)} og betales ikke tilbake.")
        outcome = "tak_nådd"
    else:
        text = (f"Egenandelen på {format_kr(copay)} teller mot egenandelstaket. Tellende egenandel i "
                f"{after.year} er nå {format_kr(after.counted)} av {format_kr(tak)} "
                f"(det gjenstår {format_kr(tak - after.counted)}).")
        outcome = "under_taket"
    return Step(
        rule="egenandelstak.ledger",
        reference=law.ftrl("§ 5-3"),
        version=max(u.effective for u in uses),
        outcome=outcome,
        text=text,
        inputs={"year": after.year, "counted_before": before.counted, "copay": copay},
        outputs=outputs,
        parameters=uses,
    )
