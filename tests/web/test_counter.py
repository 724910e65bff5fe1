"""Apotekdisk in the browser: find the patient, fill in a prescription, see the check and the price split with
its explanation, confirm the dispensing (once, even when the form is sent twice), see it on Min side, and
register a return. Bad input is shown in place, in bokmål."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from blaresept.counter.service import count_dispensings
from blaresept.timeutil import today
from tests.web.support import LiveServer, assert_accessible, login, logout, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

KARI = "01037040068"


def fill_one_line(page: Page, *, fnr: str = KARI, price: str = "300,00", cheapest: str = "200,00",
                  reservation: str = "patient", name: str = "Atorvastatin 20 mg, 30 tabletter") -> None:
    """The patient and one prescription with one line typed in by hand."""
    page.get_by_label("Fødselsnummer eller D-nummer").fill(fnr)
    page.get_by_role("button", name="Finn pasient").click()
    expect(page.locator("#pasientkort")).to_be_visible()
    page.get_by_label("Forskriver", exact=True).fill("HPR 9144889")
    page.get_by_label("Dato skrevet").fill(today().strftime("%d.%m.%Y"))
    page.locator("#r0-v0-navn").fill(name)
    page.locator("#r0-v0-pris").fill(price)
    page.locator("#r0-v0-billigste").fill(cheapest)
    page.locator("#r0-v0-reservasjon").select_option(reservation)


def quote_and_confirm(page: Page) -> str:
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.get_by_role("heading", name="Kontroll og pris")).to_be_visible()
    page.get_by_role("button", name="Bekreft utlevering").click()
    heading = page.get_by_role("heading", name=re.compile(r"Utlevering nr\. \d+ er lagret"))
    expect(heading).to_be_visible()
    match = re.search(r"\d+", heading.inner_text())
    assert match
    return match.group(0)


def test_dispense_then_see_it_on_min_side(any_server: LiveServer, page: Page) -> None:
    """The main flow, on SQLite and PostgreSQL: a pharmacist dispenses to Kari, Kari sees it on Min side."""
    server = any_server
    login(page, server, "Demoapoteket Sentrum")
    expect(page).to_have_url(re.compile(r"/apotek$"))
    expect(page.get_by_role("heading", name="Apotekdisk", level=1)).to_be_visible()

    page.get_by_label("Fødselsnummer eller D-nummer").fill(KARI)
    page.get_by_role("button", name="Finn pasient").click()
    card = page.locator("#pasientkort")
    expect(card).to_contain_text("Kari Nordmann")
    expect(card).to_contain_text("01.03.1970")
    expect(card).to_contain_text("0,00 kr av 3 278,00 kr")
    page.get_by_label("Forskriver", exact=True).fill("HPR 9144889")
    page.get_by_label("Dato skrevet").fill(today().strftime("%d.%m.%Y"))

    # The drug from the catalogue: suggestions come while typing; choosing one fills in the line.
    page.get_by_label("Søk etter legemiddel").press_sequentially("Atacand", delay=30)
    suggestion = page.get_by_role("button", name=re.compile(r"Atacand Tab 8 mg\s+Varenr\. 065276"))
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#r0-v0-varenummer")).to_have_value("065276")
    expect(page.locator("#r0-v0-navn")).to_have_value("Atacand Tab 8 mg")
    expect(page.locator("#r0-v0-pris")).to_have_value("539,40")
    expect(page.locator("#r0-v0-billigste")).to_have_value("95,10")
    expect(page.locator("#r0-hjemmel")).to_have_value("§2")
    # The refund codes of the drug's reimbursement, each with its text; choosing one writes it on the prescription.
    page.get_by_role("button", name=re.compile(r"ICD:I15 Sekundær hypertensjon")).click()
    expect(page.locator("#r0-refusjonskode")).to_have_value("ICD:I15")
    expect(page.locator(".code-text")).to_contain_text("Sekundær hypertensjon")
    page.locator("#r0-v0-reservasjon").select_option("patient")

    page.get_by_role("button", name="Kontroller og beregn pris").click()
    result = page.locator("section.result")
    expect(page.get_by_role("heading", name="Kontroll og pris")).to_be_focused()
    # The patient refused the cheaper equivalent: the copay is computed from the trinnpris (95,10 kr); the
    # mellomlegg of 444,30 kr is the patient's own and does not count toward the tak.
    totals = result.locator("dl.totals")
    expect(totals.locator("div", has_text="Mellomlegg og tillegg")).to_contain_text("444,30 kr")
    expect(totals.locator("div", has_text="Sum pris")).to_contain_text("539,40 kr")
    expect(result.get_by_role("table")).to_contain_text("Atacand Tab 8 mg")
    step = result.locator("details.step", has_text="Prisgrunnlag").first
    expect(step).to_contain_text("mellomlegget på 444,30 kr")
    # Every step opens to show its § with a link to the source.
    link = step.get_by_role("link", name="blåreseptforskriften § 7")
    expect(link).to_be_hidden()
    step.locator("summary").click()
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://lovdata.no/dokument/SF/forskrift/2007-06-28-814")
    # A step that used dated parameters lists each value with its sources.
    rate = result.locator("details.step", has=page.locator(".step-title", has_text=re.compile("^Egenandel$")))
    rate.locator("summary").click()
    expect(rate.locator(".params")).to_contain_text("blaresept.copay.rate")
    expect(rate.locator(".sources").first).to_contain_text("Kilde:")
    sqlite = server.app.state.engine.url.get_backend_name() == "sqlite"
    if sqlite:  # the pages are the same on both engines; check and photograph them once
        assert_accessible(page)
        screenshot(page, "apotekdisk-beregning")
    copay = totals.locator("div", has_text="Egenandel (teller").locator("dd").inner_text()
    pays = totals.locator("div.total-main dd").inner_text()

    page.get_by_role("button", name="Bekreft utlevering").click()
    receipt = page.get_by_role("heading", name=re.compile(r"Utlevering nr\. \d+ er lagret"))
    expect(receipt).to_be_visible()
    expect(receipt).to_be_focused()
    number = re.search(r"\d+", receipt.inner_text())
    assert number
    expect(page.locator("section.result")).to_contain_text(f"Pasienten betaler {pays}")
    if sqlite:
        assert_accessible(page)
        screenshot(page, "apotekdisk-kvittering")

    logout(page)
    login(page, server, "Kari Nordmann")
    expect(page).to_have_url(re.compile(r"/min-side$"))
    expect(page.get_by_role("heading", name="Min side", level=1)).to_be_visible()
    expect(page.locator("#tak-overskrift + p")).to_contain_text(f"{copay} av 3 278,00 kr")
    table = page.get_by_role("table", name=re.compile("Alle utleveringer"))
    row = table.get_by_role("row", name=re.compile(f"Utlevering {number.group(0)}"))
    expect(row).to_contain_text("Demoapoteket Sentrum")
    expect(row).to_contain_text(pays)
    explanation = page.locator(f"#utlevering-{number.group(0)}")
    explanation.locator("summary").first.click()
    expect(explanation).to_contain_text("Pasienten reserverte seg mot bytte")
    expect(explanation.get_by_role("table")).to_contain_text("Atacand Tab 8 mg")
    no_stack_trace(page)


def test_bad_fodselsnummer_and_missing_price_are_shown_in_place(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    field = page.get_by_label("Fødselsnummer eller D-nummer")
    field.fill("12345678901")
    page.get_by_role("button", name="Finn pasient").click()
    message = page.locator("#fnr-feil")
    expect(message).to_have_text(re.compile("Fødselsnummeret er ikke gyldig"))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("12345678901")  # what was typed stays
    expect(page.locator("#pasientkort")).to_have_count(0)

    field.fill(KARI)
    page.get_by_label("Forskriver", exact=True).fill("HPR 9144889")
    page.get_by_label("Dato skrevet").fill(today().strftime("%d.%m.%Y"))
    page.locator("#r0-v0-navn").fill("Vare uten pris")
    page.locator("#r0-v0-pris").fill("tolv kroner")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    summary = page.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("er ikke et beløp i kroner")
    expect(page.locator("#r0-v0-pris-feil")).to_be_visible()
    summary.get_by_role("link").first.click()
    expect(page.locator("#r0-v0-pris")).to_be_focused()
    assert_accessible(page)
    screenshot(page, "apotekdisk-feil")
    no_stack_trace(page)
    with server.session() as session:
        assert count_dispensings(session) == 0


def test_a_double_submit_stores_once(server: LiveServer, page: Page) -> None:
    """The confirm form carries one idempotency key: sending it twice gives the same dispensing, stored once."""
    login(page, server, "Demoapoteket Sentrum")
    fill_one_line(page)
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.get_by_role("button", name="Bekreft utlevering")).to_be_visible()
    # Send the very same form twice, as a double click or a resend after a timeout would.
    answers = page.evaluate("""async () => {
        const form = document.querySelector('form.counter-form');
        const data = new URLSearchParams(new FormData(form));
        data.set('handling', 'utlever');
        const send = () => fetch('/apotek', {method: 'POST', body: data, headers: {'HX-Request': 'true'}})
            .then(r => r.text());
        return [await send(), await send()];
    }""")
    first, second = (re.search(r"Utlevering nr\. (\d+) er lagret", answer) for answer in answers)
    assert first and second and first.group(1) == second.group(1)
    assert "allerede sendt inn" in answers[1]
    # The same form changed afterwards (back button, new price) is not stored under the old key.
    changed = page.evaluate("""async () => {
        const form = document.querySelector('form.counter-form');
        const data = new URLSearchParams(new FormData(form));
        data.set('handling', 'utlever');
        data.set('r0-v0-pris', '999,00');
        return fetch('/apotek', {method: 'POST', body: data, headers: {'HX-Request': 'true'}}).then(r => r.text());
    }""")
    assert "allerede brukt til en annen utlevering" in changed
    with server.session() as session:
        assert count_dispensings(session) == 1


def test_register_a_return(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    fill_one_line(page, price="150,00", cheapest="", reservation="none")
    number = quote_and_confirm(page)

    lookup = page.locator("#retur")
    lookup.get_by_label("Utleveringsnummer").fill("abc")
    lookup.get_by_role("button", name="Finn utlevering").click()
    expect(page.locator("#nr-feil")).to_contain_text("bare sifre")
    page.locator("#retur").get_by_label("Utleveringsnummer").fill("999")
    page.locator("#retur").get_by_role("button", name="Finn utlevering").click()
    expect(page.locator("#nr-feil")).to_contain_text("Fant ingen utlevering")

    page.locator("#retur").get_by_label("Utleveringsnummer").fill(number)
    page.locator("#retur").get_by_role("button", name="Finn utlevering").click()
    expect(page.locator("#retur-resultat")).to_contain_text(f"Utlevering nr. {number}")
    page.get_by_role("button", name=f"Registrer retur av utlevering {number}").last.click()
    done = page.locator("#retur-resultat")
    expect(done).to_contain_text("Retur registrert")
    expect(done).to_contain_text(f"Utlevering {number} er reversert")
    expect(page.locator("#retur")).to_contain_text("0,00 kr av 3 278,00 kr er betalt")
    screenshot(page, "apotekdisk-retur")

    # A second return of the same dispensing is refused, in place.
    page.locator("#retur").get_by_label("Utleveringsnummer").fill(number)
    page.locator("#retur").get_by_role("button", name="Finn utlevering").click()
    page.get_by_role("button", name=f"Registrer retur av utlevering {number}").last.click()
    expect(page.locator("#retur")).to_contain_text("allerede returnert")
    no_stack_trace(page)

    # The day's list: the dispensing marked returned, its return, and the day's totals netting to zero.
    page.goto(f"{server.url}/apotek")
    page.get_by_role("link", name="Dagens utleveringer").click()
    day = page.get_by_role("table", name=re.compile("Apotekets utleveringer og returer"))
    expect(day).to_contain_text(f"Retur av nr. {number}")
    expect(day.get_by_role("row", name=re.compile(rf"^{number} Utlevering"))).to_contain_text("Returnert")
    expect(day.locator("tfoot")).to_contain_text("0,00 kr")
    expect(day).to_contain_text("010370*****")
    assert_accessible(page)
    screenshot(page, "apotekdisk-dagens-utleveringer")
    page.get_by_label("Dato").fill("31.02.2026")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#dato-feil")).to_contain_text("gyldig dato")

    logout(page)
    login(page, server, "Kari Nordmann")
    expect(page.get_by_role("table", name=re.compile("Alle utleveringer"))).to_contain_text(
        f"Retur av utlevering {number}")
    expect(page.locator("#tak-overskrift + p")).to_contain_text("0,00 kr av 3 278,00 kr")


def test_the_check_against_the_catalogue_stops_a_prescription_and_says_why(server: LiveServer, page: Page) -> None:
    """Atacand is reimbursed under § 2 only with one of its refund codes: without one the check says so, in
    place, and nothing is stored; with one, each step of the check is shown as met."""
    login(page, server, "Demoapoteket Sentrum")
    page.get_by_label("Fødselsnummer eller D-nummer").fill(KARI)
    page.get_by_label("Forskriver", exact=True).fill("HPR 9144889")
    page.get_by_label("Dato skrevet").fill(today().strftime("%d.%m.%Y"))
    page.get_by_label("Søk etter legemiddel").fill("065276")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.get_by_role("button", name=re.compile(r"Atacand Tab 8 mg\s+Varenr\. 065276")).click()
    expect(page.locator("#r0-v0-pris")).to_have_value("539,40")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    summary = page.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Resept 1, varenummer 065276")
    expect(summary).to_contain_text("refusjonskode")
    expect(page.get_by_role("button", name="Bekreft utlevering")).to_have_count(0)
    screenshot(page, "apotekdisk-kontroll-stopper")

    page.get_by_label("Refusjonskode").fill("ICPC:K86")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    check = page.locator("section.result ol.steps").first
    expect(check.locator("details.step").first).to_be_visible()
    expect(check.locator(".ds-tag", has_text="Ikke oppfylt")).to_have_count(0)
    expect(check.get_by_text("Oppfylt").first).to_be_visible()
    expect(check).to_contain_text("K86")
    with server.session() as session:
        assert count_dispensings(session) == 0


def test_specialist_vilkar_from_the_prescriber_facts_on_the_form(server: LiveServer, page: Page) -> None:
    """Omeprazole on ICD K21 has vilkår 12 (instituted by a specialist in internal medicine …): a general
    practitioner not at a hospital is stopped with the vilkår's reason; an internist passes; an unknown specialty
    is an error in place."""
    login(page, server, "Demoapoteket Sentrum")
    page.get_by_label("Fødselsnummer eller D-nummer").fill(KARI)
    page.get_by_label("Forskriver", exact=True).fill("HPR 7654321")
    page.get_by_label("Dato skrevet").fill(today().strftime("%d.%m.%Y"))
    page.get_by_label("Refusjonskode").fill("ICD:K21")
    page.locator("#r0-v0-varenummer").fill("990001")
    page.locator("#r0-v0-navn").fill("Omeprazol Eksempel A Enterokaps 20 mg")
    page.locator("#r0-v0-pris").fill("150,00")
    page.get_by_label("Forskriverens spesialitet").fill("trolldom")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.locator("#r0-spesialitet-feil")).to_contain_text("kodeverk 7426")

    page.get_by_label("Forskriverens spesialitet").fill("allmennmedisin")
    page.get_by_label("Skriver ved sykehus").select_option("nei")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    summary = page.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("spesialist")

    page.get_by_label("Forskriverens spesialitet").fill("indremedisin")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    check = page.locator("section.result ol.steps").first
    twelve = check.locator("details.step", has_text="Vilkår 12")
    expect(twelve).to_contain_text("Oppfylt")
    expect(twelve).to_contain_text("indremedisin")
    with server.session() as session:
        assert count_dispensings(session) == 0
