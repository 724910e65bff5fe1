"""Export and import of a prescription as XML whose Forskrivning part is the official eResept 2.5 model,
validated against Forskrivning-2013-10-08.xsd from shared/reference/eresept."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from lxml import etree

from blaresept.persons.identity import IdentityError, check_hpr
from blaresept.prescriptions.xml import FS
from tests.prescriptions.conftest import auth, candesartan, write

SHARED = Path("/work/shared/reference/eresept/schema/felles/Forskrivning-2013-10-08.xsd")
PACKAGED = Path(__file__).parents[2] / "src/blaresept/prescriptions/schema/felles/Forskrivning-2013-10-08.xsd"
XML = {"Content-Type": "application/xml"}


def test_the_packaged_schema_is_the_shared_reference() -> None:
    if SHARED.exists():
        assert PACKAGED.read_bytes() == SHARED.read_bytes()


def test_export_validates_and_imports_back_to_the_same_prescription(rx_api: TestClient) -> None:
    written = write(rx_api, candesartan(refund_code="K86", conditions_confirmed=[]))
    r = rx_api.get(f"/api/v1/prescriptions/{written['id']}/xml", headers=auth("fastlege"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    document = etree.fromstring(r.content)
    part = document.find(f"{{{FS}}}Forskrivning")
    schema = etree.XMLSchema(etree.parse(str(PACKAGED)))
    assert schema.validate(etree.ElementTree(part)), schema.error_log
    assert part.findtext(f"{{{FS}}}Legemiddelpakning/{{{FS}}}Varenr") == "181948"

    back = rx_api.post("/api/v1/prescriptions/import", content=r.content, headers=auth("fastlege") | XML)
    assert back.status_code == 201, back.text
    copy = back.json()
    same = ("item", "packs", "daily_dose", "dosage_text", "reit", "hjemmel", "refund_code", "prescriber",
            "prescriber_reservation", "valid_until", "written")
    assert {k: copy[k] for k in same} == {k: written[k] for k in same}
    assert copy["id"] != written["id"]

    other_doctor = rx_api.post("/api/v1/prescriptions/import", content=r.content, headers=auth("lege") | XML)
    assert other_doctor.status_code == 422 and "ikke deg" in other_doctor.json()["detail"]


def test_import_refuses_doctype_invalid_forskrivning_and_garbage(rx_api: TestClient) -> None:
    written = write(rx_api, candesartan())
    good = rx_api.get(f"/api/v1/prescriptions/{written['id']}/xml", headers=auth("fastlege")).content
    cases = [
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>' + good.split(b"?>", 1)[1], "DOCTYPE"),
        (good.replace(b"<fs:Varenr>181948</fs:Varenr>", b""), "Forskrivning-2013-10-08.xsd"),
        (b"<ikke xml", "ikke gyldig XML"),
        (good.replace(b"<Reiterasjon>3</Reiterasjon>", b"<Reiterasjon>tre</Reiterasjon>"), "heltall"),
    ]
    for document, message in cases:
        r = rx_api.post("/api/v1/prescriptions/import", content=document, headers=auth("fastlege") | XML)
        assert r.status_code == 422 and message in r.json()["detail"], r.text


def test_hpr_spellings() -> None:
    assert {check_hpr(s) for s in ("HPR 9144889", "9144889", "hpr-nr. 9144889", " 09144889", "HPR:9144889")} == {
        "9144889"}
    for bad in ("x", "", "HPR", "12", "1234567890", "91448٨9"):
        try:
            check_hpr(bad)
        except IdentityError as exc:
            assert "HPR-nummer" in str(exc)
        else:
            raise AssertionError(bad)
