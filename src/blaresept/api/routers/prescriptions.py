"""The prescription register for doctors: write a blue prescription, see one's own, cancel one, and export or
import it as Forskrivning XML. Only the doctor role; a doctor sees only what they wrote (by HPR number)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from blaresept.api.deps import DoctorDep, SessionDep
from blaresept.api.prescription_schemas import CancelIn, PrescriptionIn, PrescriptionOut
from blaresept.api.problems import Problem
from blaresept.api.routers.pharmacy import specialty_codes
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal
from blaresept.persons.tables import Person
from blaresept.prescriptions import service, xml
from blaresept.prescriptions.service import Prescriber, PrescriptionInput

router = APIRouter(prefix="/prescriptions", tags=["reseptregister"])

PrescriptionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Reseptens nummer i registeret")]
XML_MEDIA = "application/xml"


def to_input(body: PrescriptionIn, kind: str = "electronic", written: Any = None) -> PrescriptionInput:
    return PrescriptionInput(
        fnr=body.fnr, packs=body.packs, daily_dose=body.daily_dose, dosage_text=body.dosage_text, reit=body.reit,
        hjemmel=body.hjemmel, varenummer=body.varenummer, item=body.item, refund_code=body.refund_code,
        conditions_confirmed=tuple(c.strip() for c in body.conditions_confirmed),
        prescriber_reservation=body.prescriber_reservation, instituted_by=body.instituted_by, written=written,
        kind=kind)


def prescriber_of(doctor: Principal, body: PrescriptionIn) -> Prescriber:
    if not doctor.hpr:
        raise Problem(403, "Innloggingen din har ikke noe HPR-nummer, så du kan ikke skrive resepter.")
    return Prescriber(doctor.hpr, doctor.name, specialty_codes(body.prescriber_specialties), body.prescriber_hospital)


def _body(session: Any, record: Any) -> dict[str, Any]:
    return service.body(session, record, session.get(Person, record.person_id))


@router.post("", response_model=PrescriptionOut, status_code=201, summary="Skriv en blå resept (e-resept)")
def write(body: PrescriptionIn, session: SessionDep, doctor: DoctorDep) -> dict[str, Any]:
    record = service.write(session, prescriber_of(doctor, body), to_input(body), registered_by=doctor.subject)
    record_access(session, doctor, "prescription.write", record_fnr(session, record), "forskrivning av blå resept")
    return _body(session, record)


@router.get("", response_model=list[PrescriptionOut], summary="Mine resepter (de 100 siste)")
def mine(session: SessionDep, doctor: DoctorDep) -> list[dict[str, Any]]:
    record_access(session, doctor, "prescription.list", None, "legens egne resepter")
    return [_body(session, r) for r in service.doctor_list(session, doctor.hpr or "")]


@router.get("/{prescription_id}", response_model=PrescriptionOut, summary="En resept du har skrevet")
def one(prescription_id: PrescriptionId, session: SessionDep, doctor: DoctorDep) -> dict[str, Any]:
    record = _mine(session, doctor, prescription_id)
    record_access(session, doctor, "prescription.read", record_fnr(session, record), "legens egen resept")
    return _body(session, record)


@router.post("/{prescription_id}/cancel", response_model=PrescriptionOut,
             summary="Tilbakekall en resept (den kan ikke utleveres etterpå)")
def cancel(prescription_id: PrescriptionId, body: CancelIn, session: SessionDep, doctor: DoctorDep) -> dict[str, Any]:
    try:
        record = service.cancel(session, doctor.hpr or "", prescription_id, body.reason)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None
    except service.Conflict as exc:
        raise Problem(409, str(exc)) from None
    record_access(session, doctor, "prescription.cancel", record_fnr(session, record), "tilbakekalling av resept")
    return _body(session, record)


@router.get("/{prescription_id}/xml", summary="Resepten som XML med den offisielle Forskrivning (eResept 2.5)",
            response_class=Response, responses={200: {"content": {XML_MEDIA: {}}}})
def export(prescription_id: PrescriptionId, session: SessionDep, doctor: DoctorDep) -> Response:
    record = _mine(session, doctor, prescription_id)
    record_access(session, doctor, "prescription.export", record_fnr(session, record), "eksport av resept")
    return Response(xml.export(session, record), media_type=XML_MEDIA)


async def xml_body(request: Request) -> bytes:
    """The request body as XML bytes, at most MAX_XML bytes."""
    data = await request.body()
    if len(data) > xml.MAX_XML:
        raise Problem(413, f"Dokumentet er for stort (høyst {xml.MAX_XML // 1000} kB).")
    return data


@router.post("/import", response_model=PrescriptionOut, status_code=201,
             summary="Skriv en resept fra XML (samme format som eksporten); forskriveren må være deg",
             openapi_extra={"requestBody": {"required": True, "content": {XML_MEDIA: {"schema": {"type": "string"}}}}})
def import_xml(session: SessionDep, doctor: DoctorDep, document: Annotated[bytes, Depends(xml_body)]
               ) -> dict[str, Any]:
    record = xml.import_document(session, document, doctor)
    record_access(session, doctor, "prescription.import", record_fnr(session, record), "import av resept")
    return _body(session, record)


def _mine(session: Any, doctor: Principal, prescription_id: int) -> Any:
    try:
        return service.get_for_doctor(session, doctor.hpr or "", prescription_id)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None


def record_fnr(session: Any, record: Any) -> str | None:
    person = session.get(Person, record.person_id)
    return person.fnr if person else None
