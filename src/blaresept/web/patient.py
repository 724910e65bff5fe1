"""Min side, the patient's own page: this year's counted copay and the way to the egenandelstak as a bar, the
frikort, each dispensing with its explanation, and the refund of any overshoot. A parent can switch to a
child; the service layer decides who may see whom (visible_person)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from blaresept.audit.log import record_person_access
from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.principal import Role
from blaresept.counter import service
from blaresept.persons.identity import IdentityError
from blaresept.persons.service import AccessDenied, PersonNotFound, children_of, find_or_register, visible_person
from blaresept.rules.parameters import OutOfScope
from blaresept.timeutil import today
from blaresept.web.common import is_htmx, render, require, unit_of_work

router = APIRouter(include_in_schema=False)

FIRST_YEAR = 2009


def pharmacy_names() -> dict[str, str]:
    """Names of the pharmacies we know (the demo pharmacies), by organisasjonsnummer."""
    return {p.org_number: p.name for p in DEMO_USERS.values() if p.role is Role.PHARMACY and p.org_number}


@router.get("/min-side", response_class=HTMLResponse)
def my_page(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    this_year = today().year
    params = request.query_params
    errors: dict[str, str] = {}
    year_text = params.get("ar", str(this_year)).strip()
    year = this_year
    if not year_text.isdigit() or not FIRST_YEAR <= int(year_text) <= this_year:
        errors["ar"] = f"Velg et år mellom {FIRST_YEAR} og {this_year}."
    else:
        year = int(year_text)
    child_text = params.get("barn", "").strip()
    context: dict[str, Any] = {"section": "patient", "years": list(range(this_year, FIRST_YEAR - 1, -1)),
                               "year": year, "year_text": year_text, "errors": errors, "child": child_text,
                               "pharmacies": pharmacy_names()}
    status = 200 if not errors else 422
    try:
        with unit_of_work(request) as session:
            assert patient.fnr is not None
            me = find_or_register(session, patient.fnr, patient.name)
            children = children_of(session, me)
            context["me"] = {"name": me.name or patient.name}
            context["children"] = [{"number": n, "name": c.name or f"Barn {n}", "birth_date": c.birth_date}
                                   for n, c in enumerate(children, start=1)]
            wanted = None
            if child_text:
                if not child_text.isdigit() or not 1 <= int(child_text) <= len(children):
                    raise PersonNotFound("Fant ikke barnet du valgte. Velg et av barna i listen.")
                wanted = children[int(child_text) - 1].fnr
            if not errors:
                target = visible_person(session, patient, wanted)
                record_person_access(session, patient, "patient.year", target.id,
                                     "innsyn i egenandeler og utleveringer")
                context["data"] = service.person_year(session, target, year)
                context["viewing_child"] = wanted is not None
                context["target_name"] = target.name
    except (AccessDenied, PersonNotFound, IdentityError, OutOfScope) as exc:
        context["problem"] = str(exc)
        status = 403 if isinstance(exc, AccessDenied) else 404 if isinstance(exc, PersonNotFound) else 422
    template = "partials/patient.html" if is_htmx(request) else "patient.html"
    return render(request, template, context, status=status)
