"""An API on a fresh database (SQLite and PostgreSQL) with the demo persons and the sample catalogue, and helpers
to write a prescription as the demo doctor and to quote and dispense against it as the demo pharmacy."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.counter.conftest import ISSUER, api, auth, engine, keyed, rx_api  # noqa: F401  (fixtures, helpers)

KARI = "01037040068"
PER = "10015040063"  # minstepensjonist from 2015


def candesartan(**extra: Any) -> dict[str, Any]:
    """Candesartan Krka 8 mg, 28 tablets, 1 a day, reit 3, for hypertension (ICPC K86)."""
    return {"fnr": KARI, "varenummer": "181948", "packs": 1, "daily_dose": "1", "dosage_text": "1 tablett daglig",
            "reit": 3, "hjemmel": "§2", "refund_code": "K86"} | extra


def write(client: TestClient, body: dict[str, Any], user: str = "fastlege") -> dict[str, Any]:
    r = client.post("/api/v1/prescriptions", json=body, headers=auth(user))
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def items(*ids: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"prescription_id": i} | extra for i in ids]


def quote(client: TestClient, fnr: str, lines: list[dict[str, Any]], user: str = "apotek") -> dict[str, Any]:
    r = client.post("/api/v1/pharmacy/quote", json={"fnr": fnr, "items": lines}, headers=auth(user))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def dispense(client: TestClient, fnr: str, lines: list[dict[str, Any]], key: str, user: str = "apotek"
             ) -> dict[str, Any]:
    token = quote(client, fnr, lines, user)["quote_token"]
    r = client.post("/api/v1/pharmacy/dispensings", json={"fnr": fnr, "items": lines, "quote_token": token},
                 headers=keyed(key, user))
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result
