"""The same application sent twice with the same Idempotency-Key — one after the other, or at the same moment on
two connections — makes one case; the second answer is the stored first one."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from blaresept.cases.tables import Case
from blaresept.storage.db import transaction
from tests.cases.test_api import application
from tests.counter.conftest import auth


def cases(engine: Engine) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_the_same_application_twice_is_one_case(api: TestClient, engine: Engine) -> None:
    headers = {**auth("lege"), "Idempotency-Key": "soknad-1"}
    first = api.post("/api/v1/cases/applications", json=application(), headers=headers)
    second = api.post("/api/v1/cases/applications", json=application(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert cases(engine) == 1
    other = api.post("/api/v1/cases/applications", json=application(consent=False), headers=headers)
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]


def test_the_same_application_at_the_same_moment_is_one_case(api: TestClient, engine: Engine) -> None:
    app = api.app
    results: list[Any] = []
    barrier = threading.Barrier(4)

    def send() -> None:
        with TestClient(app) as client:
            barrier.wait()
            results.append(client.post("/api/v1/cases/applications", json=application(),
                                       headers={**auth("lege"), "Idempotency-Key": "samtidig"}))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [r.status_code for r in results] == [201] * 4, [r.text for r in results]
    assert len({r.json()["id"] for r in results}) == 1
    assert cases(engine) == 1
