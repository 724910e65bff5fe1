"""The batch engine and the counter engine agree to the øre on every line and every person-year: on
hypothesis-generated tables aimed at the hard cases, and on random tables from the synthetic generator over
several years (including 2009, 2021/2022 and the 2025 → 2026 change)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from blaresept.batch.engine import Priced, price_table
from blaresept.batch.generate import generate
from blaresept.batch.reference import price_reference
from blaresept.rules.parameters import ParameterSet, default_parameters
from tests.batch.strategies import dispensing_tables

LINE_FIELDS = ["row", "person_id", "date", "basis", "mellomlegg", "above_max_refund", "patient_extra", "copay",
               "helfo"]
YEAR_FIELDS = ["person_id", "year", "tak", "total_counted", "frikort_from", "overshoot", "refund"]


def assert_engines_agree(table: pl.DataFrame, params: ParameterSet | None = None) -> Priced:
    batch = price_table(table, params)
    counter = price_reference(table, params)
    assert batch.lines.height == table.height
    assert_frame_equal(
        batch.lines.select(LINE_FIELDS).cast({"person_id": pl.Int64}).sort("row"),
        counter.lines.select(LINE_FIELDS),
    )
    assert_frame_equal(
        batch.person_years.select(YEAR_FIELDS).cast({"person_id": pl.Int64}).sort("person_id", "year"),
        counter.person_years.select(YEAR_FIELDS),
    )
    return batch


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dispensing_tables())
def test_batch_equals_counter_on_generated_tables(table: pl.DataFrame) -> None:
    assert_engines_agree(table)


def test_batch_equals_counter_on_a_synthetic_multi_year_sample(tmp_path: Path) -> None:
    generate(12_000, tmp_path, seed=7, years=(2009, 2010, 2021, 2022, 2025, 2026))
    table = pl.read_parquet(tmp_path / "*.parquet")
    assert table["date"].dt.year().n_unique() == 6
    result = assert_engines_agree(table)
    reached = result.person_years.filter(pl.col("frikort_from").is_not_null())
    assert reached["year"].n_unique() == 6  # the tak is crossed in every year
    assert (result.lines["exemption"] == "tak").sum() > 0


def test_batch_equals_counter_on_a_shuffled_synthetic_year(tmp_path: Path) -> None:
    generate(8_000, tmp_path, seed=11, years=(2024,))
    table = pl.read_parquet(tmp_path / "*.parquet").sample(fraction=1.0, shuffle=True, seed=3)
    result = assert_engines_agree(table)
    assert result.person_years["frikort_from"].is_not_null().sum() > 10


def reforms() -> list[ParameterSet]:
    """Rule changes as data (ParameterSet.replace): mid-year changes the batch engine must follow by date."""
    base = default_parameters()
    return [
        base.replace("blaresept.copay.rate", {date(2025, 10, 1): Decimal("0.55")}),
        base.replace("blaresept.copay.maximum_applies_to", {date(2025, 11, 1): "dispensing"}),
        base.replace("blaresept.copay.maximum", {date(2021, 12, 1): Decimal("300.50")})
            .replace("egenandelstak.bagatellgrense", {date(2022, 1, 1): Decimal("150")}),
        base.replace("egenandelstak.amount", {date(2026, 1, 1): Decimal("1000"), date(2025, 7, 1): Decimal("2000")})
            .replace("blaresept.exemptions.child_age", {date(2025, 12, 1): 14}),
        base.replace("blaresept.exemptions.section4", {date(2016, 1, 15): False})
            .replace("blaresept.exemptions.refund_codes", {date(2010, 1, 10): ["K21", "-90"]})
            .replace("blaresept.exemptions.minimum_pensioner", {date(2022, 2, 1): False}),
        base.replace("egenandelstak.amount", {date(2010, 1, 1): 0, date(2022, 1, 1): Decimal("0.01")})
            .replace("blaresept.copay.maximum", {date(2016, 1, 1): 0}),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dispensing_tables(), st.sampled_from(reforms()))
def test_batch_equals_counter_under_reforms(table: pl.DataFrame, params: ParameterSet) -> None:
    assert_engines_agree(table, params)


def test_periods_matter_in_the_synthetic_year(tmp_path: Path) -> None:
    # The generator's monthly and two-monthly pick-ups share their group's maximum within a period: without
    # periods (period_months repealed from 2009) the patients would pay more, and both engines agree with them.
    generate(8_000, tmp_path, seed=5, years=(2019,))
    table = pl.read_parquet(tmp_path / "*.parquet")
    with_periods = assert_engines_agree(table)
    alone = default_parameters().replace("blaresept.copay.period_months", {date(2009, 1, 1): None})
    without = assert_engines_agree(table, alone)
    assert with_periods.lines["copay"].sum() < without.lines["copay"].sum()


def test_a_frikort_dispensing_starts_no_period_across_new_year() -> None:
    # 2019: five groups reach the tak (2 369 kr) on 2019-12-02; on 2019-12-20 group G is free (frikort) and
    # starts no period (as at the counter, where it forms no copay group). 2020-01-10: G starts a period to
    # 2020-04-09 and pays 39 % of 900 = 351 kr; 2020-03-25 is in it: 520 − 351 = 169 kr. (Had the free
    # dispensing started a period, it would have ended 2020-03-19, and 2020-03-25 would pay 351 kr again.)
    # The batch engine needs its second pass for this: the free event shares its group with a later year.
    def row(dispensing: int, on: date, prescriber: int, written: date, price: int) -> dict[str, object]:
        return {"person_id": 1, "birth_date": date(1960, 1, 1), "dispensing_id": dispensing, "date": on,
                "prescriber": prescriber, "written": written, "hjemmel": "§2", "price": price}

    rows = [row(1, date(2019, 12, 2), p, date(2019, 12, 1), 200_000) for p in (1, 2, 3, 4, 5)]
    rows += [row(2, date(2019, 12, 20), 9, date(2019, 12, 15), 90_000),
             row(3, date(2020, 1, 10), 9, date(2019, 12, 15), 90_000),
             row(4, date(2020, 3, 25), 9, date(2019, 12, 15), 90_000)]
    table = pl.DataFrame(rows)
    result = assert_engines_agree(table)
    assert result.lines.sort("row")["copay"].to_list() == [52_000] * 5 + [0, 35_100, 16_900]
