"""The must-show path through the API: a demo doctor writes a blue prescription with reit 3 for a demo patient;
the pharmacist retrieves it and dispenses one month; the prescription shows what remains; the patient sees the
dispensing with the drug's name."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.prescriptions.conftest import KARI, auth, candesartan, dispense, items, write


def test_doctor_writes_pharmacy_dispenses_one_month_and_what_remains_is_shown(rx_api: TestClient) -> None:
    written = write(rx_api, candesartan())
    assert written["status"] == "valid"
    assert written["prescriber"]["hpr"] == "565501872"
    assert written["refund_code"] == "ICPC:K86"
    assert any("ICPC-2" in note for note in written["notes"])
    assert written["supply_days_per_uttak"] == 28
    assert written["remaining"] == {"uttak": 4, "packs": 4, "valid_until": written["valid_until"]}

    found = rx_api.post("/api/v1/pharmacy/prescriptions/lookup", json={"fnr": KARI}, headers=auth("apotek"))
    assert found.status_code == 200, found.text
    [listed] = found.json()["prescriptions"]
    assert listed["id"] == written["id"] and listed["status"] == "valid"

    stored = dispense(rx_api, KARI, items(written["id"]), "month-1")
    [line] = stored["lines"]
    assert line["description"] == "Candesartan Krka Tab 8 mg" and line["packs"] == 1 and line["supply_days"] == 28

    after = rx_api.get(f"/api/v1/prescriptions/{written['id']}", headers=auth("fastlege")).json()
    assert after["remaining"]["uttak"] == 3 and after["remaining"]["packs"] == 3
    assert [d["dispensing"] for d in after["dispensings"]] == [stored["id"]]

    year = rx_api.get(f"/api/v1/patient/years/{stored['date'][:4]}", headers=auth("pasient")).json()
    assert [line["description"] for d in year["dispensings"] for line in d["lines"]] == ["Candesartan Krka Tab 8 mg"]
