"""Legemiddelsøk: search the catalogue (FEST) by name, ATC code or varenummer, and see a package on a chosen
date: its prices, its substitution group with the cheapest equivalent, and its reimbursement with refund codes
and vilkår. Also what the counter needs from the catalogue: suggestions as you type and a line's values.
Open to everyone (FEST is open data); the answers come from blaresept.catalog.service."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from blaresept.catalog import codes as code_texts
from blaresept.catalog import service
from blaresept.money import Ore, to_kroner
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, parse_refund_code
from blaresept.timeutil import today
from blaresept.web.common import is_htmx, render, unit_of_work
from blaresept.web.forms import parse_date

router = APIRouter(include_in_schema=False)

SUGGESTIONS = 12
RESULTS = 50


class CatalogError(Exception):
    """The catalogue could not answer. Message in bokmål."""


def kroner_text(amount: Ore | None) -> str:
    """An amount as a pharmacist types it in the counter form ('539,40'), or '' for none."""
    return "" if amount is None else str(to_kroner(amount)).replace(".", ",")


def kroner_value(amount: Ore | None) -> str | None:
    """An amount as the templates' money filter takes it ('539.40')."""
    return None if amount is None else str(to_kroner(amount))


def hjemmel_of(code: str | None) -> str | None:
    """The section of blåreseptforskriften a FEST hjemmel code (Volven 7427) points to: '200' → '§2'."""
    if code and len(code) == 3 and code[0] in "23456":
        return f"§{code[0]}"
    return None


DURATION_UNITS = {"Y": ("år", "år"), "M": ("måned", "måneder"), "W": ("uke", "uker"), "D": ("dag", "dager")}


def duration_text(value: str) -> str:
    """An ISO 8601 duration from FEST in words ('P1Y' → '1 år', 'Kvinne: P3M' → 'Kvinne: 3 måneder')."""
    prefix, _, duration = value.rpartition(": ")
    match = re.fullmatch(r"P(\d+)([YMWD])", duration.strip())
    if not match:
        return value
    number, unit = int(match[1]), match[2]
    singular, plural = DURATION_UNITS[unit]
    words = f"{number} {singular if number == 1 else plural}"
    return f"{prefix}: {words}" if prefix else words


# --------------------------------------------------------------------------------------------- for the counter


def suggestions(session: Session, query: str, on: date) -> list[dict[str, Any]]:
    """Packages and § 5 / § 6 goods matching the text, for the counter's suggestion list."""
    try:
        hits = service.search(session, query, on, limit=SUGGESTIONS)
    except service.CatalogError as exc:
        raise CatalogError(str(exc)) from None
    return [{"varenummer": hit.number, "name": hit.name, "atc": hit.atc, "price": kroner_value(hit.aup),
             "note": hit.detail} for hit in hits]


def line_values(session: Session, number: str, on: date) -> dict[str, Any]:
    """What the counter fills in for a chosen package (or § 5 / § 6 product) on the date: name, AUP, the price
    the substitution scheme reimburses from (trinnpris or refusjonspris), the maximum refund price of a
    product, the hjemmel, and the refund codes with their text."""
    try:
        package = service.package_on(session, number, on)
    except service.NotFound:
        package = None
    except service.CatalogError as exc:
        raise CatalogError(str(exc)) from None
    if package is not None:
        basis = package.price("trinnpris") or package.price("refusjonspris")
        aup = package.price("aup")
        return {
            "varenummer": package.varenummer, "name": package.name, "price": kroner_text(aup),
            "cheapest_price": kroner_text(basis) if basis is not None and (aup is None or basis < aup) else "",
            "max_refund_price": "",
            "hjemmel": next((hjemmel_of(r.hjemmel_code) for r in package.reimbursements
                             if hjemmel_of(r.hjemmel_code)), None),
            "refund_codes": _codes(package.reimbursements),
        }
    try:
        product = service.product_on(session, number, on)
    except service.CatalogError as exc:
        raise CatalogError(str(exc)) from None
    return {
        "varenummer": product.number, "name": product.name, "price": "", "cheapest_price": "",
        "max_refund_price": kroner_text(product.max_price_per_pack),
        "hjemmel": hjemmel_of(product.hjemmel_code), "refund_codes": _codes(product.reimbursements),
    }


