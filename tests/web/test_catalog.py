"""Legemiddelsøk in the browser, on the sample catalogue (FEST 2017-04-12): search by name, ATC code and
varenummer; a package on a chosen date with its prices, its substitution group with the cheapest equivalent,
and its reimbursement with refund codes and vilkår; bad input shown in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.support import LiveServer, assert_accessible, no_stack_trace, screenshot

pytestmark = pytest.mark.browser


def search(page: Page, text: str, on: str | None = None) -> None:
    page.get_by_label("Søk etter legemiddel").fill(text)
    if on is not None:
        page.get_by_label("Dato", exact=True).fill(on)
    page.get_by_role("button", name="Søk", exact=True).click()


def test_search_and_see_a_package_on_a_date(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/legemidler")  # open to everyone: FEST is open data
    expect(page.get_by_role("heading", name="Legemiddelsøk", level=1)).to_be_visible()
    search(page, "kandesartan", "12.04.2017")
    expect(page.get_by_role("heading", name=re.compile(r"\d+ treff for «kandesartan»"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=kandesartan"))
    expect(page.locator(".release-note")).to_contain_text("FEST-utgaven hentet 12.04.2017")
    hit = page.locator("ul.results > li").filter(has_text="Varenr. 065276")
    expect(hit).to_contain_text("ATC C09CA06")
    expect(hit).to_contain_text("539,40 kr")
    assert_accessible(page)
    screenshot(page, "legemiddelsok")

    # By ATC code and by varenummer too.
    search(page, "C09CA06")
    expect(page.get_by_role("heading", name=re.compile("treff for «C09CA06»"))).to_be_visible()
    search(page, "065276")
    expect(page.locator("ul.results > li")).to_have_count(1)

    page.get_by_role("link", name="Atacand Tab 8 mg").click()
    expect(page.get_by_role("heading", name="Atacand Tab 8 mg", level=1)).to_be_visible()
    prices = page.get_by_role("table", name=re.compile("Priser som gjelder 12.04.2017"))
    expect(prices.get_by_role("row", name=re.compile("^AUP"))).to_contain_text("539,40 kr")
    expect(prices.get_by_role("row", name=re.compile("^Trinnpris"))).to_contain_text("95,10 kr")
    # The substitution group and its cheapest equivalent.
    cheapest = page.locator(".cheapest")
    # Equivalents are compared at the same pack size: the 98-pack is not beaten by a 28-pack at 179,60 kr.
    expect(cheapest).to_contain_text("Billigste likeverdige (98 stykk)")
    expect(cheapest).to_contain_text("billigste i gruppen med samme pakningsstørrelse")
    members = page.get_by_role("table", name=re.compile("Pakninger i byttegruppen"))
    expect(members).to_contain_text("Billigst")
    expect(members.get_by_role("row", name=re.compile("Candesartan Krka Tab 8 mg")).first).to_be_visible()
    expect(members).to_contain_text("28 stykk")
    # Reimbursement: hjemmel, refund codes with their text, and vilkår in plain bokmål.
    refund = page.locator("section", has=page.get_by_role("heading", name="Refusjon på blå resept"))
    expect(refund.get_by_role("heading", name=re.compile("Blåreseptforskriften § 2"))).to_be_visible()
    codes = refund.get_by_role("table", name="Refusjonskoder som gir refusjon")
    expect(codes.get_by_role("row", name=re.compile("I15"))).to_contain_text("Sekundær hypertensjon")
    expect(codes).to_contain_text("Vilkår 136:")
    expect(refund).to_contain_text("Refusjonsberettiget bruk")
    assert_accessible(page)
    screenshot(page, "legemiddel-pakning")

    # The same package on another date: the AUP of 2017 did not hold yet in 2016.
    page.get_by_label("Vis varen på dato").fill("01.06.2016")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"dato=01.06.2016"))
    prices = page.get_by_role("table", name=re.compile("Priser som gjelder 01.06.2016"))
    expect(prices).not_to_contain_text("539,40 kr")
    no_stack_trace(page)


def test_bad_searches_are_answered_in_place(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/legemidler")
    search(page, "")
    expect(page.get_by_role("alert")).to_contain_text("Skriv et navn, en ATC-kode eller et varenummer")
    search(page, "kandesartan", "31.02.2017")
    expect(page.get_by_role("alert")).to_contain_text("Skriv datoen som dd.mm.åååå")
    expect(page.get_by_label("Dato", exact=True)).to_have_attribute("aria-invalid", "true")
    search(page, "finnesikkeinoekatalog", "12.04.2017")
    expect(page.get_by_role("heading", name="Ingen treff for «finnesikkeinoekatalog»")).to_be_visible()
    screenshot(page, "legemiddelsok-feil")
    response = page.goto(f"{server.url}/legemidler/999999")
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("Fant ikke varen")
    no_stack_trace(page)
