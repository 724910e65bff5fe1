"""Logging in as a demo user (choose a role), out again, and what a browser gets when something is wrong: a page
in bokmål (never a stack trace or JSON), a login redirect for a broken session, and a refused form without its
CSRF token. Also the front page, the skip link, and that every asset is served from this machine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.support import LiveServer, assert_accessible, login, logout, no_stack_trace, screenshot

pytestmark = pytest.mark.browser


def test_log_in_as_a_demo_user_and_out(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/apotek")
    expect(page).to_have_url(re.compile(r"/logg-inn\?neste=/apotek$"))
    expect(page.get_by_role("status")).to_contain_text("Du må logge inn")
    groups = page.get_by_role("group")
    for role in ("Apotek", "Pasient", "Lege", "Saksbehandler i Helfo", "Analytiker"):
        expect(groups.filter(has=page.get_by_text(role, exact=True))).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "logg-inn")

    page.get_by_role("button", name="Logg inn som Demoapoteket Sentrum").click()
    expect(page).to_have_url(re.compile(r"/apotek$"))  # back where we were going
    expect(page.locator(".who")).to_contain_text("Innlogget som Demoapoteket Sentrum (Apotek)")
    cookie = next(c for c in page.context.cookies() if c["name"] == "blaresept_token")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    logout(page)
    expect(page.get_by_role("status")).to_contain_text("Du er logget ut")
    assert not [c for c in page.context.cookies() if c["name"] == "blaresept_token"]
    page.goto(f"{server.url}/apotek")
    expect(page).to_have_url(re.compile(r"/logg-inn"))

    login(page, server, "Analytiker Anders Demo")  # roles without a page of their own land on Legemiddelsøk
    expect(page).to_have_url(re.compile(r"/legemidler"))


def test_a_broken_session_asks_you_to_log_in_again(server: LiveServer, page: Page) -> None:
    page.context.add_cookies([{"name": "blaresept_token", "value": "ikke.et.token", "url": server.url}])
    page.goto(f"{server.url}/min-side")
    expect(page).to_have_url(re.compile(r"/logg-inn\?neste=/min-side&grunn=utlopt"))
    expect(page.get_by_role("alert")).to_contain_text("Økten din er utløpt eller ikke lenger gyldig")
    page.get_by_role("button", name="Logg inn som Kari Nordmann").click()
    expect(page).to_have_url(re.compile(r"/min-side$"))
    no_stack_trace(page)


def test_a_form_without_its_csrf_token_is_refused(server: LiveServer, page: Page) -> None:
    login(page, server, "Demoapoteket Sentrum")
    answer = page.request.post(f"{server.url}/apotek", form={"fnr": "01037040068", "handling": "utlever"},
                               headers={"Accept": "text/html"})
    assert answer.status == 403
    assert "Skjemaet ble ikke sendt" in answer.text()
    assert "Sikkerhetsnøkkelen" in answer.text()
    answer = page.request.post(f"{server.url}/logg-inn", form={"bruker": "apotek", "csrf_token": "feil"},
                               headers={"Accept": "text/html"})
    assert answer.status == 403


def test_errors_are_pages_in_bokmal_and_the_api_keeps_json(server: LiveServer, page: Page) -> None:
    response = page.goto(f"{server.url}/finnes-ikke")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Siden finnes ikke", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Gå til forsiden")).to_be_visible()
    assert_accessible(page)
    no_stack_trace(page)
    api = page.request.get(f"{server.url}/api/v1/finnes-ikke")
    assert api.status == 404 and api.headers["content-type"].startswith("application/problem+json")


def test_front_page_skip_link_and_local_assets(server: LiveServer, page: Page) -> None:
    loaded: list[str] = []
    page.on("response", lambda r: loaded.append(r.url) if r.ok else None)
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Blåresept", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "nb"
    # Designsystemet, its theme, the Inter font and htmx all come from this server (npm packages, no CDN).
    for asset in ("/vendor/designsystemet/src/index.css", "/vendor/designsystemet/theme/designsystemet.css",
                  "/vendor/htmx/htmx.min.js"):
        assert f"{server.url}{asset}" in loaded
    assert page.evaluate("typeof htmx") == "object"
    assert "Inter" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert_accessible(page)
    screenshot(page, "forside")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
