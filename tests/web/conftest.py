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
    """A page that fails the test on any request that leaves this machine (everything is served locally) and
    on any JavaScript error."""
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not outside, f"Siden hentet noe utenfra: {outside}"
    assert not errors, f"JavaScript-feil: {errors}"


