"""The pharmacy counter through the API, as a pharmacy and a patient would use it, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from blaresept.counter.tables import Dispensing, IdempotencyRecord
from blaresept.storage.db import transaction
from tests.counter.conftest import Auth, dispensing, keyed


def test_dispense_then_patient_sees_it_with_explanation(api: TestClient, headers: Auth) -> None:
    body = dispensing(date="2016-03-01", price="300.00", cheapest_price="200.00", reserved_by="patient")
    response = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed("a"))
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["totals"] == {"price": "300.00", "copay": "78.00", "patient_extra": "100.00", "helfo": "122.00",
                                "not_charged": "0.00"}
    assert stored["person"]["fnr"] == "010370*****"

    year = api.get("/api/v1/patient/years/2016", headers=headers("pasient")).json()
    assert year["ledger"]["counted"] == "78.00"
    assert year["ledger"]["tak"] == "2185.00"
    [seen] = year["dispensings"]
    assert seen["id"] == stored["id"]
    assert any("mellomlegg" in step["text"] for step in seen["steps"])
    assert all(step["reference"]["text"] for step in seen["steps"])


def test_a_section5_line_above_its_maximum_refund_price_is_not_charged_from_2025_04_02(api: TestClient) -> None:
    """§ 8 femte ledd (FOR-2025-04-02-577): the supplier may not charge more than the product and price list,
    neither the member nor the trygd. 2025-04-01 the patient pays the 200 kr above; 2025-04-02 no one does."""
    def section5(day: str) -> dict[str, object]:
        body = dispensing(date=day, price="800.00", max_refund_price="600.00")
        body["prescriptions"][0]["hjemmel"] = "§5"  # type: ignore[index]
        return body

    before = api.post("/api/v1/pharmacy/dispensings", json=section5("2025-04-01"), headers=keyed("n1")).json()
    assert before["totals"] == {"price": "800.00", "copay": "300.00", "patient_extra": "200.00", "helfo": "300.00",
                                "not_charged": "0.00"}
    quote = api.post("/api/v1/pharmacy/quote", json=section5("2025-04-02"), headers=keyed("q"))
    after = api.post("/api/v1/pharmacy/dispensings", json=section5("2025-04-02"), headers=keyed("n2"))
    assert after.status_code == 201, after.text
    stored = after.json()
    assert stored["totals"] == {"price": "800.00", "copay": "300.00", "patient_extra": "0.00", "helfo": "300.00",
                                "not_charged": "200.00"}
    assert stored["lines"][0]["not_charged"] == "200.00" and stored["lines"][0]["patient_extra"] == "0.00"
    assert any("ikke belastet" in step["text"] for step in stored["steps"])
    assert quote.status_code == 200, quote.text
    assert quote.json()["totals"]["not_charged"] == "200.00"
    again = api.get(f"/api/v1/pharmacy/dispensings/{stored['id']}", headers=keyed("n3")).json()
    assert again["totals"]["not_charged"] == "200.00" and again["lines"][0]["not_charged"] == "200.00"
    returned = api.post(f"/api/v1/pharmacy/dispensings/{stored['id']}/return", headers=keyed("n4")).json()
    assert returned["totals"]["not_charged"] == "-200.00"


def test_frikort_after_the_tak_then_no_copay_and_refund(api: TestClient, headers: Auth) -> None:
    # 2019: tak 2 369 kr, copay 39 % capped at 520 kr per prescription group → 5 × 520 = 2 600 kr
    copays = []
    for day in range(1, 7):
        body = dispensing(date=f"2019-03-{day:02d}", price="2000.00")
        r = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed(f"d{day}"))
        assert r.status_code == 201, r.text
        copays.append(Decimal(r.json()["totals"]["copay"]))
    assert copays == [Decimal("520.00")] * 5 + [Decimal("0.00")]

    year = api.get("/api/v1/patient/years/2019", headers=headers("pasient")).json()
    assert year["ledger"]["frikort_from"] == "2019-03-05"
    assert year["ledger"]["counted"] == "2600.00"
    assert year["refund"]["refund"] == "231.00"  # 2 600 − 2 369, above the 200 kr bagatellgrense
    assert year["dispensings"][-1]["frikort_applied"] is True


def test_return_reverses_exactly_and_can_withdraw_the_frikort(api: TestClient, headers: Auth) -> None:
    ids = []
    for day in range(1, 6):
        r = api.post("/api/v1/pharmacy/dispensings", json=dispensing(date=f"2019-04-{day:02d}", price="2000.00"),
                     headers=keyed(f"r{day}"))
        ids.append(r.json()["id"])
    assert api.get("/api/v1/patient/years/2019", headers=headers("pasient")).json()["ledger"]["frikort_from"]

    r = api.post(f"/api/v1/pharmacy/dispensings/{ids[-1]}/return", headers=keyed("ret"))
    assert r.status_code == 201, r.text
    assert r.json()["totals"]["copay"] == "-520.00"
    ledger = api.get("/api/v1/patient/years/2019", headers=headers("pasient")).json()["ledger"]
    assert ledger["counted"] == "2080.00"
    assert ledger["frikort_from"] is None

    again = api.post(f"/api/v1/pharmacy/dispensings/{ids[-1]}/return",
                     headers=keyed("ret-2"))
    assert again.status_code == 409
    assert "allerede returnert" in again.json()["detail"]


def test_retry_with_the_same_key_stores_nothing_twice(api: TestClient, headers: Auth, engine: object) -> None:
    body = dispensing(date="2020-01-10", price="100.00")
    first = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed("same"))
    second = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed("same"))
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    year = api.get("/api/v1/patient/years/2020", headers=headers("pasient")).json()
    assert len(year["dispensings"]) == 1 and year["ledger"]["counted"] == "39.00"

    other = api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2020-01-10", price="999.00"),
                     headers=keyed("same"))
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]


def test_bad_input_gets_bokmal_problem_and_changes_nothing(api: TestClient, headers: Auth, engine: object) -> None:
    cases = [
        (dispensing(fnr="01037040069"), "Fødselsnummeret er ikke gyldig"),
        (dispensing(date="2008-12-31"), "før første formaliserte verdi"),
        (dispensing(date="2019-01-01", written="2019-02-01"), "etter utleveringsdatoen"),
        (dispensing(price="12.345"), "forespørselen har feil"),
    ]
    for number, (body, message) in enumerate(cases):
        r = api.post("/api/v1/pharmacy/dispensings", json=body, headers=keyed(f"b{number}"))
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert message.lower() in r.json()["detail"].lower()
    with transaction(engine) as session:  # type: ignore[arg-type]
        assert session.scalar(select(func.count(Dispensing.id))) == 0
        assert session.scalar(select(func.count(IdempotencyRecord.id))) == 0


def test_missing_idempotency_key_is_refused(api: TestClient, headers: Auth) -> None:
    r = api.post("/api/v1/pharmacy/dispensings", json=dispensing(), headers=headers("apotek"))
    assert r.status_code == 422
    assert "idempotency-key" in r.json()["detail"].lower()


def test_quote_prices_without_storing(api: TestClient, headers: Auth) -> None:
    body = dispensing(date="2026-02-01", price="1000.00")
    r = api.post("/api/v1/pharmacy/quote", json=body, headers=headers("apotek"))
    assert r.status_code == 200, r.text
    assert r.json()["totals"]["copay"] == "400.00"  # 60 % of 1 000 kr = 600 kr, maximum 400 kr per dispensing (2026)
    assert r.json()["stored"] is False
    year = api.get("/api/v1/patient/years/2026", headers=headers("pasient")).json()
    assert year["dispensings"] == []


def test_claim_is_idempotent_by_the_pharmacys_claim_id(api: TestClient, headers: Auth) -> None:
    for day in (1, 2):
        api.post("/api/v1/pharmacy/dispensings", json=dispensing(date=f"2021-05-0{day}", price="1000.00"),
                 headers=keyed(f"c{day}"))
    api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2021-05-03", price="1000.00"),
             headers=keyed("other-pharmacy", "apotek2"))
    claim = {"claim_id": "K-2021-05", "period_from": "2021-05-01", "period_to": "2021-05-31"}
    first = api.post("/api/v1/pharmacy/claims", json=claim, headers=headers("apotek"))
    assert first.status_code == 201, first.text
    assert first.json()["total_helfo"] == "1220.00"  # 2 × (1 000 − 390), only this pharmacy's dispensings
    assert len(first.json()["lines"]) == 2
    again = api.post("/api/v1/pharmacy/claims", json=claim, headers=headers("apotek"))
    assert again.json() == first.json()
    clash = api.post("/api/v1/pharmacy/claims", json=claim | {"period_to": "2021-05-15"}, headers=headers("apotek"))
    assert clash.status_code == 409
    nothing_left = api.post("/api/v1/pharmacy/claims", json=claim | {"claim_id": "K-2"}, headers=headers("apotek"))
    assert nothing_left.json()["total_helfo"] == "0.00"


def test_minimum_pensioner_pays_nothing(api: TestClient, headers: Auth) -> None:
    r = api.post("/api/v1/pharmacy/dispensings", json=dispensing(fnr="10015040063", date="2020-06-01"),
                 headers=keyed("mp"))
    assert r.json()["totals"]["copay"] == "0.00"
    assert any("minstepensjonist" in step["text"] for step in r.json()["steps"])


def test_the_pharmacys_day_lists_only_its_own_dispensings(api: TestClient, headers: Auth) -> None:
    first = api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2022-02-01", price="100.00"),
                     headers=keyed("day-1")).json()
    api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2022-02-01", price="200.00"), headers=keyed("day-2"))
    api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2022-02-01", price="300.00"),
             headers=keyed("day-other", "apotek2"))
    api.post("/api/v1/pharmacy/dispensings", json=dispensing(date="2022-02-02", price="400.00"), headers=keyed("day-3"))
    api.post(f"/api/v1/pharmacy/dispensings/{first['id']}/return", headers=keyed("day-ret"))

    day = api.get("/api/v1/pharmacy/dispensings?on=2022-02-01", headers=headers("apotek"))
    assert day.status_code == 200, day.text
    body = day.json()
    assert [(d["kind"], d["totals"]["price"]) for d in body["dispensings"]] == [
        ("return", "-100.00"), ("dispensing", "200.00"), ("dispensing", "100.00")]
    assert body["dispensings"][-1]["returned"] is True
    assert body["totals"]["price"] == "200.00" and body["totals"]["copay"] == "78.00"  # 39 % of 200 kr (2022)
    assert all(d["person"]["fnr"] == "010370*****" for d in body["dispensings"])
    assert api.get("/api/v1/pharmacy/dispensings", headers=headers("pasient")).status_code == 403
