"""The counter's store of egenandelsperioder: a person's periods read for a dispensing date, the periods a
priced dispensing started or added to written back, a return's copay given back, and each dispensing's
period shown as «… igjen av høyeste egenandel i perioden til dd.mm.åååå».

Every write happens while the person's ledger row for the dispensing's year is locked (service.dispense and
service.return_dispensing); a period begun in the previous year can still be open until 30 March, so for a date
in January–March the previous year's row is locked first (years in ascending order: no deadlock)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from blaresept.counter.period_tables import CopayPeriodRow, CopayPeriodUse
from blaresept.money import Ore, format_kr, to_kroner
from blaresept.rules import law
from blaresept.rules.blaresept.copay_period import CopayPeriod, period_months, remaining_text, show_date
from blaresept.rules.blaresept.copay_period import give_back as core_give_back
from blaresept.rules.blaresept.dispensing import PricedDispensing
from blaresept.rules.parameters import default_parameters
from blaresept.rules.steps import Step


def previous_year_may_be_open(on: date) -> bool:
    """Whether a period begun in the year before `on` can still cover `on` (so that year's lock is needed)."""
    if on.month > 3:
        return False
    months, _ = period_months(date(on.year - 1, 12, 31), default_parameters()) \
        if on.year - 1 >= 2009 else (None, None)
    return months is not None


def open_periods(session: Session, person_id: int, on: date) -> list[CopayPeriod]:
    """The person's periods that cover the date."""
    rows = session.scalars(select(CopayPeriodRow).where(
        CopayPeriodRow.person_id == person_id, CopayPeriodRow.start <= on, CopayPeriodRow.end >= on))
    return [CopayPeriod(r.group_key, r.start, r.end, r.paid, r.dispensings) for r in rows]


def save_periods(session: Session, person_id: int, dispensing_id: int, priced: PricedDispensing) -> None:
    """Write the periods a priced dispensing started or added to, and what it did to each."""
    for group in priced.groups:
        period = group.period
        if period is None:
            continue
        row = session.scalar(select(CopayPeriodRow).where(
            CopayPeriodRow.person_id == person_id, CopayPeriodRow.group_key == period.group,
            CopayPeriodRow.start == period.start))
        if row is None:
            session.add(CopayPeriodRow(person_id=person_id, group_key=period.group, start=period.start,
                                       end=period.end, paid=period.paid, dispensings=period.dispensings))
        else:
            row.paid, row.dispensings = period.paid, period.dispensings
        session.add(CopayPeriodUse(dispensing_id=dispensing_id, group_key=period.group, label=group.label,
                                   period_start=period.start, period_end=period.end, maximum=group.maximum,
                                   paid_before=group.paid_before, copay=group.copay))


def give_back(session: Session, person_id: int, original_id: int, return_id: int) -> list[Step]:
    """A return gives back to each period what the returned dispensing took from it; a period left with no
    dispensing is removed, so the next pick-up starts a new one. Returns the explanation."""
    steps = []
    uses = list(session.scalars(select(CopayPeriodUse).where(CopayPeriodUse.dispensing_id == original_id)
                                .order_by(CopayPeriodUse.id)))
    for use in uses:
        row = session.scalar(select(CopayPeriodRow).where(
            CopayPeriodRow.person_id == person_id, CopayPeriodRow.group_key == use.group_key,
            CopayPeriodRow.start == use.period_start))
        if row is None:  # cannot happen: a dispensing is returned once, and its period lives until then
            continue
        paid_before = row.paid
        kept = core_give_back((CopayPeriod(row.group_key, row.start, row.end, row.paid, row.dispensings),),
                              use.group_key, use.period_start, use.copay)
        removed = not kept
        paid_after = 0 if removed else kept[0].paid
        if removed:
            session.execute(delete(CopayPeriodRow).where(CopayPeriodRow.id == row.id))
        else:
            row.paid, row.dispensings = kept[0].paid, kept[0].dispensings
        session.add(CopayPeriodUse(dispensing_id=return_id, group_key=use.group_key, label=use.label,
                                   period_start=use.period_start, period_end=use.period_end, maximum=use.maximum,
                                   paid_before=paid_before, copay=-use.copay))
        text = (f"Egenandelen på {format_kr(use.copay)} for {use.label} gis tilbake til egenandelsperioden fra "
                f"{show_date(use.period_start)} til og med {show_date(use.period_end)}.")
        if removed:
            text += " Perioden har ingen andre utleveringer og faller bort; neste uttak starter en ny periode."
        else:
            text += f" Nå er det {remaining_text(max(0, use.maximum - paid_after), use.period_end)}."
        steps.append(Step(
            rule="blaresept.copay.period.return", reference=law.blaresept("§ 8", "første"),
            version=use.period_start, outcome="periode_fjernet" if removed else "gitt_tilbake", text=text,
            inputs={"group": use.group_key, "period_start": use.period_start, "copay": use.copay,
                    "paid_before": paid_before},
            outputs={"paid_after": paid_after, "removed": removed},
        ))
    return steps


def period_body(label: str, start: date, end: date, maximum: Ore, paid_before: Ore, copay: Ore) -> dict[str, Any]:
    """One period as the API shows it, with the sentence the counter and Min side print."""
    rest = max(0, maximum - paid_before - copay)
    return {"group": label, "start": start.isoformat(), "end": end.isoformat(),
            "maximum": str(to_kroner(maximum)), "paid_before": str(to_kroner(paid_before)),
            "copay": str(to_kroner(copay)), "remaining": str(to_kroner(rest)),
            "text": remaining_text(rest, end)}


def priced_periods(priced: PricedDispensing) -> list[dict[str, Any]]:
    """The periods of a priced (not stored) dispensing."""
    return [period_body(g.label, g.period.start, g.period.end, g.maximum, g.paid_before, g.copay)
            for g in priced.groups if g.period is not None]


def stored_periods(record: Any) -> list[dict[str, Any]]:
    """The periods a stored dispensing or return used."""
    session = object_session(record)
    if session is None or record.id is None:
        return []
    uses: Sequence[CopayPeriodUse] = list(session.scalars(
        select(CopayPeriodUse).where(CopayPeriodUse.dispensing_id == record.id).order_by(CopayPeriodUse.id)))
    return [period_body(u.label, u.period_start, u.period_end, u.maximum, u.paid_before, u.copay) for u in uses]
