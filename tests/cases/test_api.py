"""The cases API end to end on SQLite and PostgreSQL, as the demo users: the doctor submits, the system decides or
the caseworker does, the patient sees the decision and downloads the PDF, and an appeal runs through every step.
Errors are problem+json in bokmål; reads are audited; roles are enforced."""

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
BASE = "/api/v1/cases"


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    seed_demo(app.state.engine)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def auth(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.issue(DEMO_USERS[user])}"}


def application(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "drug",
        "patient_fnr": "01037040068",
        "consent": True,
        "applicant": {"phone": "22 00 00 00"},
        "diagnosis": {"system": "ICD-10", "code": "G40", "text": "Epilepsi", "section2_refund_code": True},
        "drugs": [{"name": "Briviact", "atc": "N03AX23", "marketing_authorisation": "2016-01-14", "vedlegg1": True}],
        "need": [{"start": "2024-03-01"}],
        "tried": [{"name": "Lamotrigin", "reason": "side_effects", "description": "Utslett"}],
    }
    body.update(changes)
    return body


def test_doctor_submits_system_decides_patient_downloads_letter(api: TestClient) -> None:
    response = api.post(f"{BASE}/applications", json=application(), headers=auth("lege"))
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["status"] == "closed" and case["outcome"] == "granted" and case["automatic"] is True
    assert [e["step"] for e in case["timeline"]][0] == "RECEIVE"

    mine = api.get(f"{BASE}/mine", headers=auth("pasient")).json()
    assert [c["id"] for c in mine] == [case["id"]] and mine[0]["outcome_label"] == "innvilget"
    seen = api.get(f"{BASE}/{case['id']}", headers=auth("pasient")).json()
    letter = seen["letters"][0]
    pdf = api.get(f"{BASE}/{case['id']}/letters/{letter['id']}", headers=auth("pasient"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and letter["filename"] in pdf.headers["content-disposition"]

    assert api.get(f"{BASE}/applications", headers=auth("lege")).json()[0]["id"] == case["id"]
    granted = api.get(f"{BASE}/decisions/granted", params={"fnr": "01037040068", "on": case["received_on"]},
                      headers=auth("apotek")).json()
    assert granted[0]["atc"] == "N03AX23" and granted[0]["hjemmel"] == "§3"

    # someone else's patient sees nothing; the parent sees no case of Kari's
    assert api.get(f"{BASE}/{case['id']}", headers=auth("forelder")).status_code == 403
    assert api.get(f"{BASE}/mine", headers=auth("forelder")).json() == []


def test_manual_case_decided_by_caseworker_via_queue(api: TestClient) -> None:
    body = application(diagnosis={"system": "ICD-10", "code": "L40", "text": "Psoriasis"},
                       drugs=[{"name": "Otezla", "atc": "L04AA32", "marketing_authorisation": "2015-01-15"}],
                       severity={"grade": "high", "risk_of_death_or_loss_of_function": "Lav",
                                 "loss_of_function": "Betydelig", "pain_or_discomfort": "Daglige smerter",
                                 "related_illnesses": "Ingen"})
    case = api.post(f"{BASE}/applications", json=body, headers=auth("lege")).json()
    assert case["status"] == "in_queue" and [p["key"] for p in case["open_points"]] == ["prior_treatment[0]"]
    queue = api.get(f"{BASE}/queue", headers=auth("saksbehandler")).json()
    assert queue[0]["case_id"] == case["id"] and queue[0]["task"] == "Vurder søknaden"
    assert api.get(f"{BASE}/queue", headers=auth("lege")).status_code == 403

    wrong = api.post(f"{BASE}/{case['id']}/assessment", json={"resolutions": {"severity": {"met": True}}},
                     headers=auth("saksbehandler"))
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json"
    assert "ikke åpent" in wrong.json()["detail"]
    assessed = api.post(f"{BASE}/{case['id']}/assessment",
                        json={"resolutions": {"prior_treatment[0]": {"met": True, "note": "MTX ga leverskade"}}},
                        headers=auth("saksbehandler"))
    assert assessed.json()["status"] == "assessed"
    decided = api.post(f"{BASE}/{case['id']}/decision", json={}, headers=auth("saksbehandler")).json()
    assert decided["status"] == "closed" and decided["automatic"] is False
    assert decided["decisions"][0]["decided_by_name"] == "Saksbehandler Sara Demo"
    report = api.get(f"{BASE}/report/automation", params={"from": "2000-01-01", "to": "2100-12-31"},
                     headers=auth("analytiker")).json()
    assert report["decided"] == 1 and report["manual"] == 1


def test_appeal_through_every_step_via_api(api: TestClient) -> None:
    body = application(need=[{"start": "2024-03-01", "end": "2024-03-31"}])
    case = api.post(f"{BASE}/applications", json=body, headers=auth("lege")).json()
    assert case["outcome"] == "refused"
    appeal = api.post(f"{BASE}/{case['id']}/appeals", json={"grounds": "Jeg trenger medisinen i beredskap."},
                      headers=auth("pasient"))
    assert appeal.status_code == 201, appeal.text
    appeal_id = appeal.json()["id"]
    assert appeal.json()["status"] == "admissible"
    steps = [
        ("reconsideration", {"outcome": "upheld", "note": "Behovet er under tre måneder."}, "upheld"),
        ("forwarding", {}, "forwarded"),
        ("helseklage-decision", {"outcome": "upheld", "decided_on": case["received_on"],
                                 "reasons": "Helseklage er enig med Helfo."}, "helseklage_upheld"),
    ]
    for path, payload, status in steps:
        response = api.post(f"{BASE}/appeals/{appeal_id}/{path}", json=payload, headers=auth("saksbehandler"))
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    further = api.post(f"{BASE}/appeals/{appeal_id}/further-appeal", json={"grounds": "Jeg anker."},
                       headers=auth("pasient"))
    assert further.json()["status"] == "further_appealed"
    ruled = api.post(f"{BASE}/appeals/{appeal_id}/trygderetten-ruling",
                     json={"outcome": "reversed", "decided_on": case["received_on"], "reasons": "Medhold."},
                     headers=auth("saksbehandler"))
    assert ruled.json()["status"] == "ruled"
    final = api.get(f"{BASE}/{case['id']}", headers=auth("pasient")).json()
    assert final["outcome"] == "granted" and [d["instance"] for d in final["decisions"]] == ["helfo", "trygderetten"]
    kinds = [letter["kind"] for letter in final["letters"]]
    assert kinds == ["decision", "forwarding"]
    forwarding = final["letters"][1]
    pdf = api.get(f"{BASE}/{case['id']}/letters/{forwarding['id']}", headers=auth("pasient"))
    assert pdf.content.startswith(b"%PDF")


def test_errors_are_bokmal_problems_and_roles_are_enforced(api: TestClient) -> None:
    bad_fnr = api.post(f"{BASE}/applications", json=application(patient_fnr="12345678901"), headers=auth("lege"))
    assert bad_fnr.status_code == 422 and "Fødselsnummeret" in bad_fnr.json()["detail"]
    pku = api.post(f"{BASE}/applications", json={
        "kind": "nutrition", "patient_fnr": "20051250096", "consent": True,
        "nutrition": {"point": 3, "products": [{"name": "PKU Anamix"}]}}, headers=auth("lege"))
    assert pku.status_code == 422 and "fenylketonuri" in pku.json()["detail"]
    assert api.post(f"{BASE}/applications", json=application(), headers=auth("pasient")).status_code == 403
    assert api.post(f"{BASE}/applications", json=application()).status_code == 401
    unknown = api.post(f"{BASE}/applications", json=application(extra="x"), headers=auth("lege"))
    assert unknown.status_code == 422
    assert api.get(f"{BASE}/999", headers=auth("saksbehandler")).status_code == 404
    assert api.get(f"{BASE}/queue", headers=auth("saksbehandler")).json() == []


def test_reads_of_personal_data_are_audited(api: TestClient) -> None:
    case = api.post(f"{BASE}/applications", json=application(), headers=auth("lege")).json()
    api.get(f"{BASE}/{case['id']}", headers=auth("pasient"))
    api.get(f"{BASE}/{case['id']}/letters/{case['letters'][0]['id']}", headers=auth("pasient"))
    engine = api.app.state.engine  # type: ignore[attr-defined]
    with transaction(engine) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert {"cases.submit", "cases.read", "cases.letter_pdf"} <= set(actions)
