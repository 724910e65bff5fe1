"""Min side – Europeisk helsetrygdkort: a person orders cards for themself and their children, sees each card
with its number, validity and status, reports a card lost (a new one is ordered), and downloads a provisional
replacement certificate as PDF for a stay abroad. Refusals are cases with a letter and the right to appeal (the
case pages under /saker)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.cases.actors import actor_for
from blaresept.cases.errors import CaseError
from blaresept.cases.stonader.ehic import service
from blaresept.cases.stonader.ehic.form import EhicForm, EhicPersonIn
from blaresept.cases.stonader.ehic.letter import COUNTRY_NAMES
from blaresept.persons.service import children_of, find_or_register
from blaresept.rules.ehic import Relation
from blaresept.web.common import check_csrf, render, require, unit_of_work
from blaresept.web.forms import parse_date

router = APIRouter(include_in_schema=False)
PAGE = "/min-side/helsetrygdkort"
COUNTRIES = sorted(((code, name) for code, name in COUNTRY_NAMES.items()), key=lambda c: c[1])


def _actor(patient: Principal) -> service.Actor:
    actor = actor_for(patient)
    if actor is None:  # require() let in only patients, who are always actors
        raise CaseError("Innloggingen kan ikke bestille helsetrygdkort.")
    return actor


def _page(request: Request, patient: Principal, *, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, problem: str | None = None, status: int = 200) -> Response:
    context: dict[str, Any] = {"section": "patient", "values": values or {}, "errors": errors or {},
                               "problem": problem, "countries": COUNTRIES, "done": request.query_params.get("ok")}
    with unit_of_work(request) as session:
        me = find_or_register(session, patient.fnr or "", patient.name)
        children = children_of(session, me)
        people = [{"key": "meg", "fnr": me.fnr, "name": me.name or patient.name, "child": False}] + [
            {"key": f"barn{n}", "fnr": c.fnr, "name": c.name or f"Barn {n}", "child": True}
            for n, c in enumerate(children, start=1)]
        names = {p["fnr"]: p["name"] for p in people}
        cards = service.cards(session, _actor(patient))
        certificates = service.certificates(session, _actor(patient))
        record_access(session, patient, "ehic.cards", me.fnr, "innsyn i helsetrygdkort")
    context["people"] = people
    order = {p["fnr"]: n for n, p in enumerate(people)}  # me first, then the children; newest card first
    cards = sorted(cards, key=lambda c: (order.get(c.fnr, len(order)), -c.id))
    context["cards"] = [{"card": c, "name": names.get(c.fnr, "–")} for c in cards]
    context["certificates"] = [{"c": c, "name": names.get(c.fnr, "–")} for c in certificates]
    return render(request, "ehic.html", context, status=status)


@router.get(PAGE, response_class=HTMLResponse)
def cards_page(request: Request) -> Response:
    return _page(request, require(request, Role.PATIENT))


async def _values(request: Request) -> dict[str, str]:
    form = await request.form()
    check_csrf(request, form)
    return {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}


@router.post(f"{PAGE}/bestill", response_class=HTMLResponse)
async def order(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    values = await _values(request)
    with unit_of_work(request) as session:
        me = find_or_register(session, patient.fnr or "", patient.name)
        people = [("meg", me.fnr)] + [(f"barn{n}", c.fnr) for n, c in enumerate(children_of(session, me), start=1)]
    errors: dict[str, str] = {}
    member = values.get("medlem") == "ja"
    mine = values.get("statsborgerskap-meg", "NO") or "NO"
    orders: list[EhicForm] = []
    try:
        holder = EhicPersonIn(fnr=me.fnr, citizenship=mine, member=member)
        for key, fnr in people:
            if values.get(f"bestill-{key}") != "ja":
                continue
            citizenship = values.get(f"statsborgerskap-{key}", "NO") or "NO"
            person = EhicPersonIn(fnr=fnr, citizenship=citizenship, member=member)
            if key == "meg":
                orders.append(EhicForm(person=person, relation=None, holder=None))
            else:
                orders.append(EhicForm(person=person, relation=Relation.CHILD, holder=holder))
    except ValidationError:
        errors["statsborgerskap-meg"] = "Skriv statsborgerskap som en landkode med to bokstaver, som NO eller SE."
    if not orders and not errors:
        errors["bestill-meg"] = "Velg minst én person å bestille kort til."
    if errors:
        return _page(request, patient, values=values, errors=errors, status=422)
    try:
        with unit_of_work(request) as session:
            views = service.order_cards(session, _actor(patient), orders)
            record_access(session, patient, "ehic.order", me.fnr, "bestilling av helsetrygdkort")
    except CaseError as exc:
        return _page(request, patient, values=values, problem=str(exc), status=exc.status)
    granted = sum(1 for v in views if v.outcome == "granted")
    return RedirectResponse(f"{PAGE}?ok=bestilt-{granted}-{len(views)}", status_code=303)


@router.post(PAGE + "/{card_id}/tapt", response_class=HTMLResponse)
async def lost(request: Request, card_id: int) -> Response:
    patient = require(request, Role.PATIENT)
    await _values(request)
    try:
        with unit_of_work(request) as session:
            service.report_lost(session, _actor(patient), card_id)
            record_access(session, patient, "ehic.lost", patient.fnr, "melding om tapt helsetrygdkort")
    except CaseError as exc:
        return _page(request, patient, problem=str(exc), status=exc.status)
    return RedirectResponse(f"{PAGE}?ok=tapt", status_code=303)


@router.post(PAGE + "/{card_id}/sertifikat", response_class=HTMLResponse)
async def certificate(request: Request, card_id: int) -> Response:
    patient = require(request, Role.PATIENT)
    values = await _values(request)
    errors: dict[str, str] = {}
    start = parse_date(values.get(f"fra-{card_id}", ""))
    end = parse_date(values.get(f"til-{card_id}", ""))
    if start is None:
        errors[f"fra-{card_id}"] = "Skriv første dag av oppholdet (dd.mm.åååå)."
    if end is None:
        errors[f"til-{card_id}"] = "Skriv siste dag av oppholdet (dd.mm.åååå)."
    if errors or start is None or end is None:
        return _page(request, patient, values=values, errors=errors, status=422)
    try:
        with unit_of_work(request) as session:
            made = service.issue_certificate(session, _actor(patient), card_id, start, end,
                                             values.get(f"land-{card_id}", ""))
            record_access(session, patient, "ehic.certificate", made.fnr, "provisorisk erstatningssertifikat")
    except CaseError as exc:
        return _page(request, patient, values=values, problem=str(exc), status=exc.status)
    return RedirectResponse(f"{PAGE}?ok=sertifikat-{made.id}", status_code=303)


@router.get(PAGE + "/sertifikat/{certificate_id}.pdf")
def certificate_pdf(request: Request, certificate_id: int) -> Response:
    patient = require(request, Role.PATIENT)
    try:
        with unit_of_work(request) as session:
            name, pdf = service.certificate_file(session, _actor(patient), certificate_id)
            record_access(session, patient, "ehic.certificate.read", patient.fnr, "nedlasting av sertifikat")
    except CaseError as exc:
        return _page(request, patient, problem=str(exc), status=exc.status)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})
