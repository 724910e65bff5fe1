"""The patient's claim for bidrag (folketrygdloven § 5-22) on Min side: for themself or a child in their care,
the year's receipts per purpose, the doctor's declaration, and the account for the payment. The claim goes
through blaresept.cases.stonader.bidrag.service in one transaction and lands on the case page, where the
decision, the letter and the appeal form are (the engine's generic pages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.cases import service
from blaresept.cases.service import CaseError
from blaresept.cases.stonader.bidrag.form import BidragClaimForm
from blaresept.cases.stonader.bidrag.service import submit_claim
from blaresept.rules.bidrag.model import PURPOSE_LABELS, Purpose
from blaresept.timeutil import today
from blaresept.web.common import check_csrf, render, require, unit_of_work

router = APIRouter(include_in_schema=False)

ROWS = 5
PURPOSES = {"": "Velg formål"} | {p.value: PURPOSE_LABELS[p].capitalize() for p in Purpose}
DECLARED = {"": "Ingen erklæring"} | {p: PURPOSES[p] for p in ("hudlidelser", "sar_og_fistler", "cystisk_fibrose",
                                                               "madrassovertrekk", "puteovertrekk")}


def _whom(request: Request, patient: Principal) -> dict[str, str]:
    """Who the patient may claim for: themself and the children in their care."""
    from blaresept.persons.service import children_of
    from blaresept.persons.tables import Person

    choices = {patient.fnr or "": f"Meg selv ({patient.name})"}
    with unit_of_work(request) as session:
        me = session.scalar(select(Person).where(Person.fnr == patient.fnr))
        if me is not None:
            for child in children_of(session, me):
                choices[child.fnr] = f"{child.name} (barn, født {child.birth_date.strftime('%d.%m.%Y')})"
    return choices


def claim_data(v: Mapping[str, str]) -> dict[str, Any]:
    expenses = []
    for i in range(ROWS):
        if v.get(f"formal_{i}") or v.get(f"belop_{i}") or v.get(f"dato_{i}"):
            expenses.append({"purpose": v.get(f"formal_{i}") or None, "date": v.get(f"dato_{i}") or None,
                             "amount": (v.get(f"belop_{i}") or "").replace(" ", "").replace(",", ".") or None})
    declarations = []
    if v.get("erkl_formal"):
        declarations.append({"purpose": v["erkl_formal"], "issued_on": v.get("erkl_dato") or None,
                             "issued_by": v.get("erkl_lege", ""), "specialist": v.get("erkl_spesialist") == "on"})
    year = v.get("aar", "")
    return {
        "patient_fnr": v.get("gjelder", ""), "year": int(year) if year.isdigit() else None, "expenses": expenses,
        "declarations": declarations, "low_income": v.get("lav_inntekt") == "on",
        "yrkesskade": v.get("yrkesskade") == "on", "hvit_resept_transition": v.get("hvit_resept") == "on",
        "account_number": v.get("konto", "").replace(".", "").replace(" ", "") or None,
    }


def validation_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(str(p) for p in error.get("loc", ()))
        kind = str(error.get("type"))
        if loc[:1] == ("expenses",) and len(loc) >= 3:
            field = {"purpose": "formal", "date": "dato", "amount": "belop"}.get(loc[2], "formal") + f"_{loc[1]}"
            what = {"formal": "Formålet", "dato": "Datoen", "belop": "Beløpet"}[field.split("_")[0]]
        elif loc[:1] == ("expenses",):
            field, what = "formal_0", "Kvitteringene"
        elif loc[:1] == ("declarations",):
            field, what = "erkl_dato" if "issued_on" in loc else "erkl_lege", "Legeerklæringen"
        else:
            field, what = {"year": ("aar", "Året"), "account_number": ("konto", "Kontonummeret"),
                           "patient_fnr": ("gjelder", "Hvem kravet gjelder")}.get(loc[0] if loc else "",
                                                                                 ("skjema", "Skjemaet"))
        message = ("må fylles ut" if kind == "missing" or "none" in kind else
                   "må være en dato" if "date" in kind else "har en ugyldig verdi")
        if field == "formal_0" and kind == "too_short":
            message = "må ha minst én kvittering"
        errors.setdefault(field, f"{what} {message}.")
    return errors


def _page(request: Request, patient: Principal, values: Mapping[str, str], errors: Mapping[str, str] | None = None,
          problem: str | None = None, status: int = 200) -> Response:
    return render(request, "bidrag_form.html", {
        "section": "cases", "v": values, "errors": dict(errors or {}), "problem": problem, "rows": range(ROWS),
        "whom": _whom(request, patient), "purposes": PURPOSES, "declared": DECLARED,
    }, status=status)


@router.get("/mine-saker/bidrag", response_class=HTMLResponse)
def claim_page(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    whom = patient.fnr or ""
    case_id = request.query_params.get("sak", "")
    if case_id.isdigit():  # from a § 5-14 refusal: the claim is for that case's patient, if the user may see it
        with unit_of_work(request) as session:
            try:
                view = service.get_case(session, int(case_id))
            except CaseError:
                view = None
            if view is not None and patient.fnr and view.patient_fnr in service.patient_fnrs(session, patient.fnr):
                whom = view.patient_fnr
    return _page(request, patient, {"aar": str(today().year - 1), "gjelder": whom})


@router.post("/mine-saker/bidrag", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    form = await request.form()
    check_csrf(request, form)
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    try:
        claim = BidragClaimForm.model_validate(claim_data(values))
    except ValidationError as exc:
        return _page(request, patient, values, validation_errors(exc), status=422)
    actor = service.actor_for(patient)
    if actor is None:
        return _page(request, patient, values, problem="Innloggingen kan ikke sende krav om bidrag.", status=403)
    try:
        with unit_of_work(request) as session:
            view = submit_claim(session, actor, claim)
            record_access(session, patient, "bidrag.claim", view.patient_fnr, "krav om bidrag")
    except CaseError as exc:
        return _page(request, patient, values, problem=str(exc), status=exc.status)
    return RedirectResponse(f"/saker/{view.id}?sendt=1", status_code=303)
