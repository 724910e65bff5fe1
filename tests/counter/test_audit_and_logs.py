"""Every read of personal data goes to the audit log; personal numbers never reach the application log."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from blaresept.audit.tables import AuditEntry
from blaresept.storage.db import transaction
from tests.counter.conftest import Auth, dispensing, keyed


def test_reads_are_audited_with_who_what_and_why(api: TestClient, headers: Auth, engine: Engine) -> None:
    api.get("/api/v1/patient/years/2019", headers=headers("pasient"))
    api.get("/api/v1/persons/10015040063", headers=headers("saksbehandler"))
    with transaction(engine) as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.subject, e.action) for e in entries] == [("pasient", "patient.year"), ("saksbehandler", "persons.read")]
    assert all(e.person_id is not None and e.purpose for e in entries)


def test_no_personal_number_in_the_application_log(api: TestClient, headers: Auth,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    access = logging.getLogger("uvicorn.access")
    access.addHandler(caplog.handler)  # uvicorn's own config (a live server in this process) stops propagation
    level = access.level
    access.setLevel(logging.INFO)  # and may have set the level to WARNING
    try:
        access.info('%s - "GET %s HTTP/1.1" 200', "127.0.0.1",
                    "/api/v1/patient/years/2019?person=20051250096")
    finally:
        access.removeHandler(caplog.handler)
        access.setLevel(level)
    api.post("/api/v1/pharmacy/dispensings", json=dispensing(fnr="01037040069"),
             headers=keyed("log"))
    api.get("/api/v1/persons/10015040063", headers=headers("saksbehandler"))
    # httpx's records are the test client's own (the caller's side), not the application's log
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    for number in ("20051250096", "01037040069", "10015040063"):
        assert number not in text
    assert "200512*****" in text
