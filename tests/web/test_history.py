"""Issue 12 in the browser: a § 5 line above its maximum refund price on Min side after 2025-04-02 shows the
amount «Ikke belastet» (§ 8 femte ledd), and the catalogue page after a loose FEST import says «kan ikke
avgjøres» instead of printing None or «ingen refusjon»."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blaresept.catalog.importer import import_file
from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.money import kroner
from blaresept.rules.blaresept.dispensing import Hjemmel
from tests.catalog.test_loose_import import VARENUMMER, loose_file
from tests.web.support import LiveServer, assert_accessible, login, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

PHARMACY = "974760606"
KARI = "01037040068"


def test_min_side_shows_what_was_not_charged(server: LiveServer, page: Page) -> None:
    request = DispenseRequest(fnr=KARI, date=date(2025, 5, 6), prescriptions=(PrescriptionRequest(
        prescriber="HPR 9144889", written=date(2025, 5, 2), hjemmel=Hjemmel.SECTION_5,
        lines=(LineRequest(price=kroner("800.00"), max_refund_price=kroner("600.00"),
                           description="Blodsukkerstrimler, 100 stk", varenummer="123456"),)),))
    with server.session() as session:
        service.dispense(session, PHARMACY, request)
        session.commit()
    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/min-side?ar=2025")
    first = page.locator("details.dispensing").first
    first.locator("summary").first.click()
    table = first.get_by_role("table")
    expect(table).to_contain_text("Ikke belastet")
    expect(table).to_contain_text("200,00")
    expect(first).to_contain_text("ikke belastet")
    assert "None" not in page.content()
    assert_accessible(page)
    screenshot(page, "min-side-ikke-belastet")
    no_stack_trace(page)


def test_the_catalogue_page_after_a_loose_import(server: LiveServer, page: Page, tmp_path: Path) -> None:
    import_file(server.app.state.engine, loose_file(tmp_path, hentet="2017-04-13"), loose=True)
    page.goto(f"{server.url}/legemidler/{VARENUMMER}?dato=2017-04-13")
    expect(page.get_by_text("Byttegruppen kan ikke avgjøres")).to_be_visible()
    expect(page.get_by_text("Refusjon kan ikke avgjøres")).to_be_visible()
    assert "None" not in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "legemiddel-loose-import")
    no_stack_trace(page)
