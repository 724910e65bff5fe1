"""Pages for referrals and fristbrudd: the hospital registers referrals, assessments and the start of help;
the patient (and a parent) sees referrals, deadlines and breaches on Min side and can report a breach; Helfo's
caseworker sees the breaches; anyone can compute an assessment deadline with its explanation."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from blaresept.audit.log import record_access
from blaresept.auth.principal import Role
from blaresept.frister import service
from blaresept.frister.calendar import calendar_around
from blaresept.frister.errors import FristError
from blaresept.persons.service import children_of, find_or_register
from blaresept.rules.errors import RuleError
from blaresept.rules.frister.assessment import assessment_deadline
from blaresept.rules.parameters import default_parameters
from blaresept.timeutil import today
from blaresept.web.common import check_csrf, render, require, unit_of_work

router = APIRouter(include_in_schema=False)


def _date(form: Any, key: str, errors: dict[str, str], label: str, required: bool = True) -> date | None:
    text = str(form.get(key) or "").strip()
    if not text:
        if required:
            errors[key] = f"Oppgi {label} (ÅÅÅÅ-MM-DD)."
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[key] = f"«{text}» er ikke en dato. Skriv {label} som ÅÅÅÅ-MM-DD."
        return None


# ------------------------------------------------------------------------------------------ calculator


@router.get("/frister", response_class=HTMLResponse)
def calculator(request: Request) -> Response:
    params = request.query_params
    errors: dict[str, str] = {}
    context: dict[str, Any] = {"section": "frister", "errors": errors, "mottatt": params.get("mottatt", ""),
                               "alvorlig": params.get("alvorlig") == "ja"}
    received = _date(params, "mottatt", errors, "mottaksdatoen", required=False)
    status = 200
    if received is not None:
        try:
            context["result"] = assessment_deadline(received, context["alvorlig"], default_parameters(),
                                                    calendar_around(received.year))
            context["steps"] = [s.as_dict() for s in context["result"].steps]
        except RuleError as exc:
            context["problem"] = str(exc)
            status = 422
    if errors:
        status = 422
    return render(request, "frister_calculator.html", context, status=status)


# ---------------------------------------------------------------------------------------------- hospital


@router.get("/sykehus", response_class=HTMLResponse)
def hospital_page(request: Request) -> Response:
    hospital = require(request, Role.HOSPITAL)
    with unit_of_work(request) as session:
        referrals = service.referrals_for_hospital(session, hospital)
    return render(request, "frister_hospital.html", {"section": "frister", "referrals": referrals, "errors": {},
                                                     "form": {}, "today": today()})


@router.post("/sykehus/henvisninger", response_class=HTMLResponse)
async def hospital_register(request: Request) -> Response:
    hospital = require(request, Role.HOSPITAL)
    form = await request.form()
    check_csrf(request, form)
    errors: dict[str, str] = {}
    received = _date(form, "mottatt", errors, "mottaksdatoen")
    fnr = str(form.get("fnr") or "").strip()
    area = str(form.get("fagomrade") or "").strip()
    if not fnr:
        errors["fnr"] = "Oppgi pasientens fødselsnummer (11 siffer)."
    if not area:
        errors["fagomrade"] = "Oppgi fagområdet henvisningen gjelder."
    problem = None
    if not errors and received is not None:
        try:
            with unit_of_work(request) as session:
                view = service.register_referral(session, hospital, fnr, area, received, form.get("alvorlig") == "ja")
                record_access(session, hospital, "frister.register", view.patient_fnr, "registrering av henvisning")
            return RedirectResponse(f"/sykehus/henvisninger/{view.reference}", status_code=303)
        except FristError as exc:
            problem = str(exc)
    with unit_of_work(request) as session:
        referrals = service.referrals_for_hospital(session, hospital)
    return render(request, "frister_hospital.html", {
        "section": "frister", "referrals": referrals, "errors": errors, "problem": problem, "today": today(),
        "form": {"fnr": fnr, "fagomrade": area, "mottatt": str(form.get("mottatt") or ""),
                 "alvorlig": form.get("alvorlig") == "ja"}}, status=422)


@router.get("/sykehus/henvisninger/{reference}", response_class=HTMLResponse)
def hospital_referral(request: Request, reference: str) -> Response:
    hospital = require(request, Role.HOSPITAL)
    try:
        with unit_of_work(request) as session:
            view = service.referral_for_hospital(session, hospital, reference)
    except FristError as exc:
        return render(request, "error.html", {"status": 404, "title": "Fant ikke henvisningen",
                                              "message": str(exc)}, status=404)
    return render(request, "frister_referral.html", {"section": "frister", "r": view, "errors": {}, "form": {},
                                                     "today": today()})


@router.post("/sykehus/henvisninger/{reference}/{action}", response_class=HTMLResponse)
async def hospital_action(request: Request, reference: str, action: str) -> Response:
    hospital = require(request, Role.HOSPITAL)
    form = await request.form()
    check_csrf(request, form)
    errors: dict[str, str] = {}
    problem = None
    try:
        if action == "vurdering":
            assessed = _date(form, "vurdert", errors, "vurderingsdatoen")
            has_right = form.get("rett") == "ja"
            deadline = _date(form, "frist", errors, "fristen", required=has_right)
            if not errors and assessed is not None:
                with unit_of_work(request) as session:
                    service.record_assessment(session, hospital, reference, assessed, has_right, deadline)
                return RedirectResponse(f"/sykehus/henvisninger/{reference}", status_code=303)
        elif action == "oppstart":
            started = _date(form, "startet", errors, "oppstartsdatoen")
            if not errors and started is not None:
                with unit_of_work(request) as session:
                    service.record_help_started(session, hospital, reference, started)
                return RedirectResponse(f"/sykehus/henvisninger/{reference}", status_code=303)
        else:
            problem = "Ukjent handling."
    except FristError as exc:
        problem = str(exc)
    with unit_of_work(request) as session:
        try:
            view = service.referral_for_hospital(session, hospital, reference)
        except FristError as exc:
            return render(request, "error.html", {"status": 404, "title": "Fant ikke henvisningen",
                                                  "message": str(exc)}, status=404)
    return render(request, "frister_referral.html", {"section": "frister", "r": view, "errors": errors,
                                                     "problem": problem, "form": dict(form), "today": today()},
                  status=422)


# ------------------------------------------------------------------------------------------ the patient


def _patient_context(request: Request, child: str, problem: str | None = None,
                     notice: str | None = None) -> tuple[dict[str, Any], int]:
    patient = require(request, Role.PATIENT)
    context: dict[str, Any] = {"section": "patient", "child": child, "problem": problem, "notice": notice}
    status = 200
    with unit_of_work(request) as session:
        assert patient.fnr is not None
        me = find_or_register(session, patient.fnr, patient.name)
        children = children_of(session, me)
        context["children"] = [{"number": n, "name": c.name or f"Barn {n}"} for n, c in enumerate(children, 1)]
        wanted = None
        if child:
            if not child.isdigit() or not 1 <= int(child) <= len(children):
                context["problem"] = "Fant ikke barnet du valgte. Velg et av barna i listen."
                return context, 404
            wanted = children[int(child) - 1]
        target = wanted or me
        context["target_name"] = target.name or patient.name
        context["viewing_child"] = wanted is not None
        record_access(session, patient, "frister.patient", target.fnr, "innsyn i henvisninger og frister")
        context["referrals"] = service.referrals_for_patient(session, patient, wanted.fnr if wanted else None)
        context["formidling"] = _formidling_for(session, patient, wanted.fnr if wanted else None)
    return context, status


def _formidling_for(session: Any, patient: Any, child_fnr: str | None) -> list[Any]:
    """Pasientformidling cases for the person (empty until the case module is present)."""
    try:
        formidling = importlib.import_module("blaresept.frister.formidling")
    except ModuleNotFoundError:
        return []
    return list(formidling.cases_for_patient(session, patient, child_fnr))


@router.get("/min-side/henvisninger", response_class=HTMLResponse)
def patient_referrals(request: Request) -> Response:
    child = request.query_params.get("barn", "").strip()
    context, status = _patient_context(request, child)
    return render(request, "frister_patient.html", context, status=status)


@router.post("/min-side/henvisninger/{reference}/fristbrudd", response_class=HTMLResponse)
async def patient_report(request: Request, reference: str) -> Response:
    patient = require(request, Role.PATIENT)
    form = await request.form()
    check_csrf(request, form)
    child = str(form.get("barn") or "").strip()
    problem = notice = None
    try:
        with unit_of_work(request) as session:
            child_fnr = None
            if child:
                assert patient.fnr is not None
                children = children_of(session, find_or_register(session, patient.fnr))
                if child.isdigit() and 1 <= int(child) <= len(children):
                    child_fnr = children[int(child) - 1].fnr
            service.report_breach(session, patient, reference, child_fnr=child_fnr)
        notice = f"Fristbruddet for henvisning {reference} er meldt til Helfo."
    except FristError as exc:
        problem = str(exc)
    context, status = _patient_context(request, child, problem, notice)
    return render(request, "frister_patient.html", context, status=422 if problem else status)


# ------------------------------------------------------------------------------------------ Helfo


@router.get("/saksbehandler/fristbrudd", response_class=HTMLResponse)
def caseworker_breaches(request: Request) -> Response:
    require(request, Role.CASEWORKER)
    with unit_of_work(request) as session:
        items = service.breaches(session, status=None)
        queue = formidling_service().queue(session)
    return render(request, "frister_breaches.html", {"section": "frister", "items": items, "queue": queue})


# ------------------------------------------------------------------------------------------ pasientformidling


@router.post("/saksbehandler/fristbrudd/{breach_id}/formidling", response_class=HTMLResponse)
async def caseworker_open(request: Request, breach_id: int) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    form = await request.form()
    check_csrf(request, form)
    try:
        with unit_of_work(request) as session:
            view = formidling_service().open_case(session, caseworker, breach_id)
        return RedirectResponse(f"/saksbehandler/formidling/{view.id}", status_code=303)
    except FristError as exc:
        with unit_of_work(request) as session:
            items = service.breaches(session, status=None)
            queue = formidling_service().queue(session)
        return render(request, "frister_breaches.html", {"section": "frister", "items": items, "queue": queue,
                                                         "problem": str(exc)}, status=409)


def formidling_service() -> Any:
    return importlib.import_module("blaresept.frister.formidling")


def _case_page(request: Request, formidling_id: int, problem: str | None = None, status: int = 200) -> Response:
    with unit_of_work(request) as session:
        try:
            view = formidling_service().get(session, formidling_id)
            slots, explanation = formidling_service().candidates(session, formidling_id)
        except FristError as exc:
            return render(request, "error.html", {"status": 404, "title": "Fant ikke saken", "message": str(exc)},
                          status=404)
    return render(request, "frister_formidling.html", {"section": "frister", "f": view, "slots": slots,
                                                       "explanation": explanation, "problem": problem,
                                                       "today": today()}, status=status)


@router.get("/saksbehandler/formidling/{formidling_id}", response_class=HTMLResponse)
def caseworker_case(request: Request, formidling_id: int) -> Response:
    require(request, Role.CASEWORKER)
    return _case_page(request, formidling_id)


@router.post("/saksbehandler/formidling/{formidling_id}/{action}", response_class=HTMLResponse)
async def caseworker_action(request: Request, formidling_id: int, action: str) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    form = await request.form()
    check_csrf(request, form)
    f = formidling_service()
    try:
        with unit_of_work(request) as session:
            if action == "svar":
                f.record_answer(session, caseworker, formidling_id)
            elif action == "hast":
                f.set_urgent(session, caseworker, formidling_id, form.get("hast") == "ja",
                             str(form.get("begrunnelse") or ""))
            elif action == "tilbud":
                f.make_offer(session, caseworker, formidling_id, str(form.get("behandlingssted") or ""))
            else:
                raise FristError("Ukjent handling.")
        return RedirectResponse(f"/saksbehandler/formidling/{formidling_id}", status_code=303)
    except FristError as exc:
        return _case_page(request, formidling_id, str(exc), status=422)


@router.post("/min-side/formidling/{formidling_id}/svar", response_class=HTMLResponse)
async def patient_reply(request: Request, formidling_id: int) -> Response:
    patient = require(request, Role.PATIENT)
    form = await request.form()
    check_csrf(request, form)
    child = str(form.get("barn") or "").strip()
    accept = form.get("svar") == "ja"
    problem = notice = None
    try:
        with unit_of_work(request) as session:
            view = formidling_service().reply(session, patient, formidling_id, accept)
        notice = (f"Du har takket ja til tilbudet fra {view.provider_name}. Bekreftelsen ligger under brev."
                  if accept else "Du har takket nei. Du står fortsatt på ventelisten hos det opprinnelige "
                                 "behandlingsstedet.")
    except FristError as exc:
        problem = str(exc)
    context, status = _patient_context(request, child, problem, notice)
    return render(request, "frister_patient.html", context, status=422 if problem else status)


@router.get("/behandlingssted", response_class=HTMLResponse)
def provider_page(request: Request) -> Response:
    provider = require(request, Role.PROVIDER)
    with unit_of_work(request) as session:
        offers = formidling_service().offers_for_provider(session, provider)
    return render(request, "frister_provider.html", {"section": "frister", "offers": offers})
