"""Dispensing through the API checks each line with a varenummer against the sample catalogue on the date:
a reimbursable line is priced with the check's steps; a line that is not gets a bokmål refusal and nothing is
stored."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from blaresept.catalog.sample import load_sample
from blaresept.counter.tables import Dispensing
from blaresept.storage.db import transaction
from tests.counter.conftest import keyed


def atacand(varenummer: str = "065276", code: str | None = "ICD:I10", date: str = "2017-04-12") -> dict[str, Any]:
    return {"fnr": "01037040068", "date": date, "prescriptions": [{
        "prescriber": "HPR 7654321", "written": "2017-03-01", "hjemmel": "§2", "refund_code": code,
        "lines": [{"varenummer": varenummer, "price": "250.00"}]}]}


def test_a_reimbursable_line_is_dispensed_with_the_check_in_its_explanation(api: TestClient, engine: Engine) -> None:
    load_sample(engine)
    r = api.post("/api/v1/pharmacy/dispensings", json=atacand(), headers=keyed("ok"))
    assert r.status_code == 201, r.text
    rules = [step["rule"] for step in r.json()["steps"]]
    assert any(rule.startswith("blaresept.eligibility") for rule in rules), rules
    assert r.json()["totals"]["copay"] == "97.50"  # 39 % of 250 kr in 2017


def test_lines_that_fail_the_check_are_refused_and_nothing_is_stored(api: TestClient, engine: Engine) -> None:
    load_sample(engine)
    refused = [
        (atacand(varenummer="124671", code="ICPC:K86"), "ingen forhåndsgodkjent refusjon"),
        (atacand(varenummer="999999"), "999999"),
        (atacand(code="ICD:tull"), "er ikke en ICD-10-kode"),
    ]
    for number, (body, message) in enumerate(refused):
        r = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed(f"no-{number}"))
        assert r.status_code == 422, r.text
        assert message.lower() in r.json()["detail"].lower(), r.json()["detail"]
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Dispensing.id))) == 0


def test_without_a_catalogue_a_varenummer_cannot_be_checked(api: TestClient) -> None:
    r = api.post("/api/v1/pharmacy/dispensings", json=atacand(), headers=keyed("empty"))
    assert r.status_code == 422
    assert "legemiddelkatalogen" in r.json()["detail"]