def _codes(reimbursements: tuple[service.ReimbursementView, ...]) -> list[dict[str, str]]:
    """The refund codes as written on a prescription ('ICD:I15', 'ICPC:K87', '-90') with their text."""
    seen: dict[str, dict[str, str]] = {}
    for group in reimbursements:
        for code in group.codes:
            if code.system == "DMP":
                written = code.code.strip()
            else:
                written = f"{'ICD' if code.system == 'ICD-10' else 'ICPC'}:{code.code.strip()}"
            seen.setdefault(written, {"code": written, "text": code.text or "",
                                      "conditions": ", ".join(c.number or "" for c in code.conditions)})
    return list(seen.values())


def refund_codes(session: Session, numbers: list[str], on: date) -> list[dict[str, str]]:
    """The refund codes that give reimbursement for any of the packages on the date (for a prescription)."""
    found: dict[str, dict[str, str]] = {}
    for number in numbers:
        try:
            values = line_values(session, number, on)
        except (CatalogError, service.CatalogError):
            continue
        for code in values["refund_codes"]:
            found.setdefault(code["code"], code)
    return list(found.values())


def code_text(written: str) -> str | None:
    """The text of a refund code as written on a prescription ('ICD:I15' → 'Sekundær hypertensjon')."""
    try:
        code = parse_refund_code(written)
    except MalformedCode:
        return None
    return code_texts.code_text(code.system, code.key)


# ------------------------------------------------------------------------------------------------ the pages


def _date(request: Request, errors: dict[str, str]) -> date:
    text = request.query_params.get("dato", "").strip()
    if not text:
        return today()
    on = parse_date(text)
    if on is None:
        errors["dato"] = "Skriv datoen som dd.mm.åååå, for eksempel 12.04.2017."
        return today()
    if on.year < 2009 or on.year > today().year + 1:
        errors["dato"] = f"Velg en dato mellom 2009 og {today().year + 1}."
        return today()
    return on


def _release_note(release: service.ReleaseInfo, on: date) -> dict[str, Any]:
    hentet = release.hentet.date()
    return {"hentet": hentet, "files": release.files, "after": release.after_date,
            "old": (on - hentet).days > 60}


