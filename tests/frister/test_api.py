"""The frister API end to end as the demo users: the hospital registers, assesses and starts help; the patient
sees the referral and reports a breach; Helfo sees it; errors are problem+json in bokmål and roles are enforced."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from blaresept.app import create_app
from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.tokens import DevIssuer

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ISSUER = DevIssuer.ephemeral("http://test-issuer", "blaresept")
BASE = "/api/v1/frister"


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def auth(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.issue(DEMO_USERS[user])}"}


def test_referral_to_breach_reported_by_the_patient(api: TestClient) -> None:
    body = {"patient_fnr": "01037040068", "area": "ortopedi", "received_on": "2024-03-27"}
    created = api.post(f"{BASE}/henvisninger", json=body, headers=auth("sykehus"))
    assert created.status_code == 201, created.text
    ref = created.json()
    assert ref["assessment_deadline"] == "2024-04-15"
    assert "andre påskedag 1. april 2024" in ref["steps"][0]["text"]
    number = ref["reference"]
    assessed = api.post(f"{BASE}/henvisninger/{number}/vurdering", headers=auth("sykehus"),
                        json={"assessed_on": "2024-04-10", "has_right": True, "deadline": "2024-06-03"})
    assert assessed.status_code == 200 and assessed.json()["deadline"] == "2024-06-03"
    again = api.post(f"{BASE}/henvisninger/{number}/vurdering", headers=auth("sykehus"),
                     json={"assessed_on": "2024-04-10", "has_right": True, "deadline": "2024-06-03"})
    assert again.status_code == 409 and "allerede vurdert" in again.json()["detail"]

    mine = api.get(f"{BASE}/henvisninger", headers=auth("pasient")).json()
    assert [r["reference"] for r in mine] == [number]
    assert mine[0]["status"] == "fristbrudd_ikke_meldt"  # the deadline (2024) is long past
    reported = api.post(f"{BASE}/henvisninger/{number}/fristbrudd", headers=auth("pasient"))
    assert reported.status_code == 200, reported.text
    assert reported.json()["breach_source"] == "pasient"
    queue = api.get(f"{BASE}/fristbrudd", headers=auth("saksbehandler")).json()
    assert [i["reference"] for i in queue] == [number]


def test_roles_and_bad_input(api: TestClient) -> None:
    body = {"patient_fnr": "01037040068", "area": "ortopedi", "received_on": "2024-03-27"}
    assert api.post(f"{BASE}/henvisninger", json=body, headers=auth("pasient")).status_code == 403
    bad = api.post(f"{BASE}/henvisninger", json={**body, "patient_fnr": "01037040069"}, headers=auth("sykehus"))
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    early = api.post(f"{BASE}/henvisninger", json={**body, "received_on": "2008-05-05"}, headers=auth("sykehus"))
    assert early.status_code == 422 and "før første formaliserte verdi" in early.json()["detail"]
    assert api.get(f"{BASE}/henvisninger", headers=auth("pasient")).json() == []
    assert api.get(f"{BASE}/fristbrudd", headers=auth("pasient")).status_code == 403


def test_deadline_calculator_names_the_holidays(api: TestClient) -> None:
    result = api.get(f"{BASE}/vurderingsfrist", params={"mottatt": "2024-03-27"}, headers=auth("pasient")).json()
    assert result["deadline"] == "2024-04-15"
    assert [h["name"] for h in result["holidays"]] == ["Skjærtorsdag", "Langfredag", "Andre påskedag"]
