"""Pricing Parquet files in person-disjoint batches gives the same lines and person-years as one table, the
summary adds up, and the generator is seeded, exact in size and person-sorted."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from blaresept.batch.engine import price_table
from blaresept.batch.generate import generate
from blaresept.batch.runner import plan_batches, price_files
from blaresept.batch.summary import summarise
from blaresept.rules.parameters import default_parameters


def test_generator_is_seeded_exact_and_person_sorted(tmp_path: Path) -> None:
    first = generate(12_345, tmp_path / "a", seed=5, years=(2023, 2024))
    again = generate(12_345, tmp_path / "b", seed=5, years=(2023, 2024))
    other = generate(12_345, tmp_path / "c", seed=6, years=(2023, 2024))
    a = pl.read_parquet(tmp_path / "a" / "*.parquet")
    assert first.rows == a.height == 12_345
    assert_frame_equal(a, pl.read_parquet(tmp_path / "b" / "*.parquet"))
    assert not a.equals(pl.read_parquet(tmp_path / "c" / "*.parquet"))
    assert again.persons == first.persons and other.rows == first.rows
    assert a["person_id"].is_sorted()
    assert set(a["date"].dt.year().unique().to_list()) == {2023, 2024}
    assert (a["written"] <= a["date"]).all() and (a["birth_date"] <= a["date"]).all()


def test_batches_are_person_disjoint_and_price_like_one_table(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generate(40_000, data, seed=3, years=(2025, 2026), row_group_size=2_500)
    files = sorted(data.glob("*.parquet"))
    batches = plan_batches(files, batch_rows=6_000)
    assert len(batches) > 3 and sum(b.rows for b in batches) == 40_000
    assert all(6_000 <= b.rows < 6_000 + 2_500 for b in batches[:-1])
    ranges = [(b.low, b.high) for b in batches]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))  # type: ignore[operator]

    params = default_parameters()
    result = price_files(data, tmp_path / "out", [params], batch_rows=6_000)
    assert result.batches == len(batches) and result.rows == 40_000
    lines = pl.read_parquet(tmp_path / "out" / "lines" / "*.parquet").sort("row")
    years = pl.read_parquet(tmp_path / "out" / "person_years" / "*.parquet").sort("person_id", "year")
    whole = price_table(pl.read_parquet(files), params)
    assert_frame_equal(lines, whole.lines.sort("row"))
    assert_frame_equal(years, whole.person_years.sort("person_id", "year"))
    assert result.summaries[0].values() == summarise(whole).values()


def test_data_in_any_order_is_one_batch_and_prices_the_same(tmp_path: Path) -> None:
    generate(5_000, tmp_path / "data", seed=9)
    table = pl.read_parquet(tmp_path / "data" / "*.parquet").sample(fraction=1.0, shuffle=True, seed=2)
    table.write_parquet(tmp_path / "shuffled.parquet", row_group_size=1_000)
    assert len(plan_batches([tmp_path / "shuffled.parquet"], batch_rows=1_000)) == 1
    result = price_files(tmp_path / "shuffled.parquet", None, [default_parameters()])
    assert result.summaries[0].values() == summarise(price_table(table)).values()


def test_summary_adds_up(tmp_path: Path) -> None:
    generate(8_000, tmp_path, seed=4, years=(2024, 2025))
    result = price_table(pl.read_parquet(tmp_path / "*.parquet"))
    summary = summarise(result)
    lines, years = result.lines, result.person_years
    totals = summary.values()
    assert totals["rows"] == lines.height
    assert totals["price"] == lines["price"].sum()
    assert totals["price"] == totals["copay"] + totals["patient_extra"] + totals["helfo"] + totals["not_charged"]
    assert totals["patient_extra"] == totals["mellomlegg"] + totals["above_max_refund"]
    assert summary.values(2025)["not_charged"] > 0  # § 5/§ 6 lines above their maximum refund price
    assert totals["persons"] == years.height
    assert totals["refund"] == years["refund"].sum() and totals["refund"] <= totals["overshoot"]
    assert summary.years == [2024, 2025]
    assert sum(summary.values(y)["copay"] for y in summary.years) == totals["copay"]
