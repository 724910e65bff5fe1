"""Fixtures of the browser tests (marked `browser`): a live server per test on a fresh database, and Debian's
Chromium through Playwright with a Norwegian locale. See support.py for the helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.web.support import CHROMIUM, CHROMIUM_ARGS, LiveServer


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.sqlite'}"


@pytest.fixture
def server(sqlite_url: str) -> Iterator[LiveServer]:
    """A fresh application on SQLite for one test."""
    live = LiveServer(sqlite_url).start()
    yield live
    live.stop()


@pytest.fixture
def any_server(database_url: str) -> Iterator[LiveServer]:
    """A fresh application on each engine (SQLite and PostgreSQL) for one test."""
    live = LiveServer(database_url).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Fant ikke Debians Chromium på {CHROMIUM}. Kjør scripts/setup --test.")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any request that leaves this machine (everything is served locally), on
    any JavaScript error and on anything the Content Security Policy blocks."""
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # the Content Security Policy (only the app's own assets) is in force: anything it blocks is a fault
    # Each violation is reported with the file that caused it; the test tools' own injected scripts and styles
    # (axe-core, Playwright's screenshot) have none and are not the page's fault.
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => { if (e.sourceFile) "
                         "console.error('CSP-brudd: ' + e.violatedDirective + ' i ' + e.sourceFile + ':' + "
                         "e.lineNumber + ' ' + e.sample); });")
    page.on("console", lambda message: errors.append(message.text) if message.text.startswith("CSP-brudd") else None)
    yield page
    assert not outside, f"Siden hentet noe utenfra: {outside}"
    assert not errors, f"JavaScript-feil: {errors}"


