"""One input rule for text and dates, everywhere: control characters (NUL first of all, which PostgreSQL cannot
store) are a bokmål 422; `%` and `_` are letters in search; a date is ÅÅÅÅ-MM-DD; H-numbers are not patients;
a malformed token is a 401; the framework's own errors are in bokmål."""

from __future__ import annotations

from typing import Any

import jwt
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from blaresept.catalog.sample import load_sample
from blaresept.persons.tables import Person
from blaresept.storage.db import transaction
from tests.counter.conftest import ISSUER, Auth, keyed

NUL = "a\x00b"
PRESCRIPTION = {"fnr": "01037040068", "varenummer": "181948", "packs": 1, "daily_dose": "1",
                "dosage_text": "1 tablett daglig", "refund_code": "K86"}
H_NUMBER = "01437000170"  # 1 March 1970 with the month + 40 (H-nummer), valid check digits


def _is_bokmal_422(response: Any, where: str) -> None:
    assert response.status_code == 422, (where, response.status_code, response.text)
    body = response.json()
    assert "kontrolltegn" in body["detail"], (where, body)


def test_control_characters_are_refused_everywhere(api: TestClient, headers: Auth, engine: Engine) -> None:
    with transaction(engine) as session:
        persons_before = session.scalar(select(func.count()).select_from(Person))
    cases = [
        ("PUT person name", api.put("/api/v1/persons/01037040068", json={"name": NUL},
                                    headers=headers("saksbehandler"))),
        ("dosage", api.post("/api/v1/prescriptions", json=PRESCRIPTION | {"dosage_text": NUL},
                            headers=headers("fastlege"))),
        ("prescriber", api.post("/api/v1/pharmacy/prescriptions", headers=headers("apotek"), json=PRESCRIPTION | {
            "kind": "paper", "written": "2026-01-02", "prescriber_hpr": "9144889", "prescriber_name": NUL})),
        ("late reason", api.post("/api/v1/pharmacy/late-dispensings", headers=keyed("nul-1"), json={
            "fnr": "01037040068", "items": [{"prescription_id": 1}],
            "late": {"dispensed_on": "2026-01-02", "reason": NUL}})),
        ("claim id", api.post("/api/v1/pharmacy/claims", json={"claim_id": NUL, "period_from": "2019-01-01",
                                                               "period_to": "2019-01-31"},
                              headers=headers("apotek"))),
        ("claim id in path", api.get("/api/v1/pharmacy/claims/a%00b", headers=headers("apotek"))),
        ("search without login", api.get("/api/v1/catalog/search?q=a%00b")),
        ("product without login", api.get("/api/v1/catalog/products/a%00b")),
        ("line break in the path", api.get("/api/v1/catalog/products/x%0AINFO%20forged")),
        ("application note", api.post("/api/v1/cases/applications",
                                      json={"kind": "drug", "patient_fnr": "01037040068", "note": NUL},
                                      headers=headers("lege"))),
        ("demo user", api.post("/api/v1/dev/token", json={"user": NUL})),
    ]
    for where, response in cases:
        _is_bokmal_422(response, where)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Person)) == persons_before


def test_multiline_text_keeps_line_breaks_but_not_nul(api: TestClient, headers: Auth) -> None:
    ok = api.put("/api/v1/persons/01037040068", headers=headers("saksbehandler"), json={
        "statuses": [{"category": "M", "valid_from": "2019-01-01", "note": "første linje\nandre linje"}]})
    assert ok.status_code == 200, ok.text
    refused = api.put("/api/v1/persons/01037040068", headers=headers("saksbehandler"), json={
        "statuses": [{"category": "M", "valid_from": "2019-01-01", "note": "første\x00linje"}]})
    _is_bokmal_422(refused, "status note")


