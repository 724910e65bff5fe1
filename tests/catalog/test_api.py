"""The catalogue API: public open data (no login), kroner as exact decimal strings, problem+json in bokmål."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from blaresept.app import create_app
from blaresept.catalog.sample import load_sample
from tests.counter.conftest import ISSUER

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    load_sample(app.state.engine)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def test_a_package_on_a_date_without_login(api: TestClient) -> None:
    response = api.get("/api/v1/catalog/packages/990001", params={"date": "2017-04-12"})
    assert response.status_code == 200, response.text
    body = response.json()
    prices = {p["kind"]: p["amount"] for p in body["prices"]}
    assert prices == {"refusjonspris": "64.30", "aip": "98.45", "aup": "156.90", "trinnpris": "64.30"}
    assert body["substitution"]["cheapest"]["varenummer"] == "990002"
    [reimbursement] = body["reimbursements"]
    k21 = next(c for c in reimbursement["codes"] if c["code"] == "K21")
    assert [c["number"] for c in k21["conditions"]] == ["12", "155"]
    assert k21["conditions"][0]["structured"][0]["type_code"] == "7"
    assert body["release"]["files"] == ["fest-mini-2017-04-12.m30ns.xml.gz", "fest-supplement-2017-04-12.xml"]


def test_reimbursable_search_and_product(api: TestClient) -> None:
    found = api.get("/api/v1/catalog/reimbursable", params={"code": "ICPC:D84", "date": "2017-04-12"}).json()
    assert {p["varenummer"] for p in found["packages"]} >= {"990001", "990002"}
    hits = api.get("/api/v1/catalog/search", params={"q": "C09CA06", "date": "2017-04-12"}).json()
    assert hits and all(h["atc"] == "C09CA06" for h in hits)
    product = api.get("/api/v1/catalog/products/820005", params={"date": "2017-04-12"}).json()
    assert (product["max_price_per_pack"], product["hjemmel_code"], product["requires_decision"]) == (
        "1450.00", "603", False)


def test_errors_are_problem_json_in_bokmal(api: TestClient) -> None:
    missing = api.get("/api/v1/catalog/packages/999999", params={"date": "2017-04-12"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert "Fant ikke varenummer 999999" in missing.json()["detail"]
    malformed = api.get("/api/v1/catalog/reimbursable", params={"code": "XYZ:K21"})
    assert malformed.status_code == 422 and "Ukjent kodeverk" in malformed.json()["detail"]
    bad_date = api.get("/api/v1/catalog/packages/990001", params={"date": "12.04.2017"})
    assert bad_date.status_code == 422
