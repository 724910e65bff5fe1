"""The egenandelsperiode in the browser (issue 12): two pick-ups from one prescription group two weeks apart in
2024 — the second costs only the rest of the maximum — and Min side says what was left in the period after each.
The pick-ups are stored through the counter service (the counter page dispenses only today, against
prescriptions, and from 2026 there are no periods)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.money import kroner
from blaresept.rules.blaresept.dispensing import Hjemmel
from tests.web.support import LiveServer, login, screenshot

pytestmark = pytest.mark.browser

KARI = "01037040068"
PHARMACY = "974760606"


def pick_up(server: LiveServer, on: date) -> None:
    request = DispenseRequest(fnr=KARI, date=on, prescriptions=(PrescriptionRequest(
        prescriber="HPR 9500002", written=date(2024, 2, 26), hjemmel=Hjemmel.SECTION_2,
        lines=(LineRequest(price=kroner("900.00"), description="Atorvastatin 20 mg, 98 tabletter",
                           varenummer="123456"),)),))
    with server.session() as session:
        service.dispense(session, PHARMACY, request)
        session.commit()


def test_second_pick_up_in_the_period_on_min_side(server: LiveServer, page: Page) -> None:
    # 2024: 50 %, at most 520 kr per prescription group and period: 900 kr → 450 kr; then 520 − 450 = 70 kr.
    pick_up(server, date(2024, 3, 1))
    pick_up(server, date(2024, 3, 15))
    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/min-side?ar=2024")
    body = page.locator("body")
    expect(body).to_contain_text("70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    expect(body).to_contain_text("0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024")
    expect(page.locator("#tak-overskrift + p strong")).to_have_text("520,00 kr")
    screenshot(page, "min-side-egenandelsperiode")
