"""Europeisk helsetrygdkort on Min side, in the browser: a parent orders cards for themself and two children, three
cards appear with their validity, a certificate PDF downloads for one child; a period outside the card is refused
in place; the page has no serious accessibility faults."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.support import LiveServer, assert_accessible, login, no_stack_trace, screenshot

pytestmark = pytest.mark.browser


def test_parent_orders_cards_for_the_family_and_downloads_a_certificate(server: LiveServer, page: Page) -> None:
    login(page, server, "Ola Nordmann")
    page.goto(f"{server.url}/min-side")
    page.get_by_role("link", name="Europeisk helsetrygdkort for deg og barna").click()
    expect(page.get_by_role("heading", name="Europeisk helsetrygdkort", level=1)).to_be_visible()
    expect(page.get_by_text("Ingen i familien har europeisk helsetrygdkort")).to_be_visible()
    for name in ("Ola Nordmann (meg)", "Emma Nordmann (barn)", "Jonas Nordmann (barn)"):
        expect(page.get_by_label(name)).to_be_checked()
    page.get_by_role("button", name="Bestill", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("3 av 3 kort er innvilget")
    table = page.get_by_role("table", name="Kort for deg og barna dine")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    for name in ("Ola Nordmann", "Emma Nordmann", "Jonas Nordmann"):
        expect(table).to_contain_text(name)
    expect(rows.first).to_contain_text("Gyldig")
    expect(rows.first).to_contain_text("Ola Nordmann")  # me first, then the children
    expect(rows.first.locator("td").nth(2)).to_have_text(re.compile(r"\d\d\.\d\d\.\d{4}–\d\d\.\d\d\.\d{4}"))
    assert_accessible(page)
    screenshot(page, "ehic-family")

    jonas = page.locator("details", has_text="Jonas Nordmann: på reise")
    jonas.locator("summary").click()
    valid = rows.filter(has_text="Jonas Nordmann").locator("td").nth(2).inner_text()
    start = valid.split("–")[0]
    jonas.get_by_label("Oppholdsland").select_option(label="Spania")
    jonas.get_by_label("Første dag (dd.mm.åååå)").fill(start)
    jonas.get_by_label("Siste dag (dd.mm.åååå)").fill("01.01.2099")
    jonas.get_by_role("button", name="Lag sertifikat (PDF)").click()
    expect(page.get_by_role("alert")).to_contain_text("innenfor kortets gyldighet")
    no_stack_trace(page)

    jonas = page.locator("details", has_text="Jonas Nordmann: på reise")
    jonas.locator("summary").click()
    jonas.get_by_label("Første dag (dd.mm.åååå)").fill(start)
    jonas.get_by_label("Siste dag (dd.mm.åååå)").fill(start)
    jonas.get_by_role("button", name="Lag sertifikat (PDF)").click()
    link = page.get_by_role("link", name="Last ned sertifikatet (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(f"{server.url}{link.get_attribute('href')}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    expect(page.get_by_role("link", name=re.compile("Jonas Nordmann: Spania"))).to_be_visible()
