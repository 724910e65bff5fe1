"""`blaresept batch generate` and `blaresept batch price`: files, the summary in bokmål, reforms side by side."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from blaresept.cli import app

runner = CliRunner()


def test_generate_then_price_prints_the_summary(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    generated = runner.invoke(app, ["batch", "generate", "--rows", "20000", "--year", "2024", str(data)])
    assert generated.exit_code == 0, generated.output
    assert "Skrev 20 000 varelinjer" in generated.output
    priced = runner.invoke(app, ["batch", "price", str(data), str(out)])
    assert priced.exit_code == 0, priced.output
    for label in ("Sammendrag", "Samlet pris", "Egenandel", "Pasientens tillegg", "Helfo dekker",
                  "Personer som nådde egenandelstaket", "Tilbakebetalt beløp"):
        assert label in priced.output
    assert pl.read_parquet(out / "lines" / "*.parquet").height == 20_000


def test_reform_is_priced_beside_the_baseline(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    assert runner.invoke(app, ["batch", "generate", "--rows", "10000", "--year", "2026", str(data)]).exit_code == 0
    priced = runner.invoke(app, ["batch", "price", str(data), str(out),
                                 "--set", "blaresept.copay.rate=2026-01-01:0.45",
                                 "--set", "blaresept.copay.maximum=2026-01-01:300"])
    assert priced.exit_code == 0, priced.output
    assert "Gjeldende regler" in priced.output and "Reform" in priced.output and "Endring" in priced.output
    base = pl.read_parquet(out / "lines" / "*.parquet")["copay"].sum()
    reform = pl.read_parquet(out / "reform" / "lines" / "*.parquet")["copay"].sum()
    assert reform < base


def test_bad_reform_and_missing_input_are_explained(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["batch", "price", str(tmp_path / "nowhere"), str(tmp_path / "out")])
    assert missing.exit_code == 2 and "Finner ikke" in missing.output
    (tmp_path / "data").mkdir()
    runner.invoke(app, ["batch", "generate", "--rows", "1000", str(tmp_path / "data")])
    bad = runner.invoke(app, ["batch", "price", str(tmp_path / "data"), str(tmp_path / "out"),
                              "--set", "blaresept.copay.rate=2026-01-01"])
    assert bad.exit_code == 2 and "NAVN=DATO:VERDI" in bad.output
    unknown = runner.invoke(app, ["batch", "price", str(tmp_path / "data"), str(tmp_path / "out"),
                                  "--set", "blaresept.nothing=2026-01-01:1"])
    assert unknown.exit_code == 2 and "Ukjent parameter" in unknown.output


def test_batch_rows_default_matches_the_runner() -> None:
    from blaresept.batch.runner import BATCH_ROWS
    from blaresept.cli import batch

    assert batch.BATCH_ROWS == BATCH_ROWS
