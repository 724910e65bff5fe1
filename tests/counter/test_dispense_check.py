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


def omeprazole(**prescription: Any) -> dict[str, Any]:
    """Omeprazole on ICD K21 (vilkår 12: instituted by a specialist in internal medicine …; 155: text)."""
    return {"fnr": "01037040068", "date": "2017-04-12", "prescriptions": [{
        "prescriber": "HPR 7654321", "written": "2017-04-01", "hjemmel": "§2", "refund_code": "ICD:K21",
        "lines": [{"varenummer": "990001", "price": "150.00"}], **prescription}]}


def test_specialist_vilkar_decided_from_what_the_pharmacy_sends(api: TestClient, engine: Engine) -> None:
    load_sample(engine)
    general_practitioner = api.post("/api/v1/pharmacy/dispensings", headers=keyed("gp"),
                                    json=omeprazole(prescriber_specialties=["allmennmedisin"],
                                                    prescriber_hospital=False))
    assert general_practitioner.status_code == 422
    assert "spesialist" in general_practitioner.json()["detail"]

    noted = api.post("/api/v1/pharmacy/dispensings", headers=keyed("noted"), json=omeprazole(
        prescriber_specialties=["allmennmedisin"], prescriber_hospital=False,
        instituted_by="Spesialist i indremedisin, Ullevål"))
    internist = api.post("/api/v1/pharmacy/dispensings", headers=keyed("internist"),
                         json=omeprazole(prescriber_specialties=["indremedisin"], prescriber_hospital=False))
    unknown = api.post("/api/v1/pharmacy/dispensings", headers=keyed("unknown"), json=omeprazole())
    for response in (noted, internist, unknown):
        assert response.status_code == 201, response.text

    def vilkar_12(response: Any) -> str:
        [step] = [s for s in response.json()["steps"]
                  if s["rule"] == "blaresept.eligibility.condition" and s["text"].startswith("Vilkår 12")]
        return str(step["outcome"])

    assert vilkar_12(internist) == "oppfylt"  # decided from the specialty sent
    assert vilkar_12(noted) == "oppfylt"  # decided from the note on the prescription
    assert vilkar_12(unknown) == "bekreftes"  # nothing known: the pharmacy must confirm


def test_an_unknown_specialty_is_a_bokmal_error(api: TestClient, engine: Engine) -> None:
    load_sample(engine)
    body = omeprazole(prescriber_specialties=["trolldom"])
    r = api.post("/api/v1/pharmacy/dispensings", headers=keyed("bad"), json=body)
    assert r.status_code == 422 and "kodeverk 7426" in r.json()["detail"]


def test_the_check_endpoint_reports_each_line_without_pricing_or_storing(api: TestClient, engine: Engine,
                                                                           headers: Any) -> None:
    load_sample(engine)
    body = atacand()
    body["prescriptions"].append(omeprazole(prescriber_specialties=["allmennmedisin"],
                                            prescriber_hospital=False)["prescriptions"][0])
    body["prescriptions"][1]["lines"].append({"price": "12.00", "description": "uten varenummer"})
    r = api.post("/api/v1/pharmacy/check", json=body, headers=headers("apotek"))
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["reimbursable"] is False and result["unchecked"] == 1
    ok, stopped = result["lines"]
    assert (ok["varenummer"], ok["reimbursable"], ok["hjemmel_code"], ok["conditions"]) == ("065276", True, "200", [])
    assert stopped["reimbursable"] is False
    assert {c["number"]: c["status"] for c in stopped["conditions"]} == {"12": "unmet", "155": "prescriber"}
    assert any("spesialist" in reason for reason in stopped["reasons"])
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Dispensing.id))) == 0

    unknown = api.post("/api/v1/pharmacy/check", json=atacand(varenummer="999999"), headers=headers("apotek"))
    assert unknown.status_code == 200
    [line] = unknown.json()["lines"]
    assert line["reimbursable"] is False and "Fant ikke varenummer 999999" in line["reasons"][0]


def test_a_quote_runs_the_same_check(api: TestClient, engine: Engine, headers: Any) -> None:
    load_sample(engine)
    stopped = api.post("/api/v1/pharmacy/quote", json=atacand(varenummer="124671", code="ICPC:K86"),
                       headers=headers("apotek"))
    assert stopped.status_code == 422 and "ingen forhåndsgodkjent refusjon" in stopped.json()["detail"]
    priced = api.post("/api/v1/pharmacy/quote", json=atacand(), headers=headers("apotek"))
    assert priced.status_code == 200
    assert priced.json()["steps"][0]["rule"].startswith("blaresept.eligibility")
