"""The seven faults of issue 13's «Why», tried again through the API: each is refused with a bokmål message or
priced right, and nothing is stored by a refused attempt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.counter.tables import Dispensing
from blaresept.rules.blaresept.dispensing import Hjemmel
from blaresept.storage.db import transaction
from blaresept.timeutil import today
from tests.prescriptions.conftest import KARI, auth, candesartan, dispense, items, keyed, quote, write

FREE_LINE = {"fnr": KARI, "prescriptions": [{"prescriber": "x", "written": "2026-01-01", "hjemmel": "§2",
                                             "lines": [{"price": "9999999.99"}]}]}


def count(engine: Engine) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count(Dispensing.id))) or 0)


def citalopram(**extra: Any) -> dict[str, Any]:
    """Citalopram Orion 10 mg, 100 tablets (AUP 256,10 kr, trinnpris 89,30 kr), 2 a day = 50 days."""
    return {"fnr": KARI, "varenummer": "578081", "packs": 1, "daily_dose": "2", "dosage_text": "2 tabletter daglig",
            "reit": 1, "refund_code": "-73"} | extra


def test_a_free_nameless_unpriced_line_is_refused_with_what_to_send(rx_api: TestClient, engine: Engine) -> None:
    for path in ("/api/v1/pharmacy/quote", "/api/v1/pharmacy/check"):
        r = rx_api.post(path, json=FREE_LINE, headers=auth("apotek"))
        assert r.status_code == 422, r.text
        assert "resepter i reseptregisteret" in r.json()["detail"] and "prescription_id" in r.json()["detail"]
    r = rx_api.post("/api/v1/pharmacy/dispensings", json=FREE_LINE, headers=keyed("free"))
    assert r.status_code == 422 and "quote_token" in r.json()["detail"]
    nameless = rx_api.post("/api/v1/prescriptions", json=candesartan(varenummer=None), headers=auth("fastlege"))
    assert nameless.status_code == 422 and "varenummer eller et navn" in nameless.json()["detail"]
    assert count(engine) == 0


def test_a_price_above_the_catalogue_is_refused_a_lower_one_is_used(rx_api: TestClient, engine: Engine) -> None:
    written = write(rx_api, candesartan())
    too_high = rx_api.post("/api/v1/pharmacy/quote", json={"fnr": KARI, "items": items(written["id"], price="5000")},
                           headers=auth("apotek"))
    assert too_high.status_code == 422
    assert "over den høyeste prisen katalogen tillater" in too_high.json()["detail"]
    lower = quote(rx_api, KARI, items(written["id"], price="40.00"))
    assert lower["totals"]["price"] == "40.00" and lower["totals"]["copay"] == "24.00"  # 60 % in 2026
    assert count(engine) == 0


def test_a_confirmation_is_bound_to_its_quote(rx_api: TestClient, engine: Engine) -> None:
    kari = write(rx_api, candesartan(packs=2, reit=1, daily_dose="2"))
    quoted = quote(rx_api, KARI, items(kari["id"], packs=1))
    changed = [
        {"fnr": KARI, "items": items(kari["id"], packs=2)},  # another quantity
        {"fnr": KARI, "items": items(kari["id"], packs=1, patient_reserved=True)},  # another reservation
        {"fnr": KARI, "items": items(kari["id"], packs=1, price="45.00")},  # another price
        {"fnr": KARI, "items": items(kari["id"], packs=1)},  # no token
    ]
    for number, body in enumerate(changed):
        token = {} if number == 3 else {"quote_token": quoted["quote_token"]}
        r = rx_api.post("/api/v1/pharmacy/dispensings", json=body | token, headers=keyed(f"changed-{number}"))
        assert r.status_code == 409, r.text
        assert "beregn prisen" in r.json()["detail"]
    other = rx_api.post("/api/v1/pharmacy/dispensings", json={"fnr": "15068040083", "items": items(kari["id"], packs=1),
                                                              "quote_token": quoted["quote_token"]},
                        headers=keyed("other-patient"))
    assert other.status_code == 404 and "for denne pasienten" in other.json()["detail"]
    assert count(engine) == 0

    # another dispensing for the same person between the quote and the confirmation
    second = write(rx_api, candesartan())
    dispense(rx_api, KARI, items(second["id"]), "in-between", user="apotek2")
    late = rx_api.post("/api/v1/pharmacy/dispensings",
                       json={"fnr": KARI, "items": items(kari["id"], packs=1), "quote_token": quoted["quote_token"]},
                       headers=keyed("stale"))
    assert late.status_code == 409 and "en annen utlevering" in late.json()["detail"]
    assert count(engine) == 1


def test_dates_are_the_servers_and_late_registration_is_bounded(rx_api: TestClient, engine: Engine) -> None:
    written = write(rx_api, candesartan())
    now = today()
    dated = rx_api.post("/api/v1/pharmacy/quote", headers=auth("apotek"),
                        json={"fnr": KARI, "items": items(written["id"]), "date": "2030-01-01"})
    assert dated.status_code == 422 and "Datoen settes av serveren" in dated.json()["detail"]
    refused = {
        (now + dt.timedelta(days=1)).isoformat(): "frem i tid",
        "2027-01-05": "frem i tid",
        "9999-12-31": "frem i tid",
        "2025-06-01": "høyst 14 dager tilbake",
        now.isoformat(): "registreres som vanlig utlevering",
    }
    for day, message in refused.items():
        r = rx_api.post("/api/v1/pharmacy/quote", json={"fnr": KARI, "items": items(written["id"]),
                                                        "late": {"dispensed_on": day, "reason": "systemet var nede"}},
                        headers=auth("apotek"))
        assert r.status_code == 422 and message in r.json()["detail"], (day, r.text)
    assert count(engine) == 0

    paper = rx_api.post("/api/v1/pharmacy/prescriptions", headers=auth("apotek"), json=candesartan() | {
        "kind": "paper", "written": (now - dt.timedelta(days=5)).isoformat(), "prescriber_hpr": "9144889",
        "prescriber_name": "Lise Demo"}).json()
    made = (now - dt.timedelta(days=2)).isoformat()
    body = {"fnr": KARI, "items": items(paper["id"]), "late": {"dispensed_on": made, "reason": "systemet var nede"}}
    token = rx_api.post("/api/v1/pharmacy/quote", json=body, headers=auth("apotek")).json()["quote_token"]
    assert rx_api.post("/api/v1/pharmacy/dispensings", json=body | {"quote_token": token},
                       headers=keyed("not-here")).status_code == 422
    r = rx_api.post("/api/v1/pharmacy/late-dispensings", json=body | {"quote_token": token}, headers=keyed("late"))
    assert r.status_code == 201, r.text
    stored = r.json()
    assert (stored["date"], stored["registered_on"], stored["late_reason"]) == (made, now.isoformat(),
                                                                                 "systemet var nede")
    for day in (made, now.isoformat()):
        listed = rx_api.get(f"/api/v1/pharmacy/dispensings?on={day}", headers=auth("apotek")).json()
        assert [d["id"] for d in listed["dispensings"]] == [stored["id"]]


def test_a_date_after_the_parameters_range_is_refused_at_the_counter_service(rx_api: TestClient) -> None:
    request = DispenseRequest(KARI, dt.date(2099, 1, 1), (PrescriptionRequest(
        "9144889", dt.date(2099, 1, 1), Hjemmel.SECTION_2, (LineRequest(price=10000),)),))
    engine = rx_api.app.state.engine  # type: ignore[attr-defined]
    with transaction(engine) as session:
        try:
            service.quote(session, request)
        except Exception as exc:  # the bokmål error the API turns into a 422
            assert "frem i tid" in str(exc)
        else:
            raise AssertionError("a dispensing in 2099 was priced")


def test_two_spellings_of_one_hpr_number_are_one_prescriber(rx_api: TestClient, engine: Engine) -> None:
    paper = candesartan() | {"kind": "paper", "written": today().isoformat(), "prescriber_hpr": "hpr-nr. 9144889",
                             "prescriber_name": "Lise Demo"}
    r = rx_api.post("/api/v1/pharmacy/prescriptions", json=paper, headers=auth("apotek"))
    assert r.status_code == 201, r.text
    assert r.json()["prescriber"]["hpr"] == "9144889" and r.json()["kind"] == "paper"
    assert [p["id"] for p in rx_api.get("/api/v1/prescriptions", headers=auth("lege")).json()] == [r.json()["id"]]
    # to 2025 the copay maximum is per prescriber and date: «HPR 9144889» and «9144889» share one 520 kr
    on = dt.date(2019, 3, 1)
    request = DispenseRequest(KARI, on, tuple(PrescriptionRequest(spelling, on, Hjemmel.SECTION_2,
                                                                  (LineRequest(price=200000),))
                                              for spelling in ("HPR 9144889", "9144889")))
    with transaction(engine) as session:
        priced = service.quote(session, request)
    assert priced["totals"]["copay"] == "520.00" and len(priced["groups"]) == 1
    bad = rx_api.post("/api/v1/pharmacy/prescriptions", json=paper | {"prescriber_hpr": "x"}, headers=auth("apotek"))
    assert bad.status_code == 422 and "ikke et HPR-nummer" in bad.json()["detail"]


def test_a_trinnpris_package_costs_the_copay_of_the_trinnpris(rx_api: TestClient) -> None:
    written = write(rx_api, citalopram())
    plain = quote(rx_api, KARI, items(written["id"]))
    assert plain["totals"] == {"price": "89.30", "copay": "53.58", "patient_extra": "0.00", "helfo": "35.72",
                               "not_charged": "0.00"}
    assert any("trinnpris" in s["text"] for s in plain["steps"])
    reserved = quote(rx_api, KARI, items(written["id"], patient_reserved=True))
    assert reserved["totals"] == {"price": "256.10", "copay": "53.58", "patient_extra": "166.80", "helfo": "35.72",
                                  "not_charged": "0.00"}


def test_quantity_is_known_and_bounded(rx_api: TestClient) -> None:
    too_long = rx_api.post("/api/v1/prescriptions", json=candesartan(packs=4), headers=auth("fastlege"))
    assert too_long.status_code == 422 and "høyst tre måneders forbruk" in too_long.json()["detail"]
    written = write(rx_api, candesartan())
    more = rx_api.post("/api/v1/pharmacy/quote", json={"fnr": KARI, "items": items(written["id"], packs=2)},
                       headers=auth("apotek"))
    assert more.status_code == 422 and "per uttak" in more.json()["detail"]
    for number in range(4):
        dispense(rx_api, KARI, items(written["id"]), f"uttak-{number}")
    used = rx_api.post("/api/v1/pharmacy/quote", json={"fnr": KARI, "items": items(written["id"])},
                       headers=auth("apotek"))
    assert used.status_code == 422 and "fullt utlevert" in used.json()["detail"]


def test_a_bare_refund_code_is_read_in_the_system_the_list_has(rx_api: TestClient) -> None:
    written = write(rx_api, candesartan(refund_code="K86"))
    assert written["refund_code"] == "ICPC:K86"
    assert any("lest som ICPC-2 K86" in note for note in written["notes"])


def test_a_cancelled_prescription_cannot_be_dispensed(rx_api: TestClient) -> None:
    written = write(rx_api, candesartan())
    assert rx_api.post(f"/api/v1/prescriptions/{written['id']}/cancel", json={"reason": "feil dose"},
                       headers=auth("lege")).status_code == 404  # only the doctor who wrote it
    r = rx_api.post(f"/api/v1/prescriptions/{written['id']}/cancel", json={"reason": "feil dose"},
                    headers=auth("fastlege"))
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    refused = rx_api.post("/api/v1/pharmacy/quote", json={"fnr": KARI, "items": items(written["id"])},
                          headers=auth("apotek"))
    assert refused.status_code == 422 and "tilbakekalt" in refused.json()["detail"]
