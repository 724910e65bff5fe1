"""Hypothesis strategies for dispensing tables that hit the hard cases of the batch engine: cap crossings,
several years, the 2025 → 2026 change of the maximum, children turning 12/16/18 near a dispensing, same
prescriber on the same date, the same prescription group picked up again within and after its egenandelsperiode,
same-date dispensings, reservations, maximum refund prices, exemptions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
from hypothesis import strategies as st

WINDOWS = (
    (date(2009, 1, 1), date(2009, 12, 31)),  # 36 %, child < 12, bagatellgrense
    (date(2009, 11, 15), date(2010, 2, 15)),  # child age 12 → 16, rate 36 → 38 %
    (date(2015, 11, 1), date(2016, 3, 1)),  # 38 → 39 %
    (date(2021, 10, 1), date(2022, 3, 1)),  # bagatellgrense removed, tak 2 460 → 2 921
    (date(2025, 9, 1), date(2026, 2, 28)),  # per prescription group → per dispensing, 50 → 60 %, 520 → 400
    (date(2026, 6, 1), date(2026, 12, 31)),  # child age 16 → 18 from 1 August
)
PRESCRIBERS = (1001, 1002, 1003)
CODES = (None, None, None, "ICD:B20", "-90", "K21.0", "ICPC:T90", "ICD:D84.1")


@st.composite
def dispensing_tables(draw: st.DrawFn, max_persons: int = 4, max_dispensings: int = 16) -> pl.DataFrame:
    """A table of dispensed lines (the batch schema), rows in a drawn order."""
    rows: list[dict[str, Any]] = []
    next_dispensing = draw(st.integers(0, 5))
    for person in range(draw(st.integers(1, max_persons))):
        window = draw(st.sampled_from(WINDOWS))
        anchor = draw(st.dates(window[0], window[1]))
        age = draw(st.sampled_from((11, 12, 15, 16, 17, 18, 40, 40, 70, 70)))
        birth = _years_before(anchor, age) + timedelta(days=draw(st.integers(-40, 40)))
        if draw(st.booleans()) and draw(st.booleans()):
            birth = date(min(birth.year - birth.year % 4, 2008), 2, 29)  # a leap-day birthday
        pensioner = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
        heavy = draw(st.booleans())  # a heavy user crosses the tak within a few dispensings
        day_pool = draw(st.lists(st.dates(window[0], window[1]), min_size=1, max_size=5))
        if draw(st.booleans()):  # several years for this person
            other = draw(st.sampled_from(WINDOWS))
            day_pool += draw(st.lists(st.dates(other[0], other[1]), min_size=1, max_size=3))
        day_pool = [d for d in day_pool if d >= birth] or [max(birth, window[0])]
        # A reiterated prescription picked up again and again: one prescription group across dispensings, so
        # its egenandelsperioder matter (issue 12).
        repeated = min(day_pool) - timedelta(days=draw(st.integers(0, 30)))
        for _ in range(draw(st.integers(6 if heavy else 1, max_dispensings))):
            on = draw(st.sampled_from(day_pool))
            dispensing = next_dispensing
            next_dispensing += draw(st.integers(1, 3))
            frikort = draw(st.integers(0, 19)) == 0
            written_pool = [on - timedelta(days=draw(st.integers(0, 120))) for _ in range(2)]
            written_pool += [repeated, repeated] if repeated <= on else []
            for _ in range(draw(st.integers(1, 4))):
                rows.append(_line(draw, person, birth, pensioner, dispensing, on, frikort, written_pool, heavy))
    order = draw(st.permutations(range(len(rows))))
    return pl.DataFrame([rows[i] for i in order], schema=SCHEMA)


SCHEMA = {
    "person_id": pl.Int64, "birth_date": pl.Date, "dispensing_id": pl.Int64, "date": pl.Date,
    "prescriber": pl.Int64, "written": pl.Date, "hjemmel": pl.String, "price": pl.Int64,
    "cheapest_price": pl.Int64, "reserved_by": pl.String, "max_refund_price": pl.Int64,
    "minimum_pensioner": pl.Boolean, "frikort": pl.Boolean, "yrkesskade": pl.Boolean, "refund_code": pl.String,
}


def _line(draw: st.DrawFn, person: int, birth: date, pensioner: bool, dispensing: int, on: date,
          frikort: bool, written_pool: list[date], heavy: bool) -> dict[str, Any]:
    if heavy:
        price = draw(st.one_of(st.integers(60_000, 200_000), st.integers(100_000, 2_000_000)))
    else:
        price = draw(st.one_of(st.integers(0, 3_000), st.integers(0, 200_000), st.integers(100_000, 2_000_000)))
    reserved = draw(st.sampled_from(("none", "none", "prescriber", "patient")))
    cheapest = draw(st.one_of(st.none(), st.integers(0, price + 5_000)))
    if reserved == "patient" and cheapest is None:
        cheapest = draw(st.integers(0, price))
    hjemmel = draw(st.sampled_from(("§2", "§2", "§2", "§3", "§4", "§5", "§6")))
    ceiling = draw(st.integers(0, price + 10_000)) if hjemmel in ("§5", "§6") and draw(st.booleans()) else None
    return {
        "person_id": person,
        "birth_date": birth,
        "dispensing_id": dispensing,
        "date": on,
        "prescriber": draw(st.sampled_from(PRESCRIBERS)),
        "written": max(draw(st.sampled_from(written_pool)), birth),
        "hjemmel": hjemmel,
        "price": price,
        "cheapest_price": cheapest,
        "reserved_by": reserved,
        "max_refund_price": ceiling,
        "minimum_pensioner": pensioner,
        "frikort": frikort,
        "yrkesskade": draw(st.integers(0, 19)) == 0,
        "refund_code": draw(st.sampled_from(CODES)),
    }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
