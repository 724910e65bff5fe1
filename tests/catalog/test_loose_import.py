"""A package whose substitution or reimbursement group is missing from the file (accepted only with --loose, as
incremental FEST files may be): the catalogue says so in bokmål, Python's None never reaches a person, and a
missing reimbursement group is «kan ikke avgjøres», not «no reimbursement» (issue 12, item 6)."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from blaresept.catalog.check import catalog_facts
from blaresept.catalog.importer import import_file
from blaresept.catalog.service import package_on
from blaresept.cli import app
from blaresept.rules.blaresept.eligibility.check import check_eligibility
from blaresept.rules.blaresept.eligibility.facts import CheckRequest, PatientFacts, PrescriberFacts, PrescriptionLine
from tests.catalog.conftest import EXTRACT, flat

VARENUMMER = "464531"  # Candesartan Krka 8 mg: byttegruppe 001219, refusjonsgruppe C09CA06_1
DAY = date(2017, 4, 12)
runner = CliRunner()

pytestmark = pytest.mark.usefixtures("wide_console")


def loose_file(tmp_path: Path, *, substitution: bool = True, reimbursement: bool = True,
               hentet: str | None = None) -> Path:
    """The real extract with this one package's references pointed at groups the file does not have (with
    `hentet`, as a release of another HentetDato, e.g. '2017-04-13', so it does not join the sample's)."""
    text = gzip.decompress(EXTRACT.read_bytes()).decode("utf-8")
    if hentet:
        text = text.replace("<HentetDato>2017-04-12T", f"<HentetDato>{hentet}T", 1)
    at = text.index(f"<Varenr>{VARENUMMER}</Varenr>")
    start = text.rfind("<OppfLegemiddelpakning>", 0, at)
    end = text.index("</OppfLegemiddelpakning>", at)
    block = text[start:end]
    if substitution:
        block = block.replace("<RefByttegruppe>ID_E80AB77B-229A-4426-92C0-0BC08D7E5834</RefByttegruppe>",
                              "<RefByttegruppe>ID_BYTTEGRUPPE-FINNES-IKKE</RefByttegruppe>")
    if reimbursement:
        block = block.replace("<RefRefusjonsgruppe>ID_4F5950DC-B6EA-4A2F-BE33-906414517BDB</RefRefusjonsgruppe>",
                              "<RefRefusjonsgruppe>ID_REFUSJONSGRUPPE-FINNES-IKKE</RefRefusjonsgruppe>")
    assert block != text[start:end]
    path = tmp_path / "loose.xml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


def test_catalog_show_after_a_loose_import_never_prints_none(engine: Engine, database_url: str,
                                                             tmp_path: Path) -> None:
    import_file(engine, loose_file(tmp_path), loose=True)
    result = runner.invoke(app, ["catalog", "show", VARENUMMER, "--date", DAY.isoformat(), "--database",
                                 database_url], env={"COLUMNS": "160"})
    out = flat(result.output)
    assert result.exit_code == 0, out
    assert "None" not in out
    assert "Byttegruppe: kan ikke avgjøres" in out and "ID_BYTTEGRUPPE-FINNES-IKKE" in out
    assert "Refusjon kan ikke avgjøres" in out and "ID_REFUSJONSGRUPPE-FINNES-IKKE" in out
    assert "ingen refusjon" not in out


def test_a_missing_reimbursement_group_is_undetermined_not_no_reimbursement(engine: Engine,
                                                                            tmp_path: Path) -> None:
    import_file(engine, loose_file(tmp_path, substitution=False), loose=True)
    with Session(engine) as session:
        view = package_on(session, VARENUMMER, DAY)
        assert view.reimbursements == () and view.unresolved_groups == ("ID_REFUSJONSGRUPPE-FINNES-IKKE",)
        facts = catalog_facts(session, DAY, varenummer=VARENUMMER)
    request = CheckRequest(dispensed=DAY, patient=PatientFacts(date(1960, 1, 1)),
                           prescriber=PrescriberFacts("HPR 1", (), False),
                           prescription=PrescriptionLine(written=date(2017, 4, 1), hjemmel="§2",
                                                         varenummer=VARENUMMER, refund_code="ICPC:K86"))
    result = check_eligibility(request, facts)
    assert not result.reimbursable and result.undetermined
    assert any("kan ikke avgjøres" in reason for reason in result.reasons)
    assert not any("har ingen forhåndsgodkjent refusjon" in reason for reason in result.reasons)


def test_the_api_and_the_web_page_say_it_cannot_be_decided(database_url: str, tmp_path: Path) -> None:
    import warnings

    from blaresept.app import create_app
    from tests.counter.conftest import ISSUER

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER)
    import_file(app.state.engine, loose_file(tmp_path), loose=True)
    with TestClient(app) as client:
        body = client.get(f"/api/v1/catalog/packages/{VARENUMMER}", params={"date": DAY.isoformat()}).json()
        assert body["unresolved_groups"] == ["ID_REFUSJONSGRUPPE-FINNES-IKKE"] and body["reimbursements"] == []
        assert body["substitution"]["missing"] is True
        page = client.get(f"/legemidler/{VARENUMMER}", params={"dato": DAY.isoformat()})
        assert page.status_code == 200
        text = flat(page.text)
        assert "None" not in text
        assert "Byttegruppen kan ikke avgjøres" in text and "Refusjon kan ikke avgjøres" in text
        assert "Ingen refusjon på blå resept" not in text
    app.state.engine.dispose()
