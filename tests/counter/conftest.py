"""An API on a fresh database (SQLite and PostgreSQL) with the demo persons, and tokens for the demo users."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from blaresept.app import create_app
from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.tokens import DevIssuer
from blaresept.demo import seed_demo

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ISSUER = DevIssuer.ephemeral("http://test-issuer", "blaresept")


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    seed_demo(app.state.engine)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture
def engine(api: TestClient) -> Engine:
    engine: Engine = api.app.state.engine  # type: ignore[attr-defined]
    return engine


def auth(user: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.issue(DEMO_USERS[user])}", **extra}


def keyed(key: str, user: str = "apotek") -> dict[str, str]:
    """A pharmacy's headers for a write: its token and the Idempotency-Key."""
    return auth(user, **{"Idempotency-Key": key})


Auth = Callable[..., dict[str, str]]


@pytest.fixture
def headers() -> Auth:
    return auth


def dispensing(fnr: str = "01037040068", date: str = "2019-03-01", price: str = "1500.00",
               prescriber: str = "HPR 9144889", written: str | None = None, **line: Any) -> dict[str, Any]:
    return {
        "fnr": fnr,
        "date": date,
        "prescriptions": [{"prescriber": prescriber, "written": written or date, "hjemmel": "§2",
                           "lines": [{"price": price, **line}]}],
    }


def store(api: TestClient, body: dict[str, Any], user: str = "apotek", quote: bool = False) -> dict[str, Any]:
    """Store a free-line dispensing through the counter service (the ledger, frikort, returns and the day list
    work on any dispensing). The API refuses free lines — it dispenses only against prescriptions
    (tests/prescriptions) — so these lines are never claimed."""
    from blaresept.counter import service
    from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
    from blaresept.money import kroner
    from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation
    from blaresept.storage.db import transaction

    request = DispenseRequest(body["fnr"], dt.date.fromisoformat(body["date"]), tuple(
        PrescriptionRequest(p["prescriber"], dt.date.fromisoformat(p["written"]), Hjemmel(p["hjemmel"]), tuple(
            LineRequest(price=kroner(line["price"]),
                        cheapest_price=kroner(line["cheapest_price"]) if line.get("cheapest_price") else None,
                        reserved_by=Reservation(line.get("reserved_by", "none")), varenummer=line.get("varenummer"))
            for line in p["lines"]), refund_code=p.get("refund_code"))
        for p in body["prescriptions"]))
    app = api.app
    with transaction(app.state.engine) as session:  # type: ignore[attr-defined]
        if quote:
            return service.quote(session, request)
        result = service.dispense(session, DEMO_USERS[user].org_number or "", request)
    return result


@pytest.fixture
def rx_api(api: TestClient) -> TestClient:
    """The API with the sample catalogue loaded (prescriptions are resolved against it)."""
    from blaresept.catalog.sample import load_sample

    load_sample(api.app.state.engine)  # type: ignore[attr-defined]
    return api