@router.get("/legemidler", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    errors: dict[str, str] = {}
    on = _date(request, errors)
    query = request.query_params.get("q", "").strip()[:100]
    context: dict[str, Any] = {"section": "catalog", "query": query, "on": on, "errors": errors,
                               "date_text": request.query_params.get("dato", "").strip() or on.strftime("%d.%m.%Y"),
                               "searched": "q" in request.query_params}
    status = 200
    if context["searched"] and not errors:
        if not query:
            errors["q"] = "Skriv et navn, en ATC-kode eller et varenummer å søke etter."
        else:
            try:
                with unit_of_work(request) as session:
                    hits = service.search(session, query, on, limit=RESULTS)
                    context["release"] = _release_note(service.release_on(session, on), on)
            except service.CatalogError as exc:
                context["problem"] = str(exc)
                status = 404
            else:
                context["hits"] = [{"kind": h.kind, "number": h.number, "name": h.name, "atc": h.atc,
                                    "detail": h.detail, "aup": kroner_value(h.aup)} for h in hits]
    if errors:
        status = 422
    template = "partials/catalog_search.html" if is_htmx(request) else "catalog.html"
    return render(request, template, context, status=status)


@router.get("/legemidler/{number}", response_class=HTMLResponse)
def package_page(request: Request, number: str) -> Response:
    errors: dict[str, str] = {}
    on = _date(request, errors)
    context: dict[str, Any] = {"section": "catalog", "number": number[:20], "on": on, "errors": errors,
                               "date_text": request.query_params.get("dato", "").strip() or on.strftime("%d.%m.%Y")}
    status = 422 if errors else 200
    if not re.fullmatch(r"[0-9A-Za-z-]{1,20}", number):
        context["problem"] = "Et varenummer har bare sifre (og noen ganger bokstaver), for eksempel 065276."
        status = 404
    elif not errors:
        try:
            with unit_of_work(request) as session:
                try:
                    package = service.package_on(session, number, on)
                except service.NotFound:
                    product = service.product_on(session, number, on)
                    context["product"] = product_context(product)
                    context["release"] = _release_note(product.release, on)
                else:
                    context["package"] = package_context(package)
                    context["release"] = _release_note(package.release, on)
        except service.CatalogError as exc:
            context["problem"] = str(exc)
            status = 404
    return render(request, "catalog_package.html", context, status=status)


def _prices(prices: tuple[service.PriceView, ...]) -> list[dict[str, Any]]:
    return [{"label": p.label, "amount": kroner_value(p.amount), "valid_from": p.valid_from, "valid_to": p.valid_to}
            for p in prices]


def _conditions(conditions: tuple[service.ConditionView, ...]) -> list[dict[str, Any]]:
    return [{"number": c.number, "text": c.text, "group": c.group, "applies_to": c.applies_to,
             "structured": [s.display for s in c.structured]} for c in conditions]


def _reimbursements(groups: tuple[service.ReimbursementView, ...]) -> list[dict[str, Any]]:
    out = []
    for group in groups:
        section = hjemmel_of(group.hjemmel_code)
        out.append({
            "hjemmel": section, "hjemmel_text": group.hjemmel_text, "group_code": group.group_code,
            "group_text": group.group_text, "eligible_use": group.eligible_use,
            "requires_code": group.requires_code, "requires_decision": group.requires_decision,
            "valid_from": group.valid_from, "prescribe_until": group.prescribe_until,
            "dispense_until": group.dispense_until, "conditions": _conditions(group.conditions),
            "codes": [{"system": c.system, "code": c.code, "text": c.text, "subterm": c.subterm,
                       "conditions": _conditions(c.conditions)} for c in group.codes],
        })
    return out


def package_context(package: service.PackageView) -> dict[str, Any]:
    substitution = None
    if package.substitution is not None:
        group = package.substitution
        substitution = {
            "code": group.code, "name": group.name, "missing": group.missing, "fest_id": group.fest_id,
            "remark": group.remark_text if group.remark else None,
            "cheapest": ({"varenummer": group.cheapest.varenummer, "name": group.cheapest.name,
                          "aup": kroner_value(group.cheapest.aup), "pack": group.cheapest.pack}
                         if group.cheapest else None),
            "members": [{"varenummer": m.varenummer, "name": m.name, "aup": kroner_value(m.aup),
                         "trinnpris": kroner_value(m.trinnpris), "pack": m.pack} for m in group.members],
        }
    aup = package.price("aup")
    return {
        "varenummer": package.varenummer, "name": package.name, "atc": package.atc, "atc_name": package.atc_name,
        "prescription_group": package.prescription_group, "form": package.form,
        "size": f"{package.package_size or ''} {package.package_unit or ''}".strip(), "ean": package.ean,
        "producer": package.producer, "substances": package.substances, "marketed_from": package.marketed_from,
        "withdrawn_on": package.withdrawn_on, "temporarily_out_on": package.temporarily_out_on,
        "available": package.available,
        "validity": [duration_text(v) for v in package.prescription_validity],
        "prices": _prices(package.prices), "aup": kroner_value(aup), "substitution": substitution,
        "reimbursements": _reimbursements(package.reimbursements),
        "unresolved_groups": list(package.unresolved_groups),
        "conditions": _conditions(package.conditions),
    }


def product_context(product: service.ProductView) -> dict[str, Any]:
    return {
        "number": product.number, "name": product.name, "kind_text": product.kind_text,
        "product_number": product.product_number, "per_pack": product.per_pack, "unit": product.unit,
        "supplier": product.supplier, "above_max_allowed": product.above_max_allowed,
        "product_group": product.product_group, "product_group_text": product.product_group_text,
        "prices": _prices(product.prices), "max_per_pack": kroner_value(product.max_price_per_pack),
        "max_per_unit": kroner_value(product.max_price_per_unit),
        "reimbursements": _reimbursements(product.reimbursements),
        "unresolved_groups": list(product.unresolved_groups),
    }

