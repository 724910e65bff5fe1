"""docs/parameters.md is generated from the parameter files; a changed value must be regenerated and
approved in review (`blaresept parameters doc > docs/parameters.md`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from blaresept.rules.parameters import default_parameters
from blaresept.rules.parameters_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"


def test_the_committed_parameter_document_matches_the_parameter_files() -> None:
    assert DOC.read_text(encoding="utf-8") == render(default_parameters()), (
        "docs/parameters.md er ikke oppdatert: kjør `blaresept parameters doc > docs/parameters.md` og se over "
        "endringen."
    )


def test_a_changed_value_shows_in_the_document() -> None:
    params = default_parameters()
    reform = params.replace("blaresept.copay.rate", {date(2027, 1, 1): Decimal("0.55")}, note="Tenkt reform")
    assert render(reform) != render(params)
    assert "| 2027-01-01 | 0.55 | high | Tenkt reform (Tenkt reform) |" in render(reform)
