"""The e-prescription path in the browser: a doctor writes a blue prescription, the pharmacist finds it at
Apotekdisk, dispenses one month at the catalogue price and confirms what was quoted; the prescription shows what
remains; Kari sees the dispensing with the drug's name on Min side. The faults of issue 13 are refused or priced
right in place, in bokmål; a return, a paper prescription registered first, and a claim Helfo settles."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from blaresept.counter.service import count_dispensings
from blaresept.prescriptions import service as register
from blaresept.timeutil import today
from tests.web.support import LiveServer, assert_accessible, login, logout, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

KARI, PER = "01037040068", "10015040063"


def prescribed(server: LiveServer, fnr: str = KARI, varenummer: str = "181948", code: str = "K86", dose: str = "1",
               reit: int = 3) -> int:
    """A prescription written by the demo doctor (through the register's service, as the doctor's page does)."""
    with server.session() as session:
        record = register.write(session, register.Prescriber("565501872", "Fastlege Frida Demo"),
                                register.PrescriptionInput(fnr=fnr, packs=1, daily_dose=Decimal(dose),
                                                           dosage_text=f"{dose} daglig", reit=reit, hjemmel="§2",
                                                           varenummer=varenummer, refund_code=code),
                                registered_by="fastlege")
        session.commit()
        return record.id


def find(page: Page, fnr: str = KARI) -> None:
    page.get_by_label("Fødselsnummer eller D-nummer").fill(fnr)
    page.get_by_role("button", name="Finn pasient og resepter").click()
    expect(page.locator("#pasientkort")).to_be_visible()


def quote(page: Page) -> None:
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.get_by_role("heading", name=re.compile("Kontroll og pris"))).to_be_visible()


def confirm(page: Page) -> str:
    page.get_by_role("button", name=re.compile("Bekreft")).click()
    heading = page.get_by_role("heading", name=re.compile(r"Utlevering nr\. \d+ er lagret"))
    expect(heading).to_be_visible()
    match = re.search(r"\d+", heading.inner_text())
    assert match
    return match.group(0)


def test_doctor_writes_pharmacy_dispenses_one_month_patient_sees_it(any_server: LiveServer, page: Page) -> None:
    """The must-show flow, on SQLite and PostgreSQL."""
    server = any_server
    login(page, server, "Fastlege Frida Demo")
    page.goto(f"{server.url}/lege/resepter")
    page.get_by_label("Pasientens fødselsnummer").fill(KARI)
    page.get_by_label("Legemiddel", exact=True).fill("181948")
    page.get_by_label("Dosering", exact=True).fill("1 tablett daglig")
    page.get_by_label("Reit").fill("3")
    page.get_by_label("Refusjonskode").fill("K86")
    page.get_by_role("button", name="Skriv resepten").click()
    written = page.locator("#skrevet")
    expect(written).to_contain_text("Resept 1 er skrevet")
    expect(written).to_contain_text("lest som ICPC-2 K86")
    assert_accessible(page)
    screenshot(page, "lege-resept-skrevet")
    logout(page)

    login(page, server, "Demoapoteket Sentrum")
    find(page)
    listed = page.locator("#r1")
    expect(listed).to_contain_text("Candesartan Krka Tab 8 mg")
    expect(listed).to_contain_text("4 av 4 uttak")
    listed.get_by_label("Utlever på denne resepten nå").check()
    quote(page)
    result = page.locator("#resultat")
    expect(result).to_contain_text("28 dager")
    expect(result.locator(".total-main")).to_contain_text("29,94 kr")  # 60 % of the trinnpris 49,90 kr
    expect(result).to_contain_text("trinnprissystemet")
    assert_accessible(page)
    screenshot(page, "apotekdisk-pris-fra-resept")
    number = confirm(page)
    screenshot(page, "apotekdisk-kvittering")
    page.goto(f"{server.url}/apotek")
    find(page)
    expect(page.locator("#r1")).to_contain_text("3 av 4 uttak")
    logout(page)

    login(page, server, "Kari Nordmann")
    table = page.get_by_role("table", name=re.compile("Alle utleveringer"))
    expect(table).to_contain_text("Demoapoteket Sentrum")
    expect(table).to_contain_text(f"Utlevering {number}: Candesartan Krka Tab 8 mg")
    screenshot(page, "min-side-utlevering-fra-resept")


def test_an_edit_after_the_quote_removes_the_confirmation(server: LiveServer, page: Page) -> None:
    prescription = prescribed(server, reit=1)
    login(page, server, "Demoapoteket Sentrum")
    find(page)
    page.get_by_label("Utlever på denne resepten nå").check()
    quote(page)
    expect(page.get_by_role("button", name="Bekreft utlevering")).to_be_visible()
    page.get_by_label("Antall pakninger").fill("1")
    expect(page.locator("#resultat")).to_have_count(0)
    expect(page.get_by_role("button", name="Bekreft utlevering")).to_have_count(0)
    expect(page.get_by_text("Skjemaet er endret: beregn prisen på nytt")).to_be_visible()
    screenshot(page, "apotekdisk-endret-etter-pris")

    # Priced again, then another dispensing for Kari happens elsewhere before the confirmation: refused.
    quote(page)
    other = prescribed(server)
    with server.session() as session:
        from blaresept.counter import prescribed as counter

        request = counter.CounterRequest(KARI, (counter.Item(other),))
        token = counter.quote(session, request, server.app.state.dispense_check)["quote_token"]
        counter.dispense(session, "974760614", request, token, server.app.state.dispense_check)
        session.commit()
    page.get_by_role("button", name="Bekreft utlevering").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("Noe er endret siden prisen ble beregnet")
    with server.session() as session:
        assert count_dispensings(session) == 1
    assert prescription


def test_faults_are_refused_in_place_in_bokmal(server: LiveServer, page: Page) -> None:
    prescribed(server)
    login(page, server, "Demoapoteket Sentrum")
    page.get_by_label("Fødselsnummer eller D-nummer").fill("01037040069")
    page.get_by_role("button", name="Finn pasient og resepter").click()
    expect(page.locator("#fnr-feil")).to_contain_text("ikke gyldig")
    find(page)
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("Velg minst én resept")
    page.get_by_label("Utlever på denne resepten nå").check()
    page.get_by_label("Lavere pris per pakning").fill("5000")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("over den høyeste prisen katalogen tillater")
    page.get_by_label("Lavere pris per pakning").fill("")
    page.get_by_label("Antall pakninger").fill("2")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("per uttak")
    page.get_by_label("Antall pakninger").fill("")
    page.get_by_text("Etterregistrering av en utlevering gjort tidligere").click()
    page.get_by_label("Dagen utleveringen ble gjort").fill((today() + dt.timedelta(days=1)).strftime("%d.%m.%Y"))
    page.get_by_label("Begrunnelse").fill("systemet var nede")
    page.get_by_role("button", name="Kontroller og beregn pris").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("frem i tid")
    assert_accessible(page)
    screenshot(page, "apotekdisk-feil")
    no_stack_trace(page)
    with server.session() as session:
        assert count_dispensings(session) == 0


def test_a_trinnpris_package_is_priced_at_the_trinnpris(server: LiveServer, page: Page) -> None:
    prescribed(server, varenummer="578081", code="-73", dose="2", reit=0)  # Citalopram Orion 100 stk
    login(page, server, "Demoapoteket Sentrum")
    find(page)
    page.get_by_label("Utlever på denne resepten nå").check()
    quote(page)
    expect(page.locator("#resultat .total-main")).to_contain_text("53,58 kr")
    page.get_by_label("Pasienten reserverer seg mot bytte").check()
    quote(page)
    expect(page.locator("#resultat .total-main")).to_contain_text("220,38 kr")  # 53,58 + mellomlegg 166,80


def test_a_paper_prescription_is_registered_first_then_dispensed(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    page.get_by_role("link", name="Registrer papirresept").click()
    page.get_by_label("Forskriverens HPR-nummer").fill("HPR 9144889")
    page.get_by_label("Forskriverens navn").fill("Lise Demo")
    page.get_by_label("Pasientens fødselsnummer").fill(KARI)
    page.get_by_label("Legemiddel", exact=True).fill("Candesartan Krka")
    page.get_by_label("Dosering", exact=True).fill("1 tablett daglig")
    page.get_by_label("Refusjonskode").fill("K86")
    page.get_by_role("button", name="Registrer resepten").click()
    expect(page.locator("#feiloppsummering")).to_contain_text("skriv varenummeret")
    page.get_by_label("Legemiddel", exact=True).fill("181948")
    page.get_by_role("button", name="Registrer resepten").click()
    expect(page.get_by_text(re.compile(r"Papirresept er registrert som resept \d+"))).to_be_visible()
    listed = page.locator("fieldset.prescription").first
    expect(listed).to_contain_text("papirresept")
    expect(listed).to_contain_text("HPR 9144889")
    listed.get_by_label("Utlever på denne resepten nå").check()
    quote(page)
    confirm(page)


def test_register_a_return_dated_today(server: LiveServer, page: Page) -> None:
    prescribed(server)
    login(page, server, "Demoapoteket Sentrum")
    find(page)
    page.get_by_label("Utlever på denne resepten nå").check()
    quote(page)
    number = confirm(page)
    page.get_by_role("button", name=f"Registrer retur av utlevering {number}").last.click()
    done = page.locator("#retur-resultat")
    expect(done).to_contain_text("Retur registrert")
    page.goto(f"{server.url}/apotek/utleveringer")
    day = page.get_by_role("table", name=re.compile("Apotekets utleveringer og returer"))
    expect(day).to_contain_text(f"Retur av nr. {number}")
    expect(day.locator("tfoot")).to_contain_text("0,00 kr")
    page.goto(f"{server.url}/apotek")
    find(page)
    expect(page.locator("fieldset.prescription").first).to_contain_text("4 av 4 uttak")


def test_claim_settled_by_helfo_with_a_rejected_line(server: LiveServer, page: Page) -> None:
    prescribed(server)
    prescribed(server, fnr=PER, reit=0)
    login(page, server, "Demoapoteket Sentrum")
    for fnr in (KARI, PER):
        page.goto(f"{server.url}/apotek")
        find(page, fnr)
        page.get_by_label("Utlever på denne resepten nå").check()
        quote(page)
        confirm(page)
    from blaresept.persons.service import StatusPeriod, register_person

    with server.session() as session:  # Helfo learns that Per's minstepensjon ended a month ago
        register_person(session, PER, "Per Pensjonist",
                        [StatusPeriod("M", dt.date(2015, 1, 1), today() - dt.timedelta(days=30))])
        session.commit()
    page.goto(f"{server.url}/apotek/krav")
    page.get_by_label("Fra og med").fill(today().strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Send krav").click()
    expect(page.get_by_text(re.compile("er sendt til Helfo"))).to_be_visible()
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    page.goto(f"{server.url}/helfo/krav")
    page.get_by_role("button", name=re.compile("Gjør opp krav")).click()
    expect(page.locator("#oppgjor")).to_contain_text("1 linje(r) avvist")
    expect(page.locator("#oppgjor")).to_contain_text("minstepensjonist er ikke registrert")
    screenshot(page, "helfo-oppgjor")
    logout(page)

    login(page, server, "Demoapoteket Sentrum")
    page.goto(f"{server.url}/apotek/krav")
    settlement = page.get_by_role("table", name="Helfos oppgjør per linje")
    expect(settlement).to_contain_text("Avvist")
    expect(settlement).to_contain_text("Godkjent")
    assert_accessible(page)
    screenshot(page, "apotek-refusjonskrav-oppgjort")
