"""The pharmacy's claim to Helfo and Helfo's settlement: only checked, catalogue-priced lines are claimed, per
pharmacy and period; the same claim id gives the same claim, also eight at once; a return is claimed in the period
it is registered; Helfo re-checks each line and rejects one with its reason; the pharmacy sees the settlement."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from blaresept.counter import claims
from blaresept.counter.tables import Claim
from blaresept.storage.db import make_engine, transaction
from blaresept.timeutil import today
from tests.counter.conftest import dispensing, store
from tests.prescriptions.conftest import KARI, PER, auth, candesartan, dispense, items, keyed, write


def claim_body(ref: str, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"claim_id": ref, "period_from": start.isoformat(), "period_to": end.isoformat()}


def test_claim_settled_by_helfo_with_one_rejected_line_and_the_reason(rx_api: TestClient) -> None:
    now = today()
    kari = dispense(rx_api, KARI, items(write(rx_api, candesartan())["id"]), "kari")
    per = dispense(rx_api, PER, items(write(rx_api, candesartan(fnr=PER))["id"]), "per")
    assert per["totals"]["copay"] == "0.00"  # minstepensjonist on the day
    store(rx_api, dispensing(date=now.isoformat(), written=now.isoformat(), price="300.00"))  # a free line

    # Helfo learns afterwards that Per's minstepensjon ended before the dispensing
    ended = rx_api.put(f"/api/v1/persons/{PER}", headers=auth("saksbehandler"), json={
        "name": "Per Pensjonist", "statuses": [{"category": "M", "valid_from": "2015-01-01",
                                                 "valid_to": (now - dt.timedelta(days=30)).isoformat()}]})
    assert ended.status_code == 200, ended.text

    r = rx_api.post("/api/v1/pharmacy/claims", json=claim_body("K-1", now, now), headers=auth("apotek"))
    assert r.status_code == 201, r.text
    claim = r.json()
    assert sorted(line["dispensing"] for line in claim["lines"]) == sorted([kari["id"], per["id"]])
    assert claim["settlement"] is None
    assert claim["total_helfo"] == str(sum(float(d["totals"]["helfo"]) for d in (kari, per)).__format__(".2f"))

    received = rx_api.get("/api/v1/helfo/claims", headers=auth("saksbehandler")).json()
    assert [(c["claim_id"], c["settled"]) for c in received] == [("K-1", False)]
    settled = rx_api.post(f"/api/v1/helfo/claims/{claim['id']}/settlement", headers=auth("saksbehandler"))
    assert settled.status_code == 200, settled.text
    result = settled.json()["settlement"]
    assert result["rejected_lines"] == 1
    by_dispensing = {line["dispensing"]: line for line in result["lines"]}
    assert by_dispensing[kari["id"]]["status"] == "approved" and by_dispensing[kari["id"]]["reasons"] == []
    rejected = by_dispensing[per["id"]]
    assert (rejected["status"], rejected["status_code"], rejected["approved"]) == ("rejected", "1", "0.00")
    assert "minstepensjonist er ikke registrert" in rejected["reasons"][0]
    assert result["approved"] == kari["totals"]["helfo"]

    again = rx_api.post(f"/api/v1/helfo/claims/{claim['id']}/settlement", headers=auth("saksbehandler")).json()
    assert again["settlement"] == result
    seen = rx_api.get("/api/v1/pharmacy/claims/K-1", headers=auth("apotek")).json()
    assert seen["settlement"] == result
    assert rx_api.get("/api/v1/pharmacy/claims/K-1", headers=auth("apotek2")).status_code == 404
    assert rx_api.post(f"/api/v1/helfo/claims/{claim['id']}/settlement", headers=auth("apotek")).status_code == 403


def test_a_return_is_claimed_in_the_period_it_is_registered(rx_api: TestClient) -> None:
    now = today()
    made = dispense(rx_api, KARI, items(write(rx_api, candesartan())["id"]), "made")
    first = rx_api.post("/api/v1/pharmacy/claims", json=claim_body("K-a", now, now), headers=auth("apotek")).json()
    assert [line["kind"] for line in first["lines"]] == ["dispensing"]
    returned = rx_api.post(f"/api/v1/pharmacy/dispensings/{made['id']}/return", headers=keyed("ret"))
    assert returned.status_code == 201 and returned.json()["date"] == now.isoformat()
    second = rx_api.post("/api/v1/pharmacy/claims", json=claim_body("K-b", now, now), headers=auth("apotek")).json()
    assert [(line["kind"], line["helfo"]) for line in second["lines"]] == [("return", "-" + made["totals"]["helfo"])]
    # the prescription has its uttak back
    after = rx_api.get(f"/api/v1/prescriptions/{made['lines'][0]['prescription_id']}", headers=auth("fastlege"))
    assert after.json()["remaining"]["uttak"] == 4


def test_eight_identical_claims_at_once_give_one_claim(rx_api: TestClient, database_url: str) -> None:
    now = today()
    dispense(rx_api, KARI, items(write(rx_api, candesartan())["id"]), "one")
    engines = [make_engine(database_url) for _ in range(8)]
    barrier = threading.Barrier(8)
    answers: list[Any] = []
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait()
            with transaction(engines[index]) as session:
                answers.append(claims.create_claim(session, "974760606", "K-race", now, now))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for engine in engines:
        engine.dispose()
    assert not errors, errors
    assert len(answers) == 8 and all(a == answers[0] for a in answers)
    assert len(answers[0]["lines"]) == 1
    with transaction(rx_api.app.state.engine) as session:  # type: ignore[attr-defined]
        assert session.scalar(select(func.count(Claim.id))) == 1
