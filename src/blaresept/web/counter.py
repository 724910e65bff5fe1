"""Apotekdisk, the pharmacy counter: find the person by fødselsnummer, add prescriptions and their goods (with
suggestions from the catalogue), see the check and the price split with every step explained, confirm the
dispensing, and register a return. Writes go through the same service functions and idempotency as the API
(blaresept.counter.service, run_once), with a fresh key per form held in a hidden field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.counter import service
from blaresept.counter.idempotency import IdempotencyConflict, run_once
from blaresept.counter.requests import DispenseRequest
from blaresept.counter.status import counter_status
from blaresept.money import MoneyError
from blaresept.persons.identity import IdentityError, check_fnr
from blaresept.persons.service import AccessDenied, PersonNotFound
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope
from blaresept.timeutil import today
from blaresept.web import catalog
from blaresept.web.common import check_csrf, is_htmx, render, require, unit_of_work
from blaresept.web.forms import (
    HJEMLER,
    HOSPITAL,
    MAX_LINES,
    MAX_PRESCRIPTIONS,
    RESERVATIONS,
    CounterForm,
    LineForm,
    PrescriptionForm,
    new_key,
    parse_date,
    request_payload,
    to_request,
)

router = APIRouter(include_in_schema=False)

SERVICE_ERRORS: tuple[type[Exception], ...] = (
    IdentityError, MoneyError, RuleInputError, OutOfScope, PersonNotFound, AccessDenied, service.NotFound,
    service.Conflict, IdempotencyConflict, catalog.CatalogError,
)


@dataclass
class CounterPage:
    """Everything the counter template shows."""

    form: CounterForm
    errors: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    card: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    suggestions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion_errors: dict[str, str] = field(default_factory=dict)
    codes: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    code_texts: dict[int, str] = field(default_factory=dict)
    focus: str | None = None
    status: int = 200

    def context(self) -> dict[str, Any]:
        return {"section": "counter", "form": self.form, "errors": self.errors, "problem": self.problem,
                "card": self.card, "result": self.result, "suggestions": self.suggestions,
                "suggestion_errors": self.suggestion_errors, "codes": self.codes, "code_texts": self.code_texts,
                "focus": self.focus, "hjemler": HJEMLER, "hospital_options": HOSPITAL,
                "reservations": RESERVATIONS}


def _page(request: Request, page: CounterPage, pharmacy: Principal) -> Response:
    template = "partials/counter.html" if is_htmx(request) else "counter.html"
    checks = getattr(request.app.state, "dispense_check", None) is not None
    return render(request, template, page.context() | {"pharmacy": pharmacy, "check_ready": checks},
                  status=page.status)


@router.get("/apotek", response_class=HTMLResponse)
def counter_page(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    form = CounterForm.blank(today())
    return _page(request, CounterPage(form), pharmacy)


@router.post("/apotek", response_class=HTMLResponse)
async def counter_post(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    data = await request.form()
    check_csrf(request, data)
    form = CounterForm.parse(data)
    action = str(data.get("handling") or "beregn")
    page = CounterPage(form)
    verb, _, rest = action.partition(":")
    args = rest.split(":") if rest else []
    if verb == "ny-resept":
        if len(form.prescriptions) < MAX_PRESCRIPTIONS:
            form.prescriptions.append(PrescriptionForm(skrevet=form.dato))
            page.focus = f"r{len(form.prescriptions) - 1}-forskriver"
    elif verb == "fjern-resept" and len(args) == 1 and args[0].isdigit():
        index = int(args[0])
        if 0 <= index < len(form.prescriptions) and len(form.prescriptions) > 1:
            del form.prescriptions[index]
        page.focus = "resepter-overskrift"
    elif verb == "ny-linje" and len(args) == 1 and args[0].isdigit():
        index = int(args[0])
        if 0 <= index < len(form.prescriptions) and len(form.prescriptions[index].lines) < MAX_LINES:
            form.prescriptions[index].lines.append(LineForm())
            page.focus = f"r{index}-v{len(form.prescriptions[index].lines) - 1}-sok"
    elif verb == "fjern-linje" and len(args) == 2 and all(a.isdigit() for a in args):
        i, j = int(args[0]), int(args[1])
        if form.line(i, j) is not None and len(form.prescriptions[i].lines) > 1:
            del form.prescriptions[i].lines[j]
        page.focus = f"r{i}-overskrift"
    elif verb == "sok" and len(args) == 2 and all(a.isdigit() for a in args):
        _suggest(request, page, int(args[0]), int(args[1]))
    elif verb == "velg" and len(args) == 3 and all(a.isdigit() for a in args[:2]):
        _choose(request, page, int(args[0]), int(args[1]), args[2])
    elif verb == "kode" and args and args[0].isdigit() and int(args[0]) < len(form.prescriptions):
        form.prescriptions[int(args[0])].refusjonskode = rest.partition(":")[2][:20]
        page.focus = f"r{args[0]}-refusjonskode"
    elif verb == "utlever":
        _dispense(request, page, pharmacy)
    elif verb == "finn":
        page.focus = "pasient-overskrift"
    else:
        _quote(request, page, pharmacy)
    if page.card is None:
        _card(request, page, pharmacy, explicit=verb == "finn")
    _codes(request, page)
    return _page(request, page, pharmacy)


def _codes(request: Request, page: CounterPage) -> None:
    """For each prescription: the refund codes that give reimbursement for its goods (to choose from), and the
    text of the code written on it."""
    on = page.form.on_date() or today()
    with unit_of_work(request) as session:
        for i, prescription in enumerate(page.form.prescriptions):
            numbers = [line.varenummer for line in prescription.lines if line.varenummer]
            if numbers:
                page.codes[i] = catalog.refund_codes(session, numbers, on)
            if prescription.refusjonskode:
                page.code_texts[i] = catalog.code_text(prescription.refusjonskode) or ""


def _card(request: Request, page: CounterPage, pharmacy: Principal, explicit: bool) -> None:
    """The person's card (who, statuses, tak and frikort) for a valid number; errors on the number only when the
    pharmacist asked to find the person."""
    on = page.form.on_date() or today()
    try:
        number = check_fnr(page.form.fnr)
    except IdentityError as exc:
        if explicit or page.form.fnr:
            page.errors.setdefault("fnr", str(exc))
            if explicit:
                page.status = 422
                page.focus = "fnr"
        return
    try:
        with unit_of_work(request) as session:
            page.card = counter_status(session, number, on)
            record_access(session, pharmacy, "pharmacy.lookup", number, "oppslag av pasient på apotekdisken")
    except (OutOfScope, RuleInputError) as exc:
        page.errors.setdefault("dato", str(exc))


def _check(session: Session, request: Request, dispense: DispenseRequest) -> list[dict[str, Any]]:
    """The catalogue check of the prescriptions (issue 5), when the application has one: its steps, or a
    RuleInputError with the reasons. Runs in a savepoint that is rolled back, so a quote stores nothing."""
    hook = getattr(request.app.state, "dispense_check", None)
    if hook is None:
        return []
    from blaresept.persons.service import find_or_register

    nested = session.begin_nested()
    try:
        person = find_or_register(session, dispense.fnr)
        return [step.as_dict() for step in hook(session, dispense, person)]
    finally:
        nested.rollback()


def _quote(request: Request, page: CounterPage, pharmacy: Principal) -> None:
    dispense, errors = to_request(page.form)
    page.errors.update(errors)
    if dispense is None:
        page.status = 422
        page.focus = "feiloppsummering"
        return
    try:
        with unit_of_work(request) as session:
            check_steps = _check(session, request, dispense)
            record_access(session, pharmacy, "pharmacy.quote", dispense.fnr, "prising på apotek")
            body = service.quote(session, dispense)
    except SERVICE_ERRORS as exc:
        page.problem = str(exc)
        page.status = 422
        page.focus = "feiloppsummering"
        return
    page.result = {"kind": "quote", "body": body, "check": check_steps, "lines": _described(page.form, body)}
    page.focus = "resultat-overskrift"


def _dispense(request: Request, page: CounterPage, pharmacy: Principal) -> None:
    dispense, errors = to_request(page.form)
    page.errors.update(errors)
    if dispense is None:
        page.status = 422
        page.focus = "feiloppsummering"
        return
    hook = getattr(request.app.state, "dispense_check", None)
    org = pharmacy.org_number or ""

    def action() -> tuple[int, dict[str, Any]]:
        record_access(session, pharmacy, "pharmacy.dispense", dispense.fnr, "utlevering på blå resept")
        return 201, service.dispense(session, org, dispense, hook)

    try:
        with unit_of_work(request) as session:
            _status, body, replayed = run_once(session, pharmacy.subject, page.form.nokkel,
                                               ["dispense", request_payload(dispense)], action)
    except IdempotencyConflict:
        page.problem = ("Dette skjemaet er allerede brukt til en annen utlevering, så det ble ikke lagret på nytt. "
                        "Start en ny utlevering for å lagre denne.")
        page.status = 409
        page.focus = "feiloppsummering"
        return
    except SERVICE_ERRORS as exc:
        page.problem = str(exc)
        page.status = 409 if isinstance(exc, service.Conflict) else 422
        page.focus = "feiloppsummering"
        return
    page.result = {"kind": "dispensing", "body": body, "replayed": replayed, "return_key": new_key(),
                   "lines": body["lines"]}
    page.focus = "resultat-overskrift"


def _described(form: CounterForm, body: dict[str, Any]) -> list[dict[str, Any]]:
    """The priced lines with the name and varenummer the pharmacist entered."""
    lines = []
    for line in body["lines"]:
        p = form.prescriptions[line["prescription"] - 1]
        filled = [item for item in p.lines if not item.is_empty()]
        source = filled[line["line"] - 1] if line["line"] - 1 < len(filled) else LineForm()
        lines.append(line | {"description": source.navn or None, "varenummer": source.varenummer or None,
                             "prescriber": p.forskriver, "hjemmel": p.hjemmel,
                             "refund_code": p.refusjonskode or None})
    return lines


def _suggest(request: Request, page: CounterPage, i: int, j: int) -> None:
    line = page.form.line(i, j)
    if line is None:
        return
    key = f"r{i}-v{j}"
    on = page.form.on_date() or today()
    try:
        with unit_of_work(request) as session:
            page.suggestions[key] = catalog.suggestions(session, line.sok, on)
    except catalog.CatalogError as exc:
        page.suggestion_errors[key] = str(exc)
    page.focus = f"{key}-forslag-overskrift" if page.suggestions.get(key) else f"{key}-sok"


def _choose(request: Request, page: CounterPage, i: int, j: int, varenummer: str) -> None:
    line = page.form.line(i, j)
    if line is None:
        return
    on = page.form.on_date() or today()
    key = f"r{i}-v{j}"
    try:
        with unit_of_work(request) as session:
            chosen = catalog.line_values(session, varenummer, on)
    except catalog.CatalogError as exc:
        page.suggestion_errors[key] = str(exc)
        page.focus = f"{key}-sok"
        return
    line.varenummer = chosen["varenummer"]
    line.navn = chosen["name"]
    line.pris = chosen["price"]
    line.billigste = chosen.get("cheapest_price") or ""
    line.maksrefusjon = chosen.get("max_refund_price") or ""
    line.sok = ""
    prescription = page.form.prescriptions[i]
    others = [item for n, item in enumerate(prescription.lines) if n != j and not item.is_empty()]
    if chosen.get("hjemmel") in HJEMLER and not others:
        prescription.hjemmel = chosen["hjemmel"]
    page.focus = f"{key}-pris"


@router.get("/apotek/forslag", response_class=HTMLResponse)
def suggestions(request: Request) -> Response:
    """Suggestions for a line's drug search, as you type (htmx): by name, ATC code or varenummer."""
    pharmacy = require(request, Role.PHARMACY)
    params = request.query_params
    i, j = params.get("r", "0"), params.get("v", "0")
    if not (i.isdigit() and j.isdigit()):
        return render(request, "partials/error.html", {"status": 400, "title": "Ugyldig forespørsel",
                                                        "message": "Forslagene mangler reseptnummer og varelinje."},
                      status=400)
    key = f"r{i}-v{j}"
    query = params.get(f"{key}-sok", params.get("q", ""))
    from blaresept.web.forms import parse_date

    on = parse_date(params.get("dato", "")) or today()
    error = None
    found: list[dict[str, Any]] = []
    if len(query.strip()) >= 2:
        try:
            with unit_of_work(request) as session:
                found = catalog.suggestions(session, query, on)
        except catalog.CatalogError as exc:
            error = str(exc)
    return render(request, "partials/suggestions.html", {
        "key": key, "i": int(i), "j": int(j), "items": found, "error": error, "query": query.strip(),
        "pharmacy": pharmacy})


