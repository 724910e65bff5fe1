"""The register through the API, as each role uses it, on SQLite and PostgreSQL with the demo data: a person
changes fastlege twice, the third is refused with the reason, a registered move gives one more; a family joins
a full list's waiting list and the monthly run moves them when 10 places are free, with a PDF letter; a
fastlege sees only their own list; every read of a person's data is audited."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from blaresept.app import create_app
from blaresept.audit.tables import AuditEntry
from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.tokens import DevIssuer
from blaresept.demo import seed_demo
from blaresept.storage.db import transaction

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ISSUER = DevIssuer.ephemeral("http://test-issuer", "blaresept")
LISE, PER, FRIDA, SVEN = 9144889, 9144900, 9144897, 9144918


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    seed_demo(app.state.engine)
    seed_demo(app.state.engine)  # idempotent
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def auth(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.issue(DEMO_USERS[user])}"}


def change(api: TestClient, user: str, hpr: int, on: str, **extra: Any) -> dict[str, Any]:
    response = api.post("/api/v1/fastlege/changes", headers=auth(user),
                        json={"to_hpr": str(hpr), "date": on, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_two_changes_a_year_then_refused_then_a_move_gives_one_more(api: TestClient) -> None:
    first = change(api, "pasient", PER, "2026-02-10")
    assert (first["accepted"], first["effective_on"], first["counts"]) == (True, "2026-03-01", True)
    second = change(api, "pasient", SVEN, "2026-04-15")  # another kommune is allowed
    assert (second["accepted"], second["effective_on"]) == (True, "2026-05-01")
    assert any(s["rule"] == "fastlege.other_kommune" for s in second["steps"])
    third = change(api, "pasient", LISE, "2026-06-10")
    assert third["accepted"] is False
    assert third["refusal"]["code"] == "kvote_brukt"
    assert "2 ganger i 2026" in third["refusal"]["text"] and "1. januar 2027" in third["refusal"]["text"]
    moved = api.post("/api/v1/fastlege/moves", headers=auth("saksbehandler"),
                     json={"fnr": "01037040068", "kommune": "1103", "date": "2026-06-20"})
    assert moved.json() == {"moved": True}
    after_move = change(api, "pasient", LISE, "2026-06-25")
    assert (after_move["accepted"], after_move["effective_on"], after_move["counts"]) == (True, "2026-07-01", False)
    status = api.get("/api/v1/fastlege/me", params={"on": "2026-07-01"}, headers=auth("pasient")).json()
    assert status["current"]["gp"] == "Lise Demo"
    assert (status["changes_used"], status["changes_left"]) == (2, 0)
    in_may = api.get("/api/v1/fastlege/me", params={"on": "2026-05-01"}, headers=auth("pasient")).json()
    assert in_may["current"]["gp"] == "Sven Storhaug"
    assert [c["status"] for c in status["changes"]][:2] == ["pending", "refused"]


def test_waiting_list_family_taken_in_at_ten_free_places_with_a_letter(api: TestClient) -> None:
    full = change(api, "forelder", FRIDA, "2026-03-05")
    assert full["refusal"]["code"] == "liste_full"
    joined = api.post("/api/v1/fastlege/waiting", headers=auth("forelder"),
                      json={"hpr": str(FRIDA), "date": "2026-03-05", "children": ["20051250096"]}).json()
    assert (joined["accepted"], joined["place"]) == (True, 1)
    again = api.post("/api/v1/fastlege/waiting", headers=auth("forelder"),
                     json={"hpr": str(SVEN), "date": "2026-03-06"}).json()
    assert again["refusal"]["code"] == "allerede_venteliste"
    boss = auth("saksbehandler")
    list_id = api.get("/api/v1/fastlege/my-list", headers=auth("fastlege-full"), params={"on": "2026-03-06"}).json()
    assert (list_id["capacity"], list_id["members"], list_id["free"]) == (20, 20, 0)
    assert [w["place"] for w in list_id["waiting_list"]] == [1, 2]
    frida = list_id["list_id"]
    api.put(f"/api/v1/fastlege/lists/{frida}/capacity", headers=boss, json={"capacity": 29, "date": "2026-03-10"})
    none = api.post("/api/v1/fastlege/run-month", headers=boss, json={"date": "2026-04-01"}).json()
    assert (none["taken_in"], none["letters"]) == (0, 0)
    api.put(f"/api/v1/fastlege/lists/{frida}/capacity", headers=boss, json={"capacity": 30, "date": "2026-04-15"})
    run = api.post("/api/v1/fastlege/run-month", headers=boss, json={"date": "2026-05-01"}).json()
    assert (run["taken_in"], run["letters"]) == (2, 2)
    rerun = api.post("/api/v1/fastlege/run-month", headers=boss, json={"date": "2026-05-01"}).json()
    assert (rerun["taken_in"], rerun["letters"], rerun["applied"]) == (0, 0, 0)
    status = api.get("/api/v1/fastlege/me", params={"on": "2026-06-01"}, headers=auth("forelder")).json()
    assert status["current"]["gp"] == "Frida Full" and status["waiting"] is None
    child = api.get("/api/v1/fastlege/me", params={"on": "2026-06-01", "fnr": "20051250096"},
                    headers=auth("forelder")).json()
    assert child["current"]["gp"] == "Frida Full"
    letter_id = status["letters"][0]["id"]
    pdf = api.get(f"/api/v1/fastlege/letters/{letter_id}.pdf", headers=auth("forelder"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get(f"/api/v1/fastlege/letters/{letter_id}.pdf", headers=auth("pasient")).status_code == 404


def test_who_sees_what(api: TestClient) -> None:
    mine = api.get("/api/v1/fastlege/my-list", headers=auth("lege"), params={"on": "2026-01-15"})
    assert mine.status_code == 200 and mine.json()["gp"] == "Lise Demo"
    assert api.get("/api/v1/fastlege/my-list", headers=auth("pasient")).status_code == 403
    other = api.get("/api/v1/fastlege/me", params={"fnr": "15068040083"}, headers=auth("pasient"))
    assert other.status_code == 403
    assert api.put("/api/v1/fastlege/lists/1/capacity", headers=auth("pasient"),
                   json={"capacity": 99}).status_code == 403
    stranger = api.post("/api/v1/fastlege/changes", headers=auth("pasient"),
                        json={"to_hpr": str(PER), "children": ["20051250096"]})
    assert stranger.status_code == 403
    api.get("/api/v1/fastlege/me", headers=auth("pasient"))
    with transaction(api.app.state.engine) as session:  # type: ignore[attr-defined]
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.subject == "pasient")))
    assert "fastlege.status" in actions
