"""The catalogue commands as a user types them: import, then show what held on a date, in bokmål."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blaresept.cli import app
from tests.catalog.conftest import EXTRACT, flat

runner = CliRunner()

pytestmark = pytest.mark.usefixtures("wide_console")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "160"})
    return result.exit_code, flat(result.output)


def test_import_then_show_prints_prices_substitution_and_reimbursement(database_url: str) -> None:
    code, out = run("catalog", "import", str(EXTRACT), "--database", database_url)
    assert code == 0, out
    assert "Importerte fest-mini-2017-04-12.m30ns.xml.gz" in out and "pakninger: 107" in out
    code, out = run("catalog", "show", "464531", "--date", "2017-04-12", "--database", database_url)
    assert code == 0, out
    for expected in ("Candesartan Krka Tab 8 mg", "AUP", "539,40 kr", "Trinnpris", "95,10 kr",
                     "Byttegruppe 001219", "Billigste likeverdige pakning (samme pakningsstørrelse): 065276",
                     "Hjemmel 200",
                     "refusjonsgruppe C09CA06_1", "K86", "Hypertensjon ukomplisert", "Vilkår 136",
                     "Refusjon ytes selv om legemidlet skal brukes i mindre enn tre måneder"):
        assert expected in out, expected
    code, out = run("catalog", "import", str(EXTRACT), "--database", database_url)
    assert code == 0 and "allerede importert" in out and "Ingenting er endret" in out


def test_sample_then_reimbursable_product_and_search(database_url: str) -> None:
    assert run("catalog", "load-sample", "--database", database_url)[0] == 0
    code, out = run("catalog", "reimbursable", "ICD:K21", "--date", "2017-04-12", "--database", database_url)
    assert code == 0 and "990001" in out and "12, 155" in out
    code, out = run("catalog", "product", "810004", "--date", "2017-04-12", "--database", database_url)
    assert code == 0 and "Maksimal refusjonspris per pakning: 329,00 kr" in out and "Vilkår H22" in out
    code, out = run("catalog", "search", "Omeprazol", "--date", "2017-04-12", "--database", database_url)
    assert code == 0 and "990002" in out


def test_errors_are_bokmal_and_change_nothing(database_url: str, variant: Callable[..., Path]) -> None:
    code, out = run("catalog", "show", "464531", "--date", "2017-04-12", "--database", database_url)
    assert code == 1 and "ingen katalog" in out
    broken = variant(("<Varenr>014884</Varenr>", ""))
    code, out = run("catalog", "import", str(broken), "--database", database_url)
    assert code == 1 and "element «Ean»" in out and "Ingenting er endret" in out
    run("catalog", "import", str(EXTRACT), "--database", database_url)
    code, out = run("catalog", "show", "999999", "--date", "2017-04-12", "--database", database_url)
    assert code == 1 and "Fant ikke varenummer 999999" in out
    code, out = run("catalog", "show", "464531", "--date", "12.04.2017", "--database", database_url)
    assert code == 2 and "er ikke en dato" in out
    code, out = run("catalog", "reimbursable", "XYZ:K21", "--database", database_url)
    assert code == 1 and "Ukjent kodeverk" in out
