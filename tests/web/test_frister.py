"""Frister in the browser: the deadline calculator names the Easter holidays; a demo referral whose deadline
has passed is found by the daily run once, Helfo opens a pasientformidling case and offers a place at a provider
with capacity, the provider sees the offer, the patient accepts on Min side, and the letters are PDFs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from blaresept.frister.daily import run_day
from blaresept.timeutil import today
from tests.web.support import LiveServer, assert_accessible, login, no_stack_trace, screenshot

pytestmark = pytest.mark.browser


def test_calculator_names_the_easter_holidays(server: LiveServer, page: Page) -> None:
    page.goto(server.url + "/frister?mottatt=2024-03-27")
    expect(page.get_by_role("heading", name="Senest 15. april 2024")).to_be_visible()
    expect(page.locator("main")).to_contain_text("skjærtorsdag 28. mars 2024")
    expect(page.locator("main")).to_contain_text("andre påskedag 1. april 2024")
    assert_accessible(page)
    screenshot(page, "frister-vurderingsfrist")
    page.goto(server.url + "/frister?mottatt=2008-03-27")
    expect(page.locator("main")).to_contain_text("før første formaliserte verdi")
    no_stack_trace(page)


def test_breach_found_once_offered_and_accepted(server: LiveServer, page: Page) -> None:
    with server.session() as session:
        engine = session.get_bind()
        assert run_day(engine, today()).found == 1  # the demo referral whose deadline was two days ago
        assert run_day(engine, today()).found == 0
    login(page, server, "Saksbehandler Sara Demo")
    page.goto(server.url + "/saksbehandler/fristbrudd")
    page.get_by_role("button", name="Opprett formidlingssak").click()
    expect(page.get_by_role("heading", name="Helfo kontakter pasienten")).to_be_visible()
    page.get_by_role("button", name="Pasienten har svart").click()
    expect(page.locator("main")).to_contain_text("Privatklinikken Demo AS (3 ledige)")
    expect(page.get_by_role("button", name="Gi tilbud fra Klinikk Nord AS")).to_have_count(0)  # no agreement
    page.get_by_role("button", name="Gi tilbud fra Privatklinikken Demo AS").click()
    expect(page.get_by_role("heading", name="Tilbud sendt – venter på svar")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "formidling-saksbehandler")
    page.get_by_role("button", name="Logg ut").click()

    login(page, server, "Privatklinikken Demo AS")
    page.goto(server.url + "/behandlingssted")
    expect(page.get_by_role("table")).to_contain_text("Tilbud sendt – venter på svar")
    page.get_by_role("button", name="Logg ut").click()

    login(page, server, "Kari Nordmann")
    page.goto(server.url + "/min-side/henvisninger")
    expect(page.locator("main")).to_contain_text("Helfo tilbyr deg behandling hos Privatklinikken Demo AS")
    page.get_by_role("button", name="Takk ja til tilbudet").click()
    expect(page.get_by_role("status")).to_contain_text("Du har takket ja")
    assert_accessible(page)
    screenshot(page, "formidling-pasient-takket-ja")
    links = page.locator("a[href*='/brev/']")
    expect(links).to_have_count(2)
    for index in range(2):
        response = page.request.get(server.url + (links.nth(index).get_attribute("href") or ""))
        assert response.status == 200 and response.body().startswith(b"%PDF")
    no_stack_trace(page)
