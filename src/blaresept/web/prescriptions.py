"""Pages of the prescription register and the claim: the doctor writes and cancels blue prescriptions (and
downloads one as XML); the pharmacy registers a paper or telephone prescription before dispensing against it;
the pharmacy claims Helfo's share for a period and sees Helfo's settlement; Helfo settles a claim. The same
services as the API, one transaction per form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from blaresept.api.routers.pharmacy import specialty_codes
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.counter import claims, service
from blaresept.persons.identity import IdentityError
from blaresept.persons.tables import Person
from blaresept.prescriptions import service as register
from blaresept.prescriptions import xml
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope
from blaresept.timeutil import today
from blaresept.web.common import check_csrf, render, require, unit_of_work
from blaresept.web.counter import CounterPage, page, show_patient
from blaresept.web.forms import (
    HJEMLER,
    HOSPITAL,
    KINDS,
    CounterForm,
    PrescriptionForm,
    hospital_of,
    parse_date,
    prescription_input,
    specialties_of,
)

router = APIRouter(include_in_schema=False)
ERRORS = (IdentityError, RuleInputError, OutOfScope, register.NotFound, register.Conflict)


def _person_fnr(session: Any, record: Any) -> str | None:
    person = session.get(Person, record.person_id)
    return person.fnr if person else None


# --- the doctor ---------------------------------------------------------------------------------------------------


def _doctor_page(request: Request, doctor: Principal, form: PrescriptionForm, *, errors: dict[str, str] | None = None,
                 problem: str | None = None, written: dict[str, Any] | None = None, status: int = 200,
                 focus: str | None = None) -> Response:
    with unit_of_work(request) as session:
        mine = [register.body(session, r) for r in register.doctor_list(session, doctor.hpr or "", limit=30)] \
            if doctor.hpr else []
        record_access(session, doctor, "prescription.list", None, "legens egne resepter")
    return render(request, "prescriptions_doctor.html", {
        "section": "prescriptions", "doctor": doctor, "form": form, "errors": errors or {}, "problem": problem,
        "written": written, "mine": mine, "hjemler": HJEMLER, "hospital_options": HOSPITAL, "paper": False,
        "action": "/lege/resepter", "focus": focus}, status=status)


@router.get("/lege/resepter", response_class=HTMLResponse)
def doctor_page(request: Request) -> Response:
    doctor = require(request, Role.DOCTOR)
    return _doctor_page(request, doctor, PrescriptionForm())


@router.post("/lege/resepter", response_class=HTMLResponse)
async def doctor_write(request: Request) -> Response:
    doctor = require(request, Role.DOCTOR)
    data = await request.form()
    check_csrf(request, data)
    form = PrescriptionForm.parse(data)
    wanted, errors = prescription_input(form, paper=False)
    if wanted is None:
        return _doctor_page(request, doctor, form, errors=errors, status=422, focus="feiloppsummering")
    try:
        with unit_of_work(request) as session:
            prescriber = register.Prescriber(doctor.hpr or "", doctor.name,
                                             specialty_codes(specialties_of(form)), hospital_of(form))
            record = register.write(session, prescriber, wanted, registered_by=doctor.subject)
            record_access(session, doctor, "prescription.write", _person_fnr(session, record),
                          "forskrivning av blå resept")
            written = register.body(session, record)
    except ERRORS as exc:
        return _doctor_page(request, doctor, form, problem=str(exc), status=422, focus="feiloppsummering")
    return _doctor_page(request, doctor, PrescriptionForm(), written=written, status=201, focus="skrevet")


@router.post("/lege/resepter/{prescription_id}/tilbakekall", response_class=HTMLResponse)
async def doctor_cancel(request: Request, prescription_id: int) -> Response:
    doctor = require(request, Role.DOCTOR)
    data = await request.form()
    check_csrf(request, data)
    reason = str(data.get("grunn") or "").strip()[:300]
    try:
        with unit_of_work(request) as session:
            record = register.cancel(session, doctor.hpr or "", prescription_id, reason)
            record_access(session, doctor, "prescription.cancel", _person_fnr(session, record),
                          "tilbakekalling av resept")
    except ERRORS as exc:
        return _doctor_page(request, doctor, PrescriptionForm(), problem=str(exc), status=422,
                            focus="feiloppsummering")
    return _doctor_page(request, doctor, PrescriptionForm(), problem=None, status=200,
                        written=None, focus=f"resept-{prescription_id}")


@router.get("/lege/resepter/{prescription_id}/xml")
def doctor_xml(request: Request, prescription_id: int) -> Response:
    doctor = require(request, Role.DOCTOR)
    try:
        with unit_of_work(request) as session:
            record = register.get_for_doctor(session, doctor.hpr or "", prescription_id)
            record_access(session, doctor, "prescription.export", _person_fnr(session, record), "eksport av resept")
            document = xml.export(session, record)
    except (register.NotFound, IdentityError) as exc:
        return render(request, "error.html", {"status": 404, "title": "Fant ikke resepten", "message": str(exc)},
                      status=404)
    return Response(document, media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="resept-{prescription_id}.xml"'})


# --- the pharmacy's paper or telephone prescription ---------------------------------------------------------------


def _paper_page(request: Request, pharmacy: Principal, form: PrescriptionForm, *,
                errors: dict[str, str] | None = None, problem: str | None = None, status: int = 200) -> Response:
    return render(request, "paper_prescription.html", {
        "section": "counter", "pharmacy": pharmacy, "form": form, "errors": errors or {}, "problem": problem,
        "hjemler": HJEMLER, "hospital_options": HOSPITAL, "kinds": KINDS, "paper": True,
        "action": "/apotek/papirresept", "focus": "feiloppsummering" if errors or problem else None}, status=status)


@router.get("/apotek/papirresept", response_class=HTMLResponse)
def paper_page(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    return _paper_page(request, pharmacy, PrescriptionForm(skrevet=today().strftime("%d.%m.%Y")))


@router.post("/apotek/papirresept", response_class=HTMLResponse)
async def paper_register(request: Request) -> Response:
    """Register the paper or telephone prescription, then show the counter with the patient found."""
    pharmacy = require(request, Role.PHARMACY)
    data = await request.form()
    check_csrf(request, data)
    form = PrescriptionForm.parse(data)
    wanted, errors = prescription_input(form, paper=True)
    if wanted is None:
        return _paper_page(request, pharmacy, form, errors=errors, status=422)
    try:
        with unit_of_work(request) as session:
            prescriber = register.Prescriber(form.hpr, form.forskriver, specialty_codes(specialties_of(form)),
                                             hospital_of(form))
            record = register.write(session, prescriber, wanted, registered_by=f"apotek:{pharmacy.org_number}")
            record_access(session, pharmacy, "pharmacy.register_prescription", _person_fnr(session, record),
                          "registrering av papirresept")
            number = record.id
    except ERRORS as exc:
        return _paper_page(request, pharmacy, form, problem=str(exc), status=422)
    counter = CounterPage(CounterForm(fnr=wanted.fnr))
    counter.notice = (f"{KINDS[wanted.kind]} er registrert som resept {number}. Velg den under for å utlevere.")
    counter.focus = "resepter-overskrift"
    show_patient(request, counter, pharmacy, explicit=True)
    counter.status = 201
    return page(request, counter, pharmacy)


# --- claims -------------------------------------------------------------------------------------------------------


def _claims_page(request: Request, pharmacy: Principal, *, errors: dict[str, str] | None = None,
                 problem: str | None = None, values: dict[str, str] | None = None, made: str | None = None,
                 status: int = 200) -> Response:
    with unit_of_work(request) as session:
        mine = claims.pharmacy_claims(session, pharmacy.org_number or "")
        record_access(session, pharmacy, "pharmacy.claims", None, "egne refusjonskrav")
    now = today()
    return render(request, "claims_pharmacy.html", {
        "section": "counter", "pharmacy": pharmacy, "claims": mine, "errors": errors or {}, "problem": problem,
        "values": values or {"krav": f"K-{now.isoformat()}", "fra": now.replace(day=1).strftime("%d.%m.%Y"),
                              "til": now.strftime("%d.%m.%Y")}, "made": made}, status=status)


@router.get("/apotek/krav", response_class=HTMLResponse)
def claims_page(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    return _claims_page(request, pharmacy)


@router.post("/apotek/krav", response_class=HTMLResponse)
async def claims_post(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    data = await request.form()
    check_csrf(request, data)
    values = {k: str(data.get(k) or "").strip()[:100] for k in ("krav", "fra", "til")}
    errors: dict[str, str] = {}
    start, end = parse_date(values["fra"]), parse_date(values["til"])
    if not values["krav"]:
        errors["krav"] = "Skriv apotekets krav-id."
    if start is None:
        errors["fra"] = "Skriv første dag i perioden som dd.mm.åååå."
    if end is None:
        errors["til"] = "Skriv siste dag i perioden som dd.mm.åååå."
    if errors or start is None or end is None:
        return _claims_page(request, pharmacy, errors=errors, values=values, status=422)
    try:
        with unit_of_work(request) as session:
            record_access(session, pharmacy, "pharmacy.claim", None, "refusjonskrav til Helfo")
            claims.create_claim(session, pharmacy.org_number or "", values["krav"], start, end)
    except (RuleInputError, service.Conflict, IdentityError) as exc:
        return _claims_page(request, pharmacy, problem=str(exc), values=values, status=422)
    return _claims_page(request, pharmacy, made=values["krav"], status=201)


def _helfo_page(request: Request, caseworker: Principal, settled: dict[str, Any] | None = None,
                problem: str | None = None, status: int = 200) -> Response:
    with unit_of_work(request) as session:
        received = claims.received_claims(session)
        record_access(session, caseworker, "helfo.claims", None, "mottatte refusjonskrav")
    return render(request, "claims_helfo.html", {"section": "cases", "received": received, "settled": settled,
                                                 "problem": problem}, status=status)


@router.get("/helfo/krav", response_class=HTMLResponse)
def helfo_claims(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    return _helfo_page(request, caseworker)


@router.post("/helfo/krav/{claim_number}/oppgjor", response_class=HTMLResponse)
async def helfo_settle(request: Request, claim_number: int) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    data = await request.form()
    check_csrf(request, data)
    try:
        with unit_of_work(request) as session:
            record_access(session, caseworker, "helfo.settle", None, "oppgjør av refusjonskrav")
            settled = claims.settle(session, claim_number, caseworker.label)
    except service.NotFound as exc:
        return _helfo_page(request, caseworker, problem=str(exc), status=404)
    return _helfo_page(request, caseworker, settled=settled)
