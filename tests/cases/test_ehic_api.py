"""The European health insurance card through the API, as the demo users on SQLite and PostgreSQL: a parent orders
cards for themself and two children, sees three cards with their validity, downloads a certificate PDF for one
child; a refusal is a case with a letter; a patient cannot order for a stranger or see another's certificate;
every order is audited; a caseworker revokes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from blaresept.audit.tables import AuditEntry
from blaresept.storage.db import transaction
from tests.cases.test_api import TestClient, api, auth  # noqa: F401  (the fixture)

BASE = "/api/v1/ehic"
PARENT, CHILD, SECOND_CHILD, STRANGER = "15068040083", "20051250096", "14091650186", "01037040068"


def person(fnr: str, citizenship: str = "NO") -> dict[str, Any]:
    return {"fnr": fnr, "citizenship": citizenship, "member": True}


def family() -> dict[str, Any]:
    return {"orders": [{"person": person(PARENT)}] + [
        {"person": person(child), "relation": "child", "holder": person(PARENT)} for child in (CHILD, SECOND_CHILD)]}


def test_parent_orders_three_cards_and_gets_a_certificate(api: TestClient) -> None:  # noqa: F811
    response = api.post(f"{BASE}/orders", json=family(), headers=auth("forelder"))
    assert response.status_code == 201, response.text
    cases = response.json()
    assert [c["outcome"] for c in cases] == ["granted"] * 3
    assert all(c["reference"].startswith("HK-") for c in cases)
    cards = api.get(f"{BASE}/cards", headers=auth("forelder")).json()
    assert len(cards) == 3 and {c["status"] for c in cards} == {"active"}
    child_card = next(c for c in cards if c["case_id"] == cases[2]["id"])
    made = api.post(f"{BASE}/cards/{child_card['id']}/certificates", headers=auth("forelder"),
                    json={"country": "ES", "valid_from": child_card["valid_from"],
                          "valid_to": child_card["valid_from"]})
    assert made.status_code == 201, made.text
    pdf = api.get(made.json()["pdf"], headers=auth("forelder"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = api.get(made.json()["pdf"], headers=auth("pasient"))
    assert other.status_code == 404 and other.headers["content-type"].startswith("application/problem+json")
    with transaction(api.app.state.engine) as session:  # type: ignore[attr-defined]
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"ehic.order", "ehic.cards", "ehic.certificate", "ehic.certificate.read"} <= actions


def test_refused_order_is_a_case_and_strangers_are_refused(api: TestClient) -> None:  # noqa: F811
    refused = api.post(f"{BASE}/orders", json={"orders": [{"person": person(STRANGER, "US")}]}, headers=auth("pasient"))
    assert refused.status_code == 201
    case = refused.json()[0]
    assert case["outcome"] == "refused" and case["letters"]
    stranger = api.post(f"{BASE}/orders", json={"orders": [{"person": person(CHILD)}]}, headers=auth("pasient"))
    assert stranger.status_code == 403
    assert "barn du har foreldreansvar for" in stranger.json()["detail"]
    bad = api.post(f"{BASE}/orders", json={"orders": [{"person": person(PARENT, "NOR")}]}, headers=auth("forelder"))
    assert bad.status_code == 422 and "to bokstaver" in bad.json()["detail"]
    assert api.get(f"{BASE}/cards", headers=auth("forelder")).json() == []


def test_caseworker_revokes(api: TestClient) -> None:  # noqa: F811
    api.post(f"{BASE}/orders", json={"orders": [{"person": person(STRANGER)}]}, headers=auth("pasient"))
    (card,) = api.get(f"{BASE}/cards", params={"fnr": STRANGER}, headers=auth("saksbehandler")).json()
    response = api.post(f"{BASE}/revocations", headers=auth("saksbehandler"),
                        json={"fnr": STRANGER, "on": card["valid_from"], "reason": "Medlemskapet opphørte."})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "revoked"
    assert api.post(f"{BASE}/revocations", headers=auth("pasient"),
                    json={"fnr": STRANGER, "on": card["valid_from"], "reason": "x"}).status_code == 403
