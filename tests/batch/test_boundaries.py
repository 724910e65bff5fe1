"""Tables built to sit exactly on a boundary, with the amounts derived from the parameters (never written
here): the counted total equal to the tak, the overshoot equal to the bagatellgrense and one øre under it,
a child's birthday on the dispensing date. Both engines must agree, and the case must really sit on the
boundary."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import polars as pl
import pytest

from blaresept.batch.engine import price_table
from blaresept.money import kroner, round_half_up
from blaresept.rules.blaresept.copay import copay_terms
from blaresept.rules.egenandelstak.ledger import tak_for
from blaresept.rules.parameters import default_parameters
from tests.batch.test_differential import assert_engines_agree

PARAMS = default_parameters()


def basis_for(copay: int, on: date) -> int:
    """A price basis whose uncapped copay on the date is exactly `copay` øre."""
    terms = copay_terms(on, PARAMS)
    guess = int(Fraction(copay) / terms.rate)
    for basis in range(max(0, guess - 3), guess + 4):
        if round_half_up(terms.rate * basis) == copay:
            return basis
    raise AssertionError(f"no basis gives {copay} øre at {terms.rate}")


def row(dispensing: int, on: date, price: int, prescriber: int = 1, birth: date = date(1960, 1, 1),
        **extra: Any) -> dict[str, Any]:
    return {"person_id": 1, "birth_date": birth, "dispensing_id": dispensing, "date": on,
            "prescriber": prescriber, "written": on, "hjemmel": "§2", "price": price, **extra}


def year_reaching(year: int, total: int) -> list[dict[str, Any]]:
    """Dispensings in a year whose counted copays add up to exactly `total`, then one more dispensing."""
    on = date(year, 3, 1)
    maximum = copay_terms(on, PARAMS).maximum
    rows = []
    full, rest = divmod(total, maximum)
    for i in range(full):
        rows.append(row(i, on + timedelta(days=i), basis_for(maximum, on) + 1000))  # capped at the maximum
    last = on + timedelta(days=full)
    if rest:
        rows.append(row(full, last, basis_for(rest, last)))
    rows.append(row(full + 1, last + timedelta(days=5), 100_000))
    return rows


@pytest.mark.parametrize("year", [2009, 2016, 2023, 2025, 2026])
def test_counted_total_exactly_at_the_tak_gives_frikort_from_the_next_dispensing(year: int) -> None:
    table = pl.DataFrame(year_reaching(year, tak_for(year, PARAMS)))
    assert_engines_agree(table)
    result = price_table(table)
    settled = result.person_years.row(0, named=True)
    assert settled["total_counted"] == settled["tak"]
    last = result.lines.sort("date").row(-1, named=True)
    assert last["copay"] == 0 and last["exemption"] == "tak"


@pytest.mark.parametrize("year", [2010, 2021, 2022])
@pytest.mark.parametrize("under", [0, 1])
def test_overshoot_at_and_just_under_the_bagatellgrense(year: int, under: int) -> None:
    bagatell_value = PARAMS["egenandelstak.bagatellgrense"].at(date(year, 1, 1)).value
    overshoot = (kroner(bagatell_value) if bagatell_value is not None else 20_000) - under
    tak = tak_for(year, PARAMS)
    on = date(year, 3, 1)
    maximum = copay_terms(on, PARAMS).maximum
    # Reach tak − 1 øre, then one dispensing whose copay crosses the tak by exactly the overshoot.
    rows = year_reaching(year, tak - 1)[:-1]
    rows.append(row(len(rows) + 5, date(year, 11, 1), basis_for(overshoot + 1, date(year, 11, 1))))
    assert overshoot + 1 <= maximum
    table = pl.DataFrame(rows)
    assert_engines_agree(table)
    settled = price_table(table).person_years.row(0, named=True)
    assert settled["overshoot"] == overshoot


@pytest.mark.parametrize("on", [date(2009, 6, 1), date(2010, 6, 1), date(2026, 8, 1), date(2026, 9, 1)])
@pytest.mark.parametrize("shift", [-1, 0, 1])
def test_child_turning_the_age_limit_around_the_dispensing_date(on: date, shift: int) -> None:
    limit = PARAMS["blaresept.exemptions.child_age"].at(on).value
    birth = on.replace(year=on.year - limit) + timedelta(days=shift)
    table = pl.DataFrame([row(1, on, 50_000, birth=birth), row(1, on, 70_000, prescriber=2, birth=birth)])
    assert_engines_agree(table)
    exempt = price_table(table).lines["exemption"].to_list()
    assert exempt == (["child", "child"] if shift > 0 else ["none", "none"])


def test_same_date_dispensings_take_the_tak_in_dispensing_id_order() -> None:
    year = 2024
    rows = year_reaching(year, tak_for(year, PARAMS) + 500)[:-1]
    last_day = rows[-1]["date"]
    rows.append(row(99, last_day, 100_000))  # same date as the crossing one, later id: free
    rows.append(row(-5, last_day, 100_000))  # same date, earlier id: pays, and crosses first
    table = pl.DataFrame(rows).sample(fraction=1.0, shuffle=True, seed=1)
    assert_engines_agree(table)
    lines = price_table(table).lines
    assert lines.filter(pl.col("dispensing_id") == -5)["copay"].item() > 0
    assert lines.filter(pl.col("dispensing_id") == 99)["exemption"].item() == "tak"

