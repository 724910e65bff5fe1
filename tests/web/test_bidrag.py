"""Bidrag in the browser: a parent (Ola Nordmann) claims bidrag for his child's skin-disease products on Min
side; the claim is decided at once, the case page and the PDF letter show the computation, and the parent
appeals. Pages are checked with axe-core."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blaresept import timeutil
from blaresept.cases import service
from blaresept.cases.flow import Role
from blaresept.cases.stonader.individual.form import ApplicationForm
from tests.web.support import SCREENSHOTS, LiveServer, assert_accessible, login, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

CLAIM_DAY = date(2025, 3, 3)  # the application runs on this date (BLARESEPT_TODAY): 2024 has a sourced minstebeløp
LAST_YEAR = CLAIM_DAY.year - 1
DOCTOR = service.Actor("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889")


def refused_case_for_emma(server: LiveServer) -> int:
    """A § 3 application for Emma refused by the rules (a need of one month only)."""
    form = ApplicationForm.model_validate({
        "kind": "drug", "patient_fnr": "20051250096", "consent": True, "applicant": {"phone": "22 00 00 00"},
        "diagnosis": {"system": "ICD-10", "code": "L20", "text": "Atopisk eksem", "section2_refund_code": True},
        "drugs": [{"name": "Dupixent", "atc": "D11AH05", "marketing_authorisation": "2017-09-26", "vedlegg1": True}],
        "need": [{"start": "2025-02-01", "end": "2025-02-28"}],
        "tried": [{"name": "Protopic", "reason": "side_effects", "description": "Svie"}],
    })
    with server.session() as session:
        view = service.submit_application(session, DOCTOR, form)
        session.commit()
    assert view.outcome == "refused"
    return view.id


@pytest.fixture
def claim_day() -> Iterator[None]:
    timeutil.fix_today(CLAIM_DAY)
    yield
    timeutil.fix_today(None)


def test_parent_claims_bidrag_for_childs_skin_products_and_appeals(claim_day: None, server: LiveServer, page: Page,
                                                                   tmp_path: Path) -> None:
    page.set_default_timeout(60_000)  # the decision letter is rendered to PDF in the same request
    refused = refused_case_for_emma(server)
    login(page, server, "Ola Nordmann")
    # the § 5-14 refusal offers a bidrag claim for the same child
    page.goto(f"{server.url}/saker/{refused}")
    expect(page.get_by_role("heading", name="Vedtak: avslått")).to_be_visible()
    page.get_by_role("link", name="Søk om bidrag etter folketrygdloven § 5-22 for det som ble avslått").click()
    expect(page.get_by_role("heading", name="Krav om bidrag til spesielle formål", level=1)).to_be_visible()
    expect(page.get_by_label("År utgiftene oppstod")).to_have_value(str(LAST_YEAR))
    expect(page.get_by_label("Kravet gjelder")).to_have_value("20051250096")
    page.get_by_label("År utgiftene oppstod").fill(str(LAST_YEAR))
    for i, (day, amount) in enumerate(((f"{LAST_YEAR}-02-10", "1800,00"), (f"{LAST_YEAR}-06-15", "1500,00"),
                                       (f"{LAST_YEAR}-10-01", "1200,00"))):
        page.get_by_label(f"Formål, kvittering {i + 1}").select_option("hudlidelser")
        page.locator(f"#dato_{i}").fill(day)
        page.locator(f"#belop_{i}").fill(amount)
    page.get_by_label("Erklæringen gjelder").select_option("hudlidelser")
    page.get_by_label("Datert").fill(f"{LAST_YEAR - 1}-11-20")
    page.get_by_label("Skrevet av").fill("Hudlege Hanne Hansen, Oslo universitetssykehus")
    page.get_by_label("Legen er spesialist i faget").check()
    page.get_by_label("Kontonummer for utbetalingen").fill("12345678903")
    assert_accessible(page)
    screenshot(page, "bidrag-krav")
    page.get_by_role("button", name="Send kravet").click()

    no_stack_trace(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.search(r"BI-\d{4}-\d{6}", heading), heading
    decision = page.get_by_role("region", name=re.compile("Vedtak: innvilget"))
    expect(decision).to_be_visible()
    # 1 800 + 1 500 + 1 200 = 4 500 kr in one purpose; minstebeløp 2024 2 151 kr; 90 % × 2 349 = 2 114,10 kr
    expect(decision).to_contain_text("4 500,00 kr")
    expect(decision).to_contain_text("2 151,00 kr")
    expect(decision).to_contain_text("2 114,10 kr")
    assert_accessible(page)
    screenshot(page, "bidrag-vedtak")

    letter = page.get_by_role("link", name=re.compile("Vedtak om bidrag til spesielle formål"))
    response = page.request.get(server.url + (letter.get_attribute("href") or ""))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "vedtak.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Slik har vi regnet ut bidraget" in text and "Du har rett til å klage" in text
    assert "4 500,00 kr" in text and "2 151,00 kr" in text and "2 114,10 kr" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SCREENSHOTS / "bidrag-brev")],
                   check=True)

    page.get_by_label("Hvorfor er du uenig, og hvilken endring ønsker du?").fill(
        "Vi har lav inntekt og ber om full dekning.")
    page.get_by_label("Klager på vegne av (valgfri, for eksempel barnet)").fill("Emma Nordmann")
    page.get_by_role("button", name="Send klagen").click()
    no_stack_trace(page)
    expect(page.get_by_role("heading", name=re.compile("Klage 1"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "bidrag-klage")
