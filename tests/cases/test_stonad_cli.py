"""`blaresept stonad FILE` shows the result and the reasons of an ehic, logoped or abroad scenario, and refuses
other kinds with a bokmål message."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from blaresept.cli import app

SCENARIOS = Path(__file__).parents[1] / "scenarios"


def test_shows_result_and_steps() -> None:
    logoped = SCENARIOS / "logoped/01-barn-10-aar-2021-11-15-forhandsgodkjenning.yaml"
    result = CliRunner().invoke(app, ["stonad", str(logoped)])
    assert result.exit_code == 0, result.output
    assert "Forhåndsgodkjenning" in result.output and "folketrygdloven § 5-10" in result.output
    refused = CliRunner().invoke(app, ["stonad", str(SCENARIOS / "abroad/02-kurs-usa-uten-uttalelse.yaml")])
    assert refused.exit_code == 0 and "kompetansesenter" in refused.output


def test_other_kinds_are_refused() -> None:
    ledger = sorted((SCENARIOS / "ledger").glob("*.yaml"))[0]
    result = CliRunner().invoke(app, ["stonad", str(ledger)])
    assert result.exit_code == 2 and "viser scenarier av typen" in result.output
