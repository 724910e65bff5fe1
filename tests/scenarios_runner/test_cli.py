"""The command line: `blaresept scenarios run` ends with `N passed, N failed` and exit code 1 on any failure;
`blaresept price` prints the split and the provisions it applied."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from blaresept.cli import app
from tests.scenarios_runner.test_runner import CAP, PRICING

runner = CliRunner()

PRICING_2026 = """\
kind: pricing
name: To resepter, ett maksimum per utlevering (2026)
source: rules-facts.md § 1 og § 6, FOR-2025-12-17-2621
dispensing:
  date: 2026-01-01
  patient: {birth_date: 1960-05-05}
  prescriptions:
    - {prescriber: "HPR 1", written: 2025-12-01, hjemmel: "§2", lines: [{price: 800.00}]}
    - prescriber: "HPR 2"
      written: 2025-12-01
      hjemmel: "§2"
      lines: [{price: 450.00, cheapest_price: 300.00, reserved_by: patient}]
expect: {copay: 400.00, patient_extra: 150.00, helfo: 700.00}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def flat(output: str) -> str:
    """The output without box drawing and line breaks, so wrapped text can be searched."""
    return re.sub(r"\s+", " ", re.sub(r"[│┃║╭╮╰╯─━┏┓┗┛┡┩└┘┌┐┼╇╈┳┻┣┫]", " ", output))


def test_scenarios_run_exits_0_when_all_pass(tmp_path: Path) -> None:
    write(tmp_path, "pricing/a.yaml", PRICING)
    write(tmp_path, "annual_cap/b.yaml", CAP)
    result = runner.invoke(app, ["scenarios", "run", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "2 passed, 0 failed"


def test_scenarios_run_exits_1_on_a_failure_and_names_it(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", PRICING)
    write(tmp_path, "b.yaml", CAP.replace("refund: 0.00", "refund: 131.00"))
    write(tmp_path, "c.yaml", PRICING.replace("kind: pricing", "kind: nonsense"))
    result = runner.invoke(app, ["scenarios", "run", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "1 passed, 2 failed"
    text = flat(result.output)
    assert "refund: forventet 131,00 kr, fikk 0,00 kr" in text
    assert "ukjent kind «nonsense»" in text


def test_scenarios_run_on_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenarios", "run", str(tmp_path / "nowhere")])
    assert result.exit_code == 2


def test_price_prints_the_split_and_the_provisions_for_2009(tmp_path: Path) -> None:
    result = runner.invoke(app, ["price", str(write(tmp_path, "p.yaml", PRICING))])
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    for expected in ("Utlevering 2009-03-10", "500,00 kr", "180,00 kr", "320,00 kr", "36 %",
                     "blåreseptforskriften § 7", "blåreseptforskriften § 8 første ledd",
                     "blåreseptforskriften § 8 andre ledd", "folketrygdloven § 5-14",
                     "Stemmer med forventet resultat i filen."):
        assert expected in text, expected


def test_price_prints_the_split_and_the_provisions_for_2026(tmp_path: Path) -> None:
    result = runner.invoke(app, ["price", str(write(tmp_path, "p.yaml", PRICING_2026))])
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    for expected in ("Utlevering 2026-01-01", "400,00 kr", "150,00 kr", "700,00 kr", "60 %",
                     "Fra 2026 gjelder høyeste egenandel (400,00 kr) for hele utleveringen samlet",
                     "blåreseptforskriften § 8 første ledd", "blåreseptforskriften § 7", "FOR-2025-12-17-2621"):
        assert expected in text, expected


def test_price_shows_an_annual_cap(tmp_path: Path) -> None:
    result = runner.invoke(app, ["price", str(write(tmp_path, "c.yaml", CAP))])
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "Egenandelstak 2019" in text and "2 369,00 kr" in text and "folketrygdloven § 5-3" in text


def test_price_exits_1_when_the_file_disagrees_and_2_when_it_is_malformed(tmp_path: Path) -> None:
    wrong = runner.invoke(app, ["price", str(write(tmp_path, "w.yaml", PRICING.replace("180.00", "181.00")))])
    assert wrong.exit_code == 1
    assert "Avvik: copay: forventet 181,00 kr, fikk 180,00 kr" in flat(wrong.output)
    broken = runner.invoke(app, ["price", str(write(tmp_path, "b.yaml", "kind: [\n"))])
    assert broken.exit_code == 2
