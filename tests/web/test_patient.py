"""Min side in the browser: the counted copay and the bar toward the egenandelstak, the frikort, the refund,
each dispensing with its explanation; a parent switches to a child; bad input is shown in place."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.money import kroner
from blaresept.rules.blaresept.dispensing import Hjemmel
from blaresept.timeutil import today
from tests.web.support import LiveServer, assert_accessible, login, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

PHARMACY = "974760606"
KARI, OLA, EMMA = "01037040068", "15068040083", "20051250096"


def dispensed(server: LiveServer, fnr: str, on: date, price: str, name: str = "Metformin 500 mg, 100 tabletter"
              ) -> None:
    """A dispensing made at the counter (through the service, as the counter page does)."""
    request = DispenseRequest(fnr=fnr, date=on, prescriptions=(PrescriptionRequest(
        prescriber="HPR 9144889", written=on, hjemmel=Hjemmel.SECTION_2,
        lines=(LineRequest(price=kroner(price), description=name, varenummer="123456"),)),))
    with server.session() as session:
        service.dispense(session, PHARMACY, request)
        session.commit()


def test_min_side_shows_the_year_and_the_way_to_the_tak(server: LiveServer, page: Page) -> None:
    this_year = today().year
    dispensed(server, KARI, date(this_year, 1, 2), "500.00")
    dispensed(server, KARI, date(this_year, 1, 3), "250.00", "Salbutamol inhalator")
    login(page, server, "Kari Nordmann")
    expect(page.get_by_role("heading", name="Min side", level=1)).to_be_visible()
    lead = page.locator("#tak-overskrift + p")
    counted = lead.locator("strong").inner_text()
    assert counted != "0,00 kr"
    expect(lead).to_contain_text("er betalt i egenandeler som teller mot egenandelstaket")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_accessible_name(re.compile(r"Fremdrift mot egenandelstaket: \d+ %"))
    assert 0 < int(bar.get_attribute("value") or "0") < 100
    expect(page.get_by_role("heading", name="Ikke frikort ennå")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Alle utleveringer"))
    expect(table.get_by_role("row")).to_have_count(3)  # header and two dispensings
    expect(table).to_contain_text("Demoapoteket Sentrum")
    first = page.locator("details.dispensing").first
    first.locator("summary").first.click()
    expect(first.get_by_role("table")).to_contain_text("Metformin 500 mg, 100 tabletter")
    expect(first.locator("details.step").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "min-side")
    no_stack_trace(page)


def test_frikort_and_refund_in_an_earlier_year(server: LiveServer, page: Page) -> None:
    """Enough copay in 2025 to pass the tak: the frikort date, and the overshoot paid back."""
    for week in range(10):
        dispensed(server, KARI, date(2025, 1, 6 + week * 7) if week < 4 else date(2025, 2 + week, 3), "2000.00")
    login(page, server, "Kari Nordmann")
    page.get_by_label("År").fill("2025")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Egenandelstaket 2025")).to_be_visible()
    expect(page).to_have_url(re.compile(r"ar=2025"))
    frikort = page.locator(".ds-alert", has=page.get_by_role("heading", name="Frikort"))
    expect(frikort).to_contain_text("Egenandelstaket ble nådd")
    expect(frikort).to_contain_text("2025")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    refund = page.locator("section", has=page.get_by_role("heading", name="Tilbakebetaling"))
    expect(refund).to_contain_text("betales tilbake for egenandeler over taket i 2025")
    expect(refund.locator("details.step")).not_to_have_count(0)
    table = page.get_by_role("table", name=re.compile("Alle utleveringer"))
    expect(table.get_by_role("row")).to_have_count(11)
    assert_accessible(page)
    screenshot(page, "min-side-frikort")


def test_a_parent_switches_to_a_child(server: LiveServer, page: Page) -> None:
    this_year = today().year
    dispensed(server, EMMA, date(this_year, 1, 5), "180.00", "Amoksicillin mikstur")
    dispensed(server, OLA, date(this_year, 1, 5), "420.00")
    login(page, server, "Ola Nordmann")
    expect(page.get_by_role("heading", name="Min side", level=1)).to_be_visible()
    choice = page.get_by_label("Vis for")
    expect(choice.locator("option")).to_have_count(3)  # me, Emma and Jonas
    choice.select_option(label="Emma Nordmann (barn, født 20.05.2012)")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Min side – Emma Nordmann", level=1)).to_be_visible()
    expect(page.get_by_text("Du ser opplysningene til barnet ditt.")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Alle utleveringer"))
    expect(table).to_contain_text("Utlevering")
    # A child pays no copay on blue prescriptions, and the explanation says why.
    details = page.locator("details.dispensing").first
    details.locator("summary").first.click()
    expect(details).to_contain_text("hvorav egenandel 0,00 kr")
    expect(details.locator("details.step", has_text="Fritak for egenandel")).to_contain_text("år")
    assert_accessible(page)
    screenshot(page, "min-side-barn")
    choice = page.get_by_label("Vis for")
    choice.select_option(label="Meg selv (Ola Nordmann)")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Min side", exact=True, level=1)).to_be_visible()


def test_bad_year_and_a_child_that_is_not_yours_are_shown_in_place(server: LiveServer, page: Page) -> None:
    login(page, server, "Kari Nordmann")
    page.get_by_label("År").fill("tjuetjuefem")
    page.get_by_role("button", name="Vis").click()
    field = page.get_by_label("År")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ar-feil")).to_have_text(re.compile(r"Velg et år mellom 2009 og \d{4}\."))
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "min-side-feil")
    # Kari has no children: asking for one by address is refused in bokmål, not with a stack trace.
    page.goto(f"{server.url}/min-side?barn=1")
    expect(page.get_by_role("alert")).to_contain_text("Fant ikke barnet du valgte")
    no_stack_trace(page)


def test_min_side_is_for_patients(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    page.goto(f"{server.url}/min-side")
    expect(page.get_by_role("heading", name="Ikke tilgang til denne siden")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("rollen Apotek")
    no_stack_trace(page)
