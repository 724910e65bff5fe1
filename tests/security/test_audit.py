"""Every read and write of personal data is in the audit log with the actor, the person (masked in text) and the
outcome — refused attempts included, and lists with one entry per person shown. One test per route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from blaresept.audit.tables import AuditEntry
from blaresept.storage.db import transaction
from tests.cases.test_api import application
from tests.counter.conftest import Auth, auth, dispensing, keyed, store

KARI = "01037040068"
OTHER = "10015040063"


def entries(engine: Engine) -> list[AuditEntry]:
    with transaction(engine) as session:
        found = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        session.expunge_all()
    return found


def last(engine: Engine, action: str) -> AuditEntry:
    matching = [e for e in entries(engine) if e.action == action]
    assert matching, [e.action for e in entries(engine)]
    return matching[-1]


def dispensed(api: TestClient, key: str = "audit-1", fnr: str = KARI) -> dict[str, Any]:
    """A stored dispensing (through the counter service; the API dispenses against prescriptions only)."""
    return store(api, dispensing(fnr=fnr))


def test_a_return_is_audited(api: TestClient, engine: Engine) -> None:
    first = dispensed(api)
    response = api.post(f"/api/v1/pharmacy/dispensings/{first['id']}/return", headers=keyed("ret-1"))
    assert response.status_code == 201
    entry = last(engine, "pharmacy.return")
    assert (entry.subject, entry.person_masked, entry.outcome) == ("apotek", "010370*****", "tillatt")
    assert entry.person_id is not None


def test_a_replay_is_audited(api: TestClient, engine: Engine) -> None:
    first = dispensed(api)
    api.post(f"/api/v1/pharmacy/dispensings/{first['id']}/return", headers=keyed("replay-1"))
    again = api.post(f"/api/v1/pharmacy/dispensings/{first['id']}/return", headers=keyed("replay-1"))
    assert again.headers.get("Idempotent-Replayed") == "true"
    entry = last(engine, "pharmacy.return.replay")
    assert entry.person_masked == "010370*****" and entry.outcome == "tillatt"


def test_reading_one_dispensing_is_audited_with_the_person(api: TestClient, engine: Engine) -> None:
    first = dispensed(api)
    assert api.get(f"/api/v1/pharmacy/dispensings/{first['id']}", headers=auth("apotek")).status_code == 200
    entry = last(engine, "pharmacy.read_dispensing")
    assert entry.person_masked == "010370*****" and entry.person_id is not None


def test_the_day_list_is_audited_per_person(api: TestClient, engine: Engine) -> None:
    dispensed(api, "d1", KARI)
    dispensed(api, "d2", OTHER)
    assert api.get("/api/v1/pharmacy/dispensings?on=2019-03-01", headers=auth("apotek")).status_code == 200
    day = [e for e in entries(engine) if e.action == "pharmacy.day"]
    assert sorted(e.person_masked or "" for e in day) == ["010370*****", "100150*****"]


def test_the_settlement_masks_numbers_and_is_audited_per_person(api: TestClient, engine: Engine) -> None:
    for n in range(6):  # 6 × 520 kr copay > the 2019 tak (2 369 kr)
        store(api, dispensing(price="3000.00", date=f"2019-0{n + 3}-01", prescriber=f"HPR 91448{n}9"))
    response = api.get("/api/v1/settlement/2019", headers=auth("saksbehandler"))
    rows = response.json()["rows"]
    assert rows and all(r["fnr"].endswith("*****") for r in rows)
    assert KARI not in response.text
    entry = last(engine, "settlement.list")
    assert entry.person_masked == "010370*****"


def test_the_queue_and_the_doctors_list_are_audited_per_person(api: TestClient, engine: Engine) -> None:
    body = application(diagnosis={"system": "ICD-10", "code": "L40", "text": "Psoriasis"},
                       drugs=[{"name": "Otezla", "atc": "L04AA32", "marketing_authorisation": "2015-01-15"}],
                       severity={"grade": "high", "risk_of_death_or_loss_of_function": "Lav",
                                 "loss_of_function": "Betydelig", "pain_or_discomfort": "Daglige smerter",
                                 "related_illnesses": "Ingen"})
    assert api.post("/api/v1/cases/applications", json=body, headers=auth("lege")).status_code == 201
    assert api.get("/api/v1/cases/queue", headers=auth("saksbehandler")).status_code == 200
    assert last(engine, "cases.queue").person_masked == "010370*****"
    assert api.get("/api/v1/cases/applications", headers=auth("lege")).status_code == 200
    assert last(engine, "cases.applications").person_masked == "010370*****"


REFUSALS: dict[str, tuple[Callable[[TestClient, Auth], Any], str, str | None, str]] = {
    "someone else's year": (lambda api, h: api.get(f"/api/v1/patient/years/2019?person={OTHER}",
                                                   headers=h("pasient")), "pasient", "100150*****", "avvist 403"),
    "a return of nothing": (lambda api, h: api.post("/api/v1/pharmacy/dispensings/999/return",
                                                    headers=keyed("r404")), "apotek", None, "avvist 404"),
    "no token": (lambda api, h: api.get("/api/v1/patient/me"), "anonym", None, "avvist 401"),
    "wrong role": (lambda api, h: api.get(f"/api/v1/persons/{KARI}", headers=h("apotek")), "apotek",
                   "010370*****", "avvist 403"),
    "bad person number": (lambda api, h: api.get("/api/v1/persons/01037040069", headers=h("saksbehandler")),
                          "saksbehandler", "010370*****", "avvist 422"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_refused_attempt_is_audited(api: TestClient, headers: Auth, engine: Engine, name: str) -> None:
    call, subject, person, outcome = REFUSALS[name]
    response = call(api, headers)
    assert 400 <= response.status_code < 500
    refused = [e for e in entries(engine) if e.outcome.startswith("avvist")]
    assert refused, name
    entry = refused[-1]
    assert (entry.subject, entry.person_masked, entry.outcome) == (subject, person, outcome)
