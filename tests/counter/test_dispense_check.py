"""The check of §§ 2–6 against the sample catalogue, on the way of a prescription from the doctor to the counter:
a prescription that could never be reimbursed is refused when written, with the reasons in bokmål; specialist
vilkår are decided from the prescriber's specialties and the 'instituted by' note; the counter's check and quote
run the same check with the days of supply, and nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from blaresept.counter.tables import Dispensing
from blaresept.storage.db import transaction
from tests.prescriptions.conftest import KARI, auth, candesartan, items, quote, write


def omeprazole(**extra: Any) -> dict[str, Any]:
    """Omeprazole on ICD K21 (vilkår 12: instituted by a specialist in internal medicine …; 155: the prescriber's
    responsibility, confirmed by the doctor)."""
    return {"fnr": KARI, "varenummer": "990001", "packs": 1, "daily_dose": "1", "dosage_text": "1 kapsel daglig",
            "refund_code": "ICD:K21", "conditions_confirmed": ["155"]} | extra


def test_prescriptions_that_cannot_be_reimbursed_are_refused_when_written(rx_api: TestClient) -> None:
    refused = [
        (candesartan(varenummer="124671", refund_code="ICPC:K86"), "ingen forhåndsgodkjent refusjon"),
        (candesartan(varenummer="999999"), "999999"),
        (candesartan(refund_code="ICD:tull"), "er ikke en ICD-10-kode"),
        (candesartan(refund_code="K21"), "står ikke på refusjonslisten"),
        (omeprazole(prescriber_specialties=["allmennmedisin"], prescriber_hospital=False), "spesialist"),
        (omeprazole(prescriber_specialties=["indremedisin"], conditions_confirmed=[]), "vilkår 155"),
        (omeprazole(prescriber_specialties=["trolldom"]), "kodeverk 7426"),
    ]
    for body, message in refused:
        r = rx_api.post("/api/v1/prescriptions", json=body, headers=auth("fastlege"))
        assert r.status_code == 422, r.text
        assert message.lower() in r.json()["detail"].lower(), r.json()["detail"]
    mine = rx_api.get("/api/v1/prescriptions", headers=auth("fastlege")).json()
    assert mine == []


def test_specialist_vilkar_decided_from_the_prescriber_and_the_note(rx_api: TestClient) -> None:
    internist = write(rx_api, omeprazole(prescriber_specialties=["indremedisin"], prescriber_hospital=False))
    noted = write(rx_api, omeprazole(prescriber_specialties=["allmennmedisin"], prescriber_hospital=False,
                                     instituted_by="Spesialist i indremedisin, Ullevål"))
    unknown = write(rx_api, omeprazole())

    def vilkar_12(prescription: dict[str, Any]) -> str:
        body = quote(rx_api, KARI, items(prescription["id"]))
        [step] = [s for s in body["steps"]
                  if s["rule"] == "blaresept.eligibility.condition" and s["text"].startswith("Vilkår 12")]
        return str(step["outcome"])

    assert vilkar_12(internist) == "oppfylt"  # decided from the specialty the doctor has
    assert vilkar_12(noted) == "oppfylt"  # decided from the note on the prescription
    assert vilkar_12(unknown) == "bekreftes"  # nothing known: the pharmacy must confirm


def test_the_check_endpoint_reports_each_item_with_its_supply_without_storing(rx_api: TestClient,
                                                                               engine: Engine) -> None:
    first = write(rx_api, candesartan())
    second = write(rx_api, omeprazole(prescriber_specialties=["indremedisin"]))
    r = rx_api.post("/api/v1/pharmacy/check", json={"fnr": KARI, "items": items(first["id"], second["id"])},
                    headers=auth("apotek"))
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["reimbursable"] is True and result["unchecked"] == 0
    candesartan_line, omeprazole_line = result["lines"]
    assert (candesartan_line["varenummer"], candesartan_line["hjemmel_code"]) == ("181948", "200")
    assert {c["number"]: c["status"] for c in omeprazole_line["conditions"]} == {"12": "met", "155": "prescriber"}
    supply = [s for line in result["lines"] for s in line["steps"] if s["rule"] == "blaresept.eligibility.supply"]
    assert [s["outcome"] for s in supply] == ["oppfylt", "oppfylt"]  # the days are known: nothing to confirm
    assert "28 dagers forbruk" in supply[0]["text"]
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Dispensing.id))) == 0


def test_without_a_catalogue_nothing_can_be_prescribed(api: TestClient) -> None:
    r = api.post("/api/v1/prescriptions", json=candesartan(), headers=auth("fastlege"))
    assert r.status_code == 422 and "katalogen er tom" in r.json()["detail"].lower()
