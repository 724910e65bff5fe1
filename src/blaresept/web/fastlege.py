"""Fastlegeordningen on the web: «Min fastlege» on Min side (like helsenorge's «Bytt fastlege»: my fastlege,
changes used this year, choose another list or join its waiting list, for me or my children, with the reason
when it is refused), the fastlege's own list, and Helfo's page for the kommuners lists (listetak, open/closed,
registered moves, the monthly run). The service layer decides and audits; these pages only show and ask."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from blaresept.audit.log import record_person_access
from blaresept.auth.principal import Principal, Role
from blaresept.fastlege import access, changes, register, views
from blaresept.fastlege.errors import NotAllowed, RegisterError
from blaresept.fastlege.monthly import run_month
from blaresept.persons.identity import IdentityError
from blaresept.persons.service import AccessDenied, PersonNotFound, children_of, find_or_register, find_person
from blaresept.rules.fastlege.model import ChangeKind
from blaresept.rules.parameters import OutOfScope
from blaresept.timeutil import today
from blaresept.web.common import LoginRequired, check_csrf, current_user, render, require, unit_of_work

router = APIRouter(include_in_schema=False)

PROBLEMS = (AccessDenied, PersonNotFound, IdentityError, OutOfScope, RegisterError, NotAllowed)


def _status_of(exc: Exception) -> int:
    return 403 if isinstance(exc, AccessDenied) else 404 if isinstance(exc, PersonNotFound) else 422


async def _form(request: Request) -> tuple[dict[str, str], list[str]]:
    form = await request.form()
    check_csrf(request, form)
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    return values, [str(v) for v in form.getlist("med_barn")]


# ------------------------------------------------------------------------------------------ Min fastlege


@router.get("/fastlege")
def fastlege_entry(request: Request) -> Response:
    """The fastlege section for whoever is logged in: Min fastlege, the fastlege's list, or Helfo's lists."""
    principal = current_user(request)
    if principal is None:
        raise LoginRequired("/fastlege")
    target = {Role.DOCTOR: "/lege/fastlegeliste", Role.CASEWORKER: "/helfo/fastlege"}.get(principal.role,
                                                                                          "/min-side/fastlege")
    return RedirectResponse(target, status_code=303)


def _my_page(request: Request, patient: Principal, child_text: str, result: dict[str, Any] | None = None,
             problem: str | None = None, status: int = 200) -> Response:
    context: dict[str, Any] = {"section": "fastlege", "child": child_text, "result": result, "problem": problem,
                               "on": today()}
    try:
        with unit_of_work(request) as session:
            assert patient.fnr is not None
            me = find_or_register(session, patient.fnr, patient.name)
            children = children_of(session, me)
            context["me"] = {"name": me.name or patient.name}
            context["children"] = [{"number": n, "name": c.name or f"Barn {n}", "birth_date": c.birth_date}
                                   for n, c in enumerate(children, start=1)]
            target = _chosen(children, child_text) or me
            record_person_access(session, patient, "fastlege.status", target.id, "innsyn i fastlege og venteliste")
            context["data"] = views.person_status(session, target, today())
            context["viewing_child"] = target.id != me.id
            context["lists"] = views.open_lists(session, today())
    except PROBLEMS as exc:
        context["problem"] = str(exc)
        status = _status_of(exc)
    return render(request, "fastlege_person.html", context, status=status)


def _chosen(children: list[Any], child_text: str) -> Any:
    if not child_text:
        return None
    if not child_text.isdigit() or not 1 <= int(child_text) <= len(children):
        raise PersonNotFound("Fant ikke barnet du valgte. Velg et av barna i listen.")
    return children[int(child_text) - 1]


@router.get("/min-side/fastlege", response_class=HTMLResponse)
def my_gp(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    return _my_page(request, patient, request.query_params.get("barn", "").strip())


@router.post("/min-side/fastlege/bytt", response_class=HTMLResponse)
async def change_gp(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    values, with_children = await _form(request)
    child_text = values.get("barn", "")
    try:
        with unit_of_work(request) as session:
            assert patient.fnr is not None
            me = find_or_register(session, patient.fnr)
            kids = children_of(session, me)
            person = _chosen(kids, child_text) or me
            followers = [_chosen(kids, n) for n in with_children if person.id == me.id]
            list_id = _list_id(values.get("liste", ""))
            kind = ChangeKind.RETURN if values.get("tilbake") == "ja" else ChangeKind.ORDINARY
            outcome = changes.request_change(session, person, list_id, today(), patient.label, kind, followers,
                                             by_guardian=person.id != me.id)
            for who in (person, *followers):
                record_person_access(session, patient, "fastlege.change", who.id, "bytte av fastlege")
            result = {"what": "change", **outcome.as_dict(),
                      "gp": views.list_summary(session, register.get_list(session, list_id), today())["gp"],
                      "children_names": {c.change_id: c.person_name for c in outcome.children}}
    except PROBLEMS as exc:
        return _my_page(request, patient, child_text, problem=str(exc), status=_status_of(exc))
    return _my_page(request, patient, child_text, result=result, status=200 if result["accepted"] else 422)


@router.post("/min-side/fastlege/venteliste", response_class=HTMLResponse)
async def join_waiting(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    values, with_children = await _form(request)
    child_text = values.get("barn", "")
    try:
        with unit_of_work(request) as session:
            assert patient.fnr is not None
            me = find_or_register(session, patient.fnr)
            kids = children_of(session, me)
            person = _chosen(kids, child_text) or me
            followers = [_chosen(kids, n) for n in with_children if person.id == me.id]
            list_id = _list_id(values.get("liste", ""))
            outcome = changes.join_waiting_list(session, person, list_id, today(), patient.label, followers)
            for who in (person, *followers):
                record_person_access(session, patient, "fastlege.waiting", who.id, "venteliste for fastlege")
            result = {"what": "waiting", **outcome.as_dict(),
                      "gp": views.list_summary(session, register.get_list(session, list_id), today())["gp"]}
    except PROBLEMS as exc:
        return _my_page(request, patient, child_text, problem=str(exc), status=_status_of(exc))
    return _my_page(request, patient, child_text, result=result, status=200 if result["accepted"] else 422)


@router.post("/min-side/fastlege/venteliste/meld-av", response_class=HTMLResponse)
async def leave_waiting(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    values, _ = await _form(request)
    child_text = values.get("barn", "")
    try:
        with unit_of_work(request) as session:
            assert patient.fnr is not None
            me = find_or_register(session, patient.fnr)
            person = _chosen(children_of(session, me), child_text) or me
            left = changes.leave_waiting_list(session, person)
            record_person_access(session, patient, "fastlege.waiting.leave", person.id, "venteliste for fastlege")
    except PROBLEMS as exc:
        return _my_page(request, patient, child_text, problem=str(exc), status=_status_of(exc))
    return _my_page(request, patient, child_text, result={"what": "left", "left": left})


def _list_id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 2_147_483_647:
        raise RegisterError("Velg en fastlege i listen.")
    return int(text)


# ------------------------------------------------------------------------------------------- the fastlege


@router.get("/lege/fastlegeliste", response_class=HTMLResponse)
def doctor_list(request: Request) -> Response:
    doctor = require(request, Role.DOCTOR)
    context: dict[str, Any] = {"section": "fastlege", "on": today()}
    status = 200
    try:
        with unit_of_work(request) as session:
            row = access.own_list(session, doctor)
            record_person_access(session, doctor, "fastlege.list", None, "fastlegens egen liste")
            context["data"] = views.list_detail(session, row, today())
    except PROBLEMS as exc:
        context["problem"] = str(exc)
        status = _status_of(exc)
    return render(request, "fastlege_list.html", context, status=status)


# ------------------------------------------------------------------------------------------------ Helfo


def _helfo_page(request: Request, caseworker: Principal, result: dict[str, Any] | None = None,
                problem: str | None = None, status: int = 200, values: dict[str, str] | None = None) -> Response:
    values = values or {}
    on = today()
    context: dict[str, Any] = {"section": "fastlege", "on": on, "result": result, "problem": problem,
                               "values": values}
    with unit_of_work(request) as session:
        context["lists"] = views.kommune_lists(session, on)
        fnr = values.get("person") or request.query_params.get("person", "").strip()
        if fnr:
            try:
                person = find_person(session, fnr)
                record_person_access(session, caseworker, "fastlege.status", person.id, "forvaltning av fastlege")
                context["person"] = views.person_status(session, person, on)
            except PROBLEMS as exc:
                context["problem"] = str(exc)
                status = _status_of(exc)
    return render(request, "fastlege_helfo.html", context, status=status)


@router.get("/helfo/fastlege", response_class=HTMLResponse)
def helfo_page(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    return _helfo_page(request, caseworker)


@router.get("/helfo/fastlege/liste/{list_id}", response_class=HTMLResponse)
def helfo_list(request: Request, list_id: int) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    context: dict[str, Any] = {"section": "fastlege", "on": today(), "helfo": True}
    status = 200
    try:
        with unit_of_work(request) as session:
            record_person_access(session, caseworker, "fastlege.list", None, f"forvaltning av liste {list_id}")
            context["data"] = views.list_detail(session, register.get_list(session, _list_id(str(list_id))),
                                                today())
    except PROBLEMS as exc:
        context["problem"] = str(exc)
        status = _status_of(exc)
    return render(request, "fastlege_list.html", context, status=status)


@router.post("/helfo/fastlege/listetak", response_class=HTMLResponse)
async def helfo_capacity(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    values, _ = await _form(request)
    try:
        capacity_text = values.get("listetak", "")
        if not capacity_text.isdigit() or int(capacity_text) > 5000:
            raise RegisterError("Listetaket må være et helt tall mellom 0 og 5000.")
        open_ = {"ja": True, "nei": False}.get(values.get("apen", ""))
        with unit_of_work(request) as session:
            row = register.set_capacity(session, _list_id(values.get("liste", "")), int(capacity_text), open_,
                                        today(), caseworker.label)
            summary = views.list_summary(session, row, today())
    except PROBLEMS as exc:
        return _helfo_page(request, caseworker, problem=str(exc), status=_status_of(exc), values=values)
    return _helfo_page(request, caseworker, result={
        "text": f"Listen til {summary['gp']} har nå listetak {summary['capacity']} "
                f"({'åpen' if summary['open'] else 'lukket'}), {summary['free']} ledige plasser."})


@router.post("/helfo/fastlege/flytting", response_class=HTMLResponse)
async def helfo_move(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    values, _ = await _form(request)
    try:
        with unit_of_work(request) as session:
            person = find_person(session, values.get("fnr", ""))
            moved = register.register_move(session, person, values.get("kommune", ""), today(), caseworker.label)
            record_person_access(session, caseworker, "fastlege.move", person.id, "registrert flytting")
            name = person.name
    except PROBLEMS as exc:
        return _helfo_page(request, caseworker, problem=str(exc), status=_status_of(exc), values=values)
    text = f"Flyttingen for {name} er registrert fra {today().strftime('%d.%m.%Y')}."
    if moved:
        text += " Den gir ett bytte av fastlege som ikke teller."
    return _helfo_page(request, caseworker, result={"text": text}, values={"person": values.get("fnr", "")})


@router.post("/helfo/fastlege/manedskjoring", response_class=HTMLResponse)
async def helfo_run(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    values, _ = await _form(request)
    try:
        day = date.fromisoformat(values.get("dato", ""))
    except ValueError:
        return _helfo_page(request, caseworker, problem="Skriv datoen som ÅÅÅÅ-MM-DD.", status=422, values=values)
    if not date(2009, 1, 1) <= day <= date(2100, 12, 31):
        return _helfo_page(request, caseworker, problem="Datoen må være mellom 2009 og 2100.", status=422,
                           values=values)
    try:
        summary = run_month(request.app.state.engine, day, caseworker.label)
    except PROBLEMS as exc:
        return _helfo_page(request, caseworker, problem=str(exc), status=_status_of(exc), values=values)
    return _helfo_page(request, caseworker, result={"run": summary.as_dict()})