@router.get("/apotek/utlevering", response_class=HTMLResponse)
def find_dispensing(request: Request) -> Response:
    """Look up one of this pharmacy's dispensings by number, to see it and register a return."""
    pharmacy = require(request, Role.PHARMACY)
    number = request.query_params.get("nr", "").strip()
    context: dict[str, Any] = {"section": "counter", "pharmacy": pharmacy, "number": number}
    status = 200
    if not number.isdigit() or len(number) > 12:
        context["lookup_error"] = "Skriv inn utleveringsnummeret (bare sifre), slik det står på kvitteringen."
        status = 422
    else:
        try:
            with unit_of_work(request) as session:
                body = service.get_dispensing(session, pharmacy.org_number or "", int(number))
                record_access(session, pharmacy, "pharmacy.read_dispensing", None, "oppslag i egen utlevering")
        except service.NotFound as exc:
            context["lookup_error"] = str(exc)
            status = 404
        else:
            context["found"] = body
            context["return_key"] = new_key()
    template = "partials/return_lookup.html" if is_htmx(request) else "return_page.html"
    return render(request, template, context, status=status)


@router.post("/apotek/retur", response_class=HTMLResponse)
async def return_post(request: Request) -> Response:
    """Register a return (retur) of one of this pharmacy's dispensings: reversed exactly, once per form."""
    pharmacy = require(request, Role.PHARMACY)
    data = await request.form()
    check_csrf(request, data)
    number = str(data.get("utlevering") or "").strip()
    key = str(data.get("nokkel") or "").strip()[:200] or new_key()
    context: dict[str, Any] = {"section": "counter", "pharmacy": pharmacy, "number": number}
    status = 201
    if not number.isdigit() or len(number) > 12:
        context["lookup_error"] = "Skriv inn utleveringsnummeret (bare sifre), slik det står på kvitteringen."
        status = 422
    else:
        dispensing_id = int(number)
        org = pharmacy.org_number or ""

        def action() -> tuple[int, dict[str, Any]]:
            return 201, service.return_dispensing(session, org, dispensing_id)

        try:
            with unit_of_work(request) as session:
                _status, body, replayed = run_once(session, pharmacy.subject, key, ["return", dispensing_id], action)
        except SERVICE_ERRORS as exc:
            context["lookup_error"] = str(exc)
            status = 404 if isinstance(exc, service.NotFound) else 409
        else:
            context["returned"] = body
            context["replayed"] = replayed
    template = "partials/return_lookup.html" if is_htmx(request) else "return_page.html"
    return render(request, template, context, status=status)


@router.get("/apotek/utleveringer", response_class=HTMLResponse)
def day_page(request: Request, dato: str = "") -> Response:
    """The pharmacy's own dispensings and returns on a day, with the day's totals (what it claims from Helfo)."""
    pharmacy = require(request, Role.PHARMACY)
    on = parse_date(dato) if dato else today()
    context: dict[str, Any] = {"section": "counter", "pharmacy": pharmacy, "errors": {},
                               "dato_text": dato or today().strftime("%d.%m.%Y"), "on": on or today(), "day": None}
    if on is None:
        context["errors"] = {"dato": "Skriv inn datoen som en gyldig dato (dd.mm.åååå)."}
        return render(request, "counter_day.html", context, status=422)
    with unit_of_work(request) as session:
        context["day"] = service.pharmacy_day(session, pharmacy.org_number or "", on)
        record_access(session, pharmacy, "pharmacy.day", None, "oversikt over egne utleveringer")
    return render(request, "counter_day.html", context)
