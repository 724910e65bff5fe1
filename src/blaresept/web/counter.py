"""Apotekdisk, the pharmacy counter: find the patient, see their blue prescriptions in the register with what
remains, choose what to dispense (packs, an equivalent package, the patient's reservation, a lower price, a late
registration), see the check and the price from the catalogue with every step explained, and confirm what was
quoted. The confirmation carries the quote's token: the server refuses it when anything changed, and the page
removes the quote and its confirm button as soon as anything is edited. Writes go through the same services and
idempotency as the API (blaresept.counter.prescribed, run_once), with a fresh key per form in a hidden field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.catalog import service as catalog
from blaresept.counter import prescribed, service
from blaresept.counter.idempotency import IdempotencyConflict, run_once
from blaresept.counter.prescribed import CounterRequest, Item
from blaresept.counter.status import counter_status
from blaresept.money import MoneyError, format_kr
from blaresept.persons.identity import IdentityError, check_fnr
from blaresept.persons.service import AccessDenied, PersonNotFound
from blaresept.prescriptions import service as register
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope
from blaresept.timeutil import today
from blaresept.web.common import check_csrf, is_htmx, render, require, unit_of_work
from blaresept.web.forms import CounterForm, new_key, parse_date, parse_kroner

router = APIRouter(include_in_schema=False)

SERVICE_ERRORS: tuple[type[Exception], ...] = (
    IdentityError, MoneyError, RuleInputError, OutOfScope, PersonNotFound, AccessDenied, service.NotFound,
    service.Conflict, IdempotencyConflict, catalog.CatalogError, register.NotFound, prescribed.StaleQuote,
)


@dataclass
class CounterPage:
    """Everything the counter template shows."""

    form: CounterForm
    errors: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    card: dict[str, Any] | None = None
    prescriptions: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    notice: str | None = None
    focus: str | None = None
    status: int = 200

    def context(self) -> dict[str, Any]:
        return {"section": "counter", "form": self.form, "errors": self.errors, "problem": self.problem,
                "card": self.card, "prescriptions": self.prescriptions, "result": self.result,
                "notice": self.notice, "focus": self.focus}


def page(request: Request, counter: CounterPage, pharmacy: Principal) -> Response:
    template = "partials/counter.html" if is_htmx(request) else "counter.html"
    return render(request, template, counter.context() | {"pharmacy": pharmacy}, status=counter.status)


@router.get("/apotek", response_class=HTMLResponse)
def counter_page(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    return page(request, CounterPage(CounterForm()), pharmacy)


@router.post("/apotek", response_class=HTMLResponse)
async def counter_post(request: Request) -> Response:
    pharmacy = require(request, Role.PHARMACY)
    data = await request.form()
    check_csrf(request, data)
    counter = CounterPage(CounterForm.parse(data))
    action = str(data.get("handling") or "beregn")
    if action == "utlever":
        _dispense(request, counter, pharmacy)
    elif action == "beregn":
        _quote(request, counter, pharmacy)
    else:
        counter.focus = "pasient-overskrift"
    if not (counter.result and counter.result["kind"] == "dispensing"):
        show_patient(request, counter, pharmacy, explicit=action == "finn")
    return page(request, counter, pharmacy)


def show_patient(request: Request, counter: CounterPage, pharmacy: Principal, explicit: bool) -> None:
    """The person's card and their prescriptions (with the equivalent packages to offer) for a valid number;
    an error on the number only when the pharmacist asked to find the person."""
    try:
        number = check_fnr(counter.form.fnr)
    except IdentityError as exc:
        if explicit or counter.form.fnr:
            counter.errors.setdefault("fnr", str(exc))
            if explicit:
                counter.status = 422
                counter.focus = "fnr"
        return
    with unit_of_work(request) as session:
        counter.card = counter_status(session, number, today())
        listed = register.patient_list(session, number)
        record_access(session, pharmacy, "pharmacy.prescriptions", number, "oppslag i pasientens resepter")
        for body in listed["prescriptions"]:
            body["options"] = _equivalents(session, body) if body["status"] == "valid" else []
        counter.prescriptions = listed["prescriptions"]


def _equivalents(session: Any, body: dict[str, Any]) -> list[dict[str, str]]:
    """The packages the pharmacy may dispense instead: the byttegruppe at the same pack size (none when the
    doctor reserved against substitution)."""
    if body["prescriber_reservation"]:
        return []
    try:
        package = catalog.package_on(session, body["item"]["varenummer"], today())
    except catalog.CatalogError:
        return []
    if package.substitution is None:
        return []
    same = [m for m in package.substitution.members if m.pack == body["item"]["pack"]
            and m.varenummer != package.varenummer]
    return [{"varenummer": m.varenummer, "text": f"{m.name} ({m.varenummer})"
             + (f", AUP {format_kr(m.aup)}" if m.aup is not None else ", ingen AUP")} for m in same]


def counter_request(form: CounterForm) -> tuple[CounterRequest | None, dict[str, str]]:
    """The counter's request from the form, or the errors by field id."""
    errors: dict[str, str] = {}
    try:
        fnr = check_fnr(form.fnr)
    except IdentityError as exc:
        fnr, errors["fnr"] = "", str(exc)
    chosen = form.chosen()
    if not chosen and not errors:
        errors["resepter"] = "Velg minst én resept å utlevere."
    items = []
    for item in chosen:
        key = f"r{item.prescription_id}"
        packs = None
        if item.packs:
            if not item.packs.isdigit() or not 1 <= int(item.packs) <= 99:
                errors[f"{key}-pakninger"] = "Antall pakninger må være et helt tall fra 1 til 99."
            else:
                packs = int(item.packs)
        price = None
        if item.price:
            try:
                price = parse_kroner(item.price)
            except MoneyError as exc:
                errors[f"{key}-pris"] = str(exc)
        items.append(Item(item.prescription_id, packs, item.varenummer or None, item.patient_reserved, price))
    late_on = None
    if form.late_on or form.late_reason:
        late_on = parse_date(form.late_on)
        if late_on is None:
            errors["etter-dato"] = "Skriv datoen utleveringen ble gjort som dd.mm.åååå."
        if not form.late_reason:
            errors["etter-grunn"] = "Skriv hvorfor utleveringen registreres etterpå."
    if errors:
        return None, errors
    return CounterRequest(fnr, tuple(items), late_on, form.late_reason or None), {}


