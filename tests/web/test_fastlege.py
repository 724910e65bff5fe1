"""Fastlegeordningen in the browser. Kari changes fastlege twice, the third is refused with the reason, and after
Helfo registers her move a third is accepted — each from the 1st of the next month. Ola puts himself and Emma on
the waiting list of a full fastlege; Frida sees her list; Helfo frees places and runs the month: nothing at nine
free places, both taken in at ten, with letters (PDF) Ola can open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from blaresept.rules.fastlege.dates import first_of_next_month, long_date
from blaresept.timeutil import today
from tests.web.support import LiveServer, assert_accessible, login, logout, no_stack_trace, screenshot

pytestmark = pytest.mark.browser


def choose(page: Page, gp: str, button: str = "Bytt til valgt fastlege") -> None:
    page.get_by_label(gp, exact=True).check()
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")


def test_two_changes_then_refused_then_a_move_gives_one_more(server: LiveServer, page: Page) -> None:
    effective = long_date(first_of_next_month(today()))
    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/fastlege")
    expect(page.get_by_role("heading", name="Min fastlege")).to_be_visible()
    expect(page.locator(".gp-card").first).to_contain_text("Lise Demo")
    expect(page.get_by_text(f"Bytter i {today().year}: 0 av 2")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "fastlege-min-fastlege")

    choose(page, "Per Hansen")
    expect(page.locator("#svar")).to_contain_text(f"Du får Per Hansen som fastlege fra {effective}")
    expect(page.locator("#svar")).to_contain_text("teller som ett av de to byttene")
    choose(page, "Sven Storhaug")  # in Stavanger: another kommune is allowed
    expect(page.locator("#svar")).to_contain_text(f"Du får Sven Storhaug som fastlege fra {effective}")
    expect(page.locator("#svar")).to_contain_text("annen kommune")
    choose(page, "Per Hansen")
    refusal = page.locator("#svar")
    expect(refusal).to_contain_text("Byttet ble ikke gjort")
    expect(refusal).to_contain_text(f"Du har allerede byttet fastlege 2 ganger i {today().year}")
    expect(refusal).to_contain_text(f"Du kan bytte igjen fra 1. januar {today().year + 1}")
    assert_accessible(page)
    screenshot(page, "fastlege-tredje-bytte-avvist")
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    page.goto(f"{server.url}/helfo/fastlege")
    page.get_by_label("Fødselsnummer", exact=True).first.fill("01037040068")
    page.get_by_label("Ny kommune (kommunenummer)").fill("1103")
    page.get_by_role("button", name="Registrer flytting").click()
    expect(page.locator("#svar")).to_contain_text("Den gir ett bytte av fastlege som ikke teller")
    expect(page.get_by_text("pluss ett som ikke teller")).to_be_visible()
    no_stack_trace(page)
    logout(page)

    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/min-side/fastlege")
    choose(page, "Per Hansen")
    expect(page.locator("#svar")).to_contain_text(f"Du får Per Hansen som fastlege fra {effective}")
    expect(page.locator("#svar")).to_contain_text("teller ikke som ett av de to byttene")
    expect(page.locator("#svar")).to_contain_text("du har meldt flytting til folkeregisteret")
    screenshot(page, "fastlege-bytte-etter-flytting")


def test_waiting_list_taken_in_at_ten_free_places_with_a_letter(server: LiveServer, page: Page) -> None:
    login(page, server, "Ola Nordmann")
    page.goto(f"{server.url}/min-side/fastlege")
    page.get_by_label("Emma Nordmann").check()
    choose(page, "Frida Full", "Sett på ventelisten til valgt fastlege")
    expect(page.locator("#svar")).to_contain_text("Du er nr. 1 på ventelisten til Frida Full")
    expect(page.get_by_text("du er nr. 1 hos Frida Full")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "fastlege-venteliste")
    logout(page)

    login(page, server, "Fastlege Frida Full")
    page.goto(f"{server.url}/fastlege")
    expect(page.get_by_role("heading", name="Fastlegelisten til Frida Full")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("20")
    expect(page.get_by_role("table", name="I rekkefølge")).to_contain_text("Emma Nordmann")
    assert_accessible(page)
    screenshot(page, "fastlege-fastlegens-liste")
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    page.goto(f"{server.url}/helfo/fastlege")

    def capacity(value: str) -> None:
        page.get_by_label("Liste", exact=True).select_option(label="Frida Full (20)" if value == "29" else
                                                             "Frida Full (29)")
        page.get_by_label("Nytt listetak").fill(value)
        page.get_by_role("button", name="Lagre listetak").click()
        page.wait_for_load_state("load")

    def run() -> None:
        page.get_by_role("button", name="Kjør månedskjøringen").click()
        page.wait_for_load_state("load")

    capacity("29")
    expect(page.locator("#svar")).to_contain_text("9 ledige plasser")
    run()
    expect(page.locator("#svar")).to_contain_text("Tatt inn fra ventelister: 0")
    capacity("30")
    run()
    expect(page.locator("#svar")).to_contain_text("Tatt inn fra ventelister: 2. Brev skrevet: 2")
    assert_accessible(page)
    screenshot(page, "fastlege-helfo-manedskjoring")
    logout(page)

    login(page, server, "Ola Nordmann")
    page.goto(f"{server.url}/min-side/fastlege")
    effective = first_of_next_month(today())
    expect(page.locator(".gp-card").nth(1)).to_contain_text("Frida Full")
    expect(page.locator(".gp-card").nth(1)).to_contain_text(long_date(effective))
    letter = page.get_by_role("link", name="Plass fra venteliste")
    expect(letter).to_be_visible()
    screenshot(page, "fastlege-brev-lenke")
    pdf = page.request.get(f"{server.url}{letter.get_attribute('href')}")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
