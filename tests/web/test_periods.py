"""The egenandelsperiode in the browser (issue 12): a second pick-up from one prescription group two weeks
later costs the rest of the maximum, and both Apotekdisk and Min side say what is left in the period."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.support import LiveServer, login, logout, screenshot

pytestmark = pytest.mark.browser

KARI = "01037040068"


def pick_up(page: Page, server: LiveServer, on: str) -> None:
    page.goto(f"{server.url}/apotek")
    page.get_by_label("Utleveringsdato").fill(on)
    page.get_by_label("Fødselsnummer eller D-nummer").fill(KARI)
    page.get_by_role("button", name="Finn pasient").click()
    expect(page.locator("#pasientkort")).to_be_visible()
    page.get_by_label("Forskriver", exact=True).fill("HPR 9500002")
    page.get_by_label("Dato skrevet").fill("26.02.2024")
    page.locator("#r0-v0-navn").fill("Atorvastatin 20 mg, 98 tabletter")
    page.locator("#r0-v0-pris").fill("900,00")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.get_by_role("heading", name="Kontroll og pris")).to_be_visible()


def test_second_pick_up_in_the_period_on_the_counter_and_min_side(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    pick_up(page, server, "01.03.2024")
    result = page.locator("section.result")
    expect(result).to_contain_text("70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    page.get_by_role("button", name="Bekreft utlevering").click()
    expect(page.get_by_role("heading", name=re.compile(r"Utlevering nr\. \d+ er lagret"))).to_be_visible()

    pick_up(page, server, "15.03.2024")
    result = page.locator("section.result")
    expect(result).to_contain_text("egenandel 70,00 kr etter 450,00 kr betalt tidligere i perioden")
    expect(result).to_contain_text("0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    screenshot(page, "apotekdisk-egenandelsperiode")
    page.get_by_role("button", name="Bekreft utlevering").click()
    receipt = page.locator("section.result")
    expect(receipt).to_contain_text("0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")

    logout(page)
    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/min-side?ar=2024")
    expect(page.locator("body")).to_contain_text("70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    expect(page.locator("body")).to_contain_text("0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    screenshot(page, "min-side-egenandelsperiode")