def _quote(request: Request, counter: CounterPage, pharmacy: Principal) -> None:
    wanted, errors = counter_request(counter.form)
    counter.errors.update(errors)
    if wanted is None:
        counter.status = 422
        counter.focus = "feiloppsummering"
        return
    hook = getattr(request.app.state, "dispense_check", None)
    try:
        with unit_of_work(request) as session:
            record_access(session, pharmacy, "pharmacy.quote", wanted.fnr, "prising på apotek")
            body = prescribed.quote(session, wanted, hook)
    except SERVICE_ERRORS as exc:
        counter.problem = str(exc)
        counter.status = 422
        counter.focus = "feiloppsummering"
        return
    counter.form.quote_token = body["quote_token"]
    counter.result = {"kind": "quote", "body": body, "lines": _described(body)}
    counter.focus = "resultat-overskrift"


def _dispense(request: Request, counter: CounterPage, pharmacy: Principal) -> None:
    wanted, errors = counter_request(counter.form)
    counter.errors.update(errors)
    if wanted is None:
        counter.status = 422
        counter.focus = "feiloppsummering"
        return
    hook = getattr(request.app.state, "dispense_check", None)
    org = pharmacy.org_number or ""
    token = counter.form.quote_token

    def action() -> tuple[int, dict[str, Any]]:
        record_access(session, pharmacy, "pharmacy.dispense", wanted.fnr, "utlevering på blå resept")
        return 201, prescribed.dispense(session, org, wanted, token, hook)

    try:
        with unit_of_work(request) as session:
            _status, body, replayed = run_once(session, pharmacy.subject, counter.form.nokkel,
                                               ["dispense", _payload(wanted, token)], action)
    except IdempotencyConflict:
        counter.problem = ("Dette skjemaet er allerede brukt til en annen utlevering, så det ble ikke lagret på nytt. "
                           "Start en ny utlevering for å lagre denne.")
        counter.status = 409
        counter.focus = "feiloppsummering"
        return
    except SERVICE_ERRORS as exc:
        counter.problem = str(exc)
        counter.status = 409 if isinstance(exc, service.Conflict | prescribed.StaleQuote) else 422
        counter.focus = "feiloppsummering"
        counter.form.quote_token = ""
        return
    counter.result = {"kind": "dispensing", "body": body, "replayed": replayed, "return_key": new_key(),
                      "lines": body["lines"]}
    counter.focus = "resultat-overskrift"


def _payload(wanted: CounterRequest, token: str) -> dict[str, Any]:
    return {"fnr": wanted.fnr, "token": token, "late": str(wanted.late_on), "reason": wanted.late_reason,
            "items": [[i.prescription_id, i.packs, i.varenummer, i.patient_reserved, i.price] for i in wanted.items]}


def _described(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The priced lines with the name and varenummer of the package the catalogue chose."""
    return [line | {"description": item["name"], "varenummer": item["varenummer"]}
            for line, item in zip(body["lines"], body["items"], strict=True)]


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
    """Register a return (retur) of one of this pharmacy's dispensings: reversed exactly, dated today, once per
    form."""
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
    """The pharmacy's own dispensings and returns made or registered on a day, with the day's totals."""
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
