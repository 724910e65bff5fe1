"""Support for the browser tests: the app served by uvicorn in a thread on a free port against a fresh
database (with the demo persons and, when it exists, the sample catalogue), driven by Playwright in Debian's
Chromium (/usr/bin/chromium, never a downloaded browser). Helpers log in as a demo user, run axe-core, and
save screenshots into docs/screenshots/."""

from __future__ import annotations

import importlib
import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Page

from blaresept.app import create_app
from blaresept.auth.tokens import DevIssuer
from blaresept.demo import seed_demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BLARESEPT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The tests always save their screenshots; they go into docs/screenshots/ (shown in docs/screenshots.md) when
# BLARESEPT_UPDATE_SCREENSHOTS=1, otherwise into test-artifacts/ so a test run leaves the tree clean.
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("BLARESEPT_UPDATE_SCREENSHOTS") == "1"
                      else "test-artifacts/screenshots")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The whole application (API and web) on 127.0.0.1:port in a background thread."""

    def __init__(self, database_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        issuer = DevIssuer.ephemeral(f"{self.url}/dev-issuer", "blaresept")
        self.app = create_app(database_url, run_migrations=True, dev_issuer=issuer)
        seed_demo(self.app.state.engine)
        sample = importlib.import_module("blaresept.catalog.sample")
        sample.load_sample(self.app.state.engine)
        self.catalog = True
        assert self.app.state.dispense_check is not None  # create_app installs the catalogue check
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("Nettjeneren startet ikke.")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.app.state.engine.dispose()

    def session(self) -> Any:
        return self.app.state.sessions()


def login(page: Page, server: LiveServer, user_name: str) -> None:
    """Log in through the login page by pressing the demo user's button."""
    page.goto(f"{server.url}/logg-inn")
    page.get_by_role("button", name=f"Logg inn som {user_name}").click()
    page.wait_for_load_state("load")


def logout(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state("load")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA and best practice)."""
    if not AXE.exists():
        pytest.fail("axe-core mangler i node_modules. Kjør scripts/setup.")
    # through the devtools protocol, not a <script> tag: the app's Content Security Policy allows no inline script
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate("(source) => { (0, eval)(source); }", AXE.read_text())
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, "Alvorlige brudd på universell utforming:\n" + json.dumps(violations, indent=1,
                                                                                    ensure_ascii=False)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot (for docs/screenshots.md with BLARESEPT_UPDATE_SCREENSHOTS=1)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


def no_stack_trace(page: Page) -> None:
    text = page.content()
    for marker in ("Traceback", "File \"/", "Internal Server Error", "jinja2.exceptions", "sqlalchemy.exc"):
        assert marker not in text, f"Siden viser en teknisk feil ({marker})."

