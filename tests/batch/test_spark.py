"""The batch engine on Spark (local[2]) gives the Polars engine's lines, person-years and summary to the øre:
several years, across the tak and the egenandelsperiode (also across New Year), with reforms in the same job,
on files whose persons and dispensings are spread over several files in no order. One SparkSession for the
whole test session (conftest.py; Java is required: these tests fail, never skip, without it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from blaresept.batch.generate import generate
from blaresept.batch.runner import price_files
from blaresept.batch.schema import BatchInputError
from blaresept.cli import app
from blaresept.cli.batch import reform
from blaresept.rules.parameters import ParameterSet, default_parameters

pytestmark = pytest.mark.xdist_group("spark")  # under xdist: one worker, so one SparkSession (conftest.py)

YEARS = (2022, 2023, 2025, 2026)
"""The 2022 rate; the 2023 rate and tak; egenandelsperioder to 2025 (2022→2023 and 2025→2026 cross New Year);
per-dispensing copay groups and no periods in 2026."""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 000 generated lines over four years, rows shuffled and cut into three files, so a person's and a
    dispensing's rows lie in several files and the line order comes from the row numbers over the files."""
    base = tmp_path_factory.mktemp("spark")
    generate(40_000, base / "generated", seed=21, years=YEARS)
    table = pl.read_parquet(base / "generated" / "*.parquet").sample(fraction=1.0, shuffle=True, seed=4)
    data = base / "data"
    data.mkdir()
    for number, start in enumerate(range(0, table.height, 10_000)):
        table.slice(start, 10_000).write_parquet(data / f"part-{number}.parquet", row_group_size=2_500)
    return data


def reforms() -> list[ParameterSet]:
    base = default_parameters()
    return [
        base,
        reform(base, ["blaresept.copay.rate=2022-01-01:0.45", "egenandelstak.amount=2023-01-01:2000"]),
        reform(base, ["blaresept.copay.maximum=2026-01-01:300"]),
        base.replace("blaresept.copay.period_months", {date(2009, 1, 1): None}),  # no egenandelsperioder
    ]


def test_spark_prices_like_polars_to_the_ore(spark: object, dataset: Path, tmp_path: Path) -> None:
    from blaresept.batch.spark import price_files_spark

    params, labels = reforms(), ["", "reform-1", "reform-2", "reform-3"]
    on_spark = price_files_spark(dataset, tmp_path / "spark", params, labels, partition_rows=4_000)
    on_polars = price_files(dataset, tmp_path / "polars", params, labels=labels)
    assert on_spark.rows == on_polars.rows == 40_000 and on_spark.batches >= 10
    for index, label in enumerate(labels):
        engines = ("spark", "polars")
        lines = {e: pl.read_parquet(tmp_path / e / label / "lines" / "*.parquet").sort("row") for e in engines}
        years = {e: pl.read_parquet(tmp_path / e / label / "person_years" / "*.parquet").sort("person_id", "year")
                 for e in engines}
        assert_frame_equal(lines["spark"], lines["polars"])
        assert_frame_equal(years["spark"], years["polars"])
        assert lines["spark"]["row"].to_list() == list(range(40_000))
        assert on_spark.summaries[index].by_year.equals(on_polars.summaries[index].by_year)
        assert on_spark.summaries[index].years == list(YEARS)
        # The data crosses the tak in every year: frikort during the year and refunds of the overshoot.
        reached = years["spark"].filter(pl.col("frikort_from").is_not_null())
        assert set(reached["year"].unique().to_list()) == set(YEARS)
        assert (lines["spark"]["exemption"] == "tak").sum() > 0
    # The reforms change what they touch and nothing else.
    base, lower_tak, lower_maximum, no_periods = (s.values() for s in on_spark.summaries)
    assert lower_tak["reached_tak"] > base["reached_tak"] and lower_tak["copay"] != base["copay"]
    assert lower_maximum["copay"] < base["copay"]
    assert lower_maximum["price"] == lower_tak["price"] == base["price"]
    by_year = {y: on_spark.summaries[2].values(y)["copay"] - on_spark.summaries[0].values(y)["copay"] for y in YEARS}
    assert by_year[2022] == by_year[2023] == by_year[2025] == 0 and by_year[2026] < 0
    # The egenandelsperioder bite in the data: without them the copay is higher up to 2025, equal in 2026.
    without = {y: on_spark.summaries[3].values(y)["copay"] - on_spark.summaries[0].values(y)["copay"] for y in YEARS}
    assert without[2022] > 0 and without[2023] > 0 and without[2025] > 0 and without[2026] == 0
    assert no_periods["price"] == base["price"]


def test_a_table_that_cannot_be_priced_gets_the_engines_message(spark: object, tmp_path: Path) -> None:
    from blaresept.batch.spark import price_files_spark

    generate(2_000, tmp_path / "data", seed=3, years=(2024,))
    table = pl.read_parquet(tmp_path / "data" / "*.parquet")
    bad = table.with_columns(pl.when(pl.int_range(pl.len()) == 700).then(-5).otherwise(pl.col("price"))
                             .alias("price"))
    bad.write_parquet(tmp_path / "bad.parquet")
    with pytest.raises(BatchInputError) as on_polars:
        price_files(tmp_path / "bad.parquet", None, [default_parameters()])
    with pytest.raises(BatchInputError) as on_spark:
        price_files_spark(tmp_path / "bad.parquet", None, [default_parameters()])
    assert str(on_spark.value) == str(on_polars.value) and "Rad 700" in str(on_spark.value)
    table.with_columns(pl.col("price").cast(pl.Float64)).write_parquet(tmp_path / "float.parquet")
    with pytest.raises(BatchInputError, match="heltall øre, aldri flyttall"):
        price_files_spark(tmp_path / "float.parquet", None, [default_parameters()])


def test_the_cli_prints_the_same_summary_on_both_engines(spark: object, dataset: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for engine in ("polars", "spark"):
        result = runner.invoke(app, ["batch", "price", str(dataset), str(tmp_path / engine), "--engine", engine,
                                     "--reform", "blaresept.copay.rate=2023-01-01:0.4",
                                     "--reform", "egenandelstak.amount=2026-01-01:2500"])
        assert result.exit_code == 0, result.output
        outputs[engine] = result.output[result.output.index("Gjeldende regler og reformene"):]
    assert outputs["spark"] == outputs["polars"]
    assert "Reform 2 (reform-2/): egenandelstak.amount=2026-01-01:2500" in outputs["spark"]
    assert (tmp_path / "spark" / "reform-2" / "person_years").is_dir()