def test_every_text_a_request_takes_is_under_the_rule(api: TestClient) -> None:
    """The OpenAPI document says it: every string in every request body and parameter carries the pattern,
    unless it is a choice (enum), a date, a number or a fixed format."""
    spec = api.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    missing: list[str] = []

    def walk(schema: dict[str, Any], where: str, seen: set[str]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schemas[name], name, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for part in schema.get(key, []):
                walk(part, where, seen)
        if schema.get("type") == "string" and not ({"enum", "const", "format", "pattern"} & schema.keys()):
            missing.append(where)
        for name, sub in (schema.get("properties") or {}).items():
            walk(sub, f"{where}.{name}", seen)
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], f"{where}[]", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}{{}}", seen)
        if isinstance(schema.get("propertyNames"), dict):
            walk(schema["propertyNames"], f"{where}<key>", seen)

    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):
                    walk(parameter["schema"], f"{method} {path} {parameter['name']}", set())
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                walk(body["schema"], f"{method} {path} body", set())
    assert missing == [], missing


def test_percent_and_underscore_are_letters_in_search(api: TestClient, engine: Engine) -> None:
    load_sample(engine)
    everything = api.get("/api/v1/catalog/search?q=a&date=2017-04-12").json()
    assert everything, "the sample catalogue has names with an a"
    percent = api.get("/api/v1/catalog/search", params={"q": "%", "date": "2017-04-12"}).json()
    assert percent and all("%" in hit["name"] for hit in percent)  # «Elocon Salve 0,1 %», not everything
    assert len(percent) < len(everything)
    for wildcard in ("_", "%a%", "a_"):
        response = api.get("/api/v1/catalog/search", params={"q": wildcard, "date": "2017-04-12"})
        assert response.status_code == 200
        assert response.json() == [], wildcard


def test_a_date_is_written_as_a_date(api: TestClient, headers: Auth) -> None:
    for value in ("0", "1700000000", "2019-3-1"):
        response = api.get(f"/api/v1/pharmacy/dispensings?on={value}", headers=headers("apotek"))
        assert response.status_code == 422, value
        assert "ÅÅÅÅ-MM-DD" in response.json()["detail"]
    body = {"fnr": "01037040068", "items": [{"prescription_id": 1}], "late": {"dispensed_on": 0, "reason": "nede"}}
    response = api.post("/api/v1/pharmacy/quote", json=body, headers=headers("apotek"))
    assert response.status_code == 422 and "ÅÅÅÅ-MM-DD" in response.json()["detail"]
    assert api.get("/api/v1/pharmacy/dispensings?on=2019-03-01", headers=headers("apotek")).status_code == 200


def test_an_h_number_is_not_a_patient(api: TestClient, headers: Auth) -> None:
    response = api.post("/api/v1/pharmacy/quote", json={"fnr": H_NUMBER, "items": [{"prescription_id": 1}]},
                        headers=headers("apotek"))
    assert response.status_code == 422
    assert "H-nummer" in response.json()["detail"]
    response = api.put(f"/api/v1/persons/{H_NUMBER}", json={}, headers=headers("saksbehandler"))
    assert response.status_code == 422


def test_a_token_with_a_number_for_fnr_is_401(api: TestClient) -> None:
    for fnr in (1037040068, 1.5, ["01037040068"], H_NUMBER):
        token = jwt.encode({"iss": ISSUER.issuer, "aud": ISSUER.audience, "sub": "p", "exp": 4102444800,
                            "role": "patient", "fnr": fnr}, ISSUER.private_key, algorithm="RS256",
                           headers={"kid": "blaresept-dev-1"})
        response = api.get("/api/v1/patient/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (fnr, response.text)
        assert "Tokenet" in response.json()["detail"]


def test_the_frameworks_errors_are_in_bokmal(api: TestClient, headers: Auth) -> None:
    deep = api.put("/api/v1/persons/01037040068", content="[" * 100_000 + "]" * 100_000,
                    headers={**headers("saksbehandler"), "content-type": "application/json"})
    assert deep.status_code in (400, 422)
    assert "Innholdet kunne ikke leses" in deep.json()["detail"]
    many = api.post("/api/v1/dev/token", data={f"f{i}": "x" for i in range(1200)})
    assert many.status_code in (400, 422)
    assert "parsing" not in many.text and "Too many" not in many.text
