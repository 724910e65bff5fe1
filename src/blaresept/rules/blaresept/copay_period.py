"""The egenandelsperiode (2009-01-01 … 2025-12-31): the maximum copay of a copay group (same prescriber, same
date written) applies to all pick-ups from the group within a period of three months, not to each pick-up.

- A period starts at the first dispensing from the group that falls in no open period of that group, and
  covers every date **before the same day-of-month three months later** (2019-01-15 → up to 2019-04-14).
  When that day does not exist in the month three months later, the period covers that whole month
  (2019-11-30 → up to 2020-02-29, 2019-01-31 → up to 2019-04-30): a period is never shorter than three months.
- A dispensing's group copay is min(rate × basis rounded, maximum − copay already paid in the period).
  Mellomlegg and the part above a maximum refund price are not copay and never count.
- A return gives back what its dispensing took from the period (`give_back`); a period left with no
  dispensing is gone, so the next pick-up starts a new one.
- The period is per person and group, not per calendar year: it runs on across 1 January (the copays still
  count toward the egenandelstak of the year they were paid). Each dispensing is priced under the rate and
  maximum of its own date (a period across 2023-01-01 pays 39 % before and 50 % after, against the same
  520 kr). From 2026-01-01 there are no periods: the maximum applies per utlevering, whatever was paid in a
  period begun in 2025.
- A dispensing on which the patient pays no copay at all (child, minstepensjonist, frikort) or from an exempt
  prescription forms no copay group, so it neither starts nor uses a period.

Sources: blåreseptforskriften § 8 første ledd («ny egenandel etter utlevering av et kvantum svarende til tre
måneders forbruk»; Pediatriveileder 13.8.2 (2009) Refusjonsregler pkt. 1; FOR-2025-04-02-577); the e-resept
M10 report (StartEgenandelsperiode, BetaltEgenandel, three-month steps); farmasiet.no 2019; Vitusapotek/NTB
2026 (periods ended with the 2026 change); parameters/blaresept/copay/period_months.yaml. The month-end rule
and the rest of the choices above have no source found (docs/scenarios.md, kind ledger).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from blaresept.money import Ore, format_kr
from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class CopayPeriod:
    """One egenandelsperiode of a person's copay group: its dates and the group copay paid in it so far."""

    group: str
    start: date
    end: date
    paid: Ore = 0
    dispensings: int = 0

    def covers(self, on: date) -> bool:
        return self.start <= on <= self.end


def period_months(on: date, params: ParameterSet) -> tuple[int | None, ParameterUse]:
    """The length of the egenandelsperiode in months on the date, or None when there are no periods (2026–)."""
    value, use = params["blaresept.copay.period_months"].use(on)
    return value, use


def period_end(start: date, months: int) -> date:
    """The last day of a period that starts on `start`: the day before the same day-of-month `months` later,
    or the last day of that month when the day does not exist in it."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def open_period(periods: Iterable[CopayPeriod], group: str, on: date) -> CopayPeriod | None:
    """The group's period that covers the date, if any."""
    for period in periods:
        if period.group == group and period.covers(on):
            return period
    return None


def period_for(periods: Iterable[CopayPeriod], group: str, on: date, months: int) -> tuple[CopayPeriod, bool]:
    """The period a dispensing from the group on the date falls in, and whether it starts a new one."""
    found = open_period(periods, group, on)
    if found is not None:
        return found, False
    return CopayPeriod(group, on, period_end(on, months)), True


def remaining(period: CopayPeriod, maximum: Ore) -> Ore:
    """What is left of the maximum copay in the period."""
    return max(0, maximum - period.paid)


def record(periods: Sequence[CopayPeriod], updated: Iterable[CopayPeriod]) -> tuple[CopayPeriod, ...]:
    """The person's periods with the updated ones replacing those with the same group and start."""
    by_key = {(p.group, p.start): p for p in periods}
    for period in updated:
        by_key[(period.group, period.start)] = period
    return tuple(sorted(by_key.values(), key=lambda p: (p.start, p.group)))


def give_back(periods: Sequence[CopayPeriod], group: str, start: date, copay: Ore) -> tuple[CopayPeriod, ...]:
    """A returned dispensing gives back what it took from its period; an emptied period is gone."""
    kept = []
    found = False
    for period in periods:
        if period.group == group and period.start == start:
            found = True
            if period.dispensings <= 1:
                continue
            period = replace(period, paid=max(0, period.paid - copay), dispensings=period.dispensings - 1)
        kept.append(period)
    if not found:
        raise RuleInputError(f"Fant ingen egenandelsperiode som startet {start.isoformat()} for reseptgruppen.")
    return tuple(kept)


def show_date(day: date) -> str:
    """A date as a person reads it: dd.mm.åååå."""
    return day.strftime("%d.%m.%Y")


def remaining_text(rest: Ore, end: date) -> str:
    """«igjen av høyeste egenandel i perioden til dd.mm.åååå»."""
    return f"{format_kr(rest)} igjen av høyeste egenandel i perioden til {show_date(end)}"


def period_step(label: str, before: CopayPeriod, new: bool, copay: Ore, maximum: Ore,
                use: ParameterUse) -> Step:
    """Explain which period a group's dispensing falls in, its dates, what had been paid and what remains."""
    rest_before = remaining(before, maximum)
    rest_after = max(0, rest_before - copay)
    if new:
        text = (f"Utleveringen av {label} starter en ny egenandelsperiode fra {show_date(before.start)} til og "
                f"med {show_date(before.end)}: høyeste egenandel på {format_kr(maximum)} gjelder samlet for "
                "reseptgruppens utleveringer i perioden.")
    else:
        text = (f"Utleveringen av {label} er i egenandelsperioden fra {show_date(before.start)} til og med "
                f"{show_date(before.end)}. Det er betalt {format_kr(before.paid)} i perioden, så det var "
                f"{format_kr(rest_before)} igjen av høyeste egenandel på {format_kr(maximum)}.")
    text += f" Egenandelen blir {format_kr(copay)}; {remaining_text(rest_after, before.end)}."
    return Step(
        rule="blaresept.copay.period",
        reference=law.blaresept("§ 8", "første"),
        version=use.effective,
        outcome="ny_periode" if new else "i_periode",
        text=text,
        inputs={"group": before.group, "period_start": before.start, "period_end": before.end,
                "paid_before": before.paid, "maximum": maximum},
        outputs={"copay": copay, "paid_after": before.paid + copay, "remaining": rest_after},
        parameters=(use,),
    )
