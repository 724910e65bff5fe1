"""The counter's ledger as a pharmacy and a patient see it, on SQLite and PostgreSQL: dispensings stored through
the counter service (dated in earlier years), the patient's year, returns and the day list through the API.
Dispensing through the API against prescriptions is in tests/prescriptions."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from tests.counter.conftest import Auth, dispensing, keyed, store


def test_dispense_then_patient_sees_it_with_explanation(api: TestClient, headers: Auth) -> None:
    body = dispensing(date="2016-03-01", price="300.00", cheapest_price="200.00", reserved_by="patient")
    stored = store(api, body)
    assert stored["totals"] == {"price": "300.00", "copay": "78.00", "patient_extra": "100.00", "helfo": "122.00"}
    assert stored["person"]["fnr"] == "010370*****"

    year = api.get("/api/v1/patient/years/2016", headers=headers("pasient")).json()
    assert year["ledger"]["counted"] == "78.00"
    assert year["ledger"]["tak"] == "2185.00"
    [seen] = year["dispensings"]
    assert seen["id"] == stored["id"]
    assert any("mellomlegg" in step["text"] for step in seen["steps"])
    assert all(step["reference"]["text"] for step in seen["steps"])


def test_frikort_after_the_tak_then_no_copay_and_refund(api: TestClient, headers: Auth) -> None:
    # 2019: tak 2 369 kr, copay 39 % capped at 520 kr per prescription group → 5 × 520 = 2 600 kr
    copays = []
    for day in range(1, 7):
        body = dispensing(date=f"2019-03-{day:02d}", price="2000.00")
        copays.append(Decimal(store(api, body)["totals"]["copay"]))
    assert copays == [Decimal("520.00")] * 5 + [Decimal("0.00")]

    year = api.get("/api/v1/patient/years/2019", headers=headers("pasient")).json()
    assert year["ledger"]["frikort_from"] == "2019-03-05"
    assert year["ledger"]["counted"] == "2600.00"
    assert year["refund"]["refund"] == "231.00"  # 2 600 − 2 369, above the 200 kr bagatellgrense
    assert year["dispensings"][-1]["frikort_applied"] is True


def test_return_reverses_exactly_and_can_withdraw_the_frikort(api: TestClient, headers: Auth) -> None:
    ids = []
    for day in range(1, 6):
        ids.append(store(api, dispensing(date=f"2019-04-{day:02d}", price="2000.00"))["id"])
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


def test_minimum_pensioner_pays_nothing(api: TestClient, headers: Auth) -> None:
    r = store(api, dispensing(fnr="10015040063", date="2020-06-01"))
    assert r["totals"]["copay"] == "0.00"
    assert any("minstepensjonist" in step["text"] for step in r["steps"])


def test_the_pharmacys_day_lists_only_its_own_dispensings(api: TestClient, headers: Auth) -> None:
    first = store(api, dispensing(date="2022-02-01", price="100.00"))
    store(api, dispensing(date="2022-02-01", price="200.00"))
    store(api, dispensing(date="2022-02-01", price="300.00"), "apotek2")
    store(api, dispensing(date="2022-02-02", price="400.00"))
    returned = api.post(f"/api/v1/pharmacy/dispensings/{first['id']}/return", headers=keyed("day-ret"))
    assert returned.status_code == 201, returned.text
    today = returned.json()["date"]
    assert today == returned.json()["registered_on"] != "2022-02-01"  # a return is dated when it happens

    day = api.get("/api/v1/pharmacy/dispensings?on=2022-02-01", headers=headers("apotek"))
    assert day.status_code == 200, day.text
    body = day.json()
    assert [(d["kind"], d["totals"]["price"]) for d in body["dispensings"]] == [
        ("dispensing", "200.00"), ("dispensing", "100.00")]
    assert body["dispensings"][-1]["returned"] is True
    assert body["totals"]["price"] == "300.00" and body["totals"]["copay"] == "117.00"  # 39 % of 300 kr (2022)
    on_return_day = api.get(f"/api/v1/pharmacy/dispensings?on={today}", headers=headers("apotek")).json()
    assert [(d["kind"], d["totals"]["price"]) for d in on_return_day["dispensings"]] == [("return", "-100.00")]
    assert all(d["person"]["fnr"] == "010370*****" for d in body["dispensings"])
    assert api.get("/api/v1/pharmacy/dispensings", headers=headers("pasient")).status_code == 403
