"""Health care and courses abroad: apply for a course abroad for a child with a rare congenital condition (a case
on the case engine; decision, letter and appeal under /cases), and assess treatment abroad under the § 5-24 a refund
scheme or forhåndsgodkjenning by the rules of the treatment date (with the step records; no amount — the refund
formula has no source here)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import Field

from blaresept.api.deps import SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases.actors import actor_for
from blaresept.cases.application import submit
from blaresept.cases.errors import CaseError, call_rule
from blaresept.cases.flow import Role
from blaresept.cases.repository import parse_fnr, patient_fnrs
from blaresept.cases.schemas import StrictModel
from blaresept.cases.stonader.course.form import CourseForm
from blaresept.cases.views import CaseView
from blaresept.inputs import Day, Text
from blaresept.rules.abroad import CareAbroad, assess_care
from blaresept.rules.parameters import default_parameters

router = APIRouter(prefix="/abroad", tags=["utlandet"])
Applicant = Annotated[Principal, Depends(require_roles(AuthRole.PATIENT, AuthRole.CASEWORKER))]
Reader = Annotated[Principal, Depends(require_roles(AuthRole.PATIENT, AuthRole.CASEWORKER, AuthRole.DOCTOR))]


class CareIn(StrictModel):
    """Treatment abroad: `refund` (folketrygdloven § 5-24 a) or `approval` (forhåndsgodkjenning)."""

    route: Literal["refund", "approval"]
    treatment_date: Day
    country: Text = Field(min_length=2, max_length=2)
    residence_country: Text = Field("NO", min_length=2, max_length=2)
    referral: bool = True
    covered_in_norway: bool = True
    public_provider: bool = True
    justifiable_wait_in_norway: bool = True
    applied_on: Day | None = None


@router.post("/courses", response_model=CaseView, status_code=201,
             summary="Søk om kurs i utlandet for et barn med sjelden medfødt tilstand")
def apply_course(body: CourseForm, session: SessionDep, principal: Applicant) -> CaseView:
    actor = actor_for(principal)
    if actor is None:
        raise Problem(403, "Rollen kan ikke søke.")
    try:
        fnr, _birth = parse_fnr(body.patient_fnr)
        if actor.role is Role.PATIENT and fnr not in patient_fnrs(session, actor.fnr or ""):
            raise Problem(403, "Du kan bare søke for deg selv og barn du har foreldreansvar for.")
        view = submit(session, actor, "course", body)
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None
    record_access(session, principal, "abroad.course", view.patient_fnr, "søknad om kurs i utlandet")
    return view


@router.post("/care/assessment", summary="Vurder behandling i utlandet etter reglene på behandlingsdatoen")
def assess(body: CareIn, principal: Reader) -> dict[str, Any]:
    care = CareAbroad(body.route, body.treatment_date, body.country, body.residence_country, body.referral,
                      body.covered_in_norway, body.public_provider, body.justifiable_wait_in_norway, body.applied_on)
    try:
        result = call_rule(assess_care, care, default_parameters())
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None
    return {"eligible": result.eligible, "reasons": list(result.reasons),
            "amount": None, "amount_note": "Refusjonsbeløpet (hva hjelpen ville kostet det offentlige i Norge) er "
            "ikke kildebelagt i Blåresept; Helfo beregner det.", "steps": [s.as_dict() for s in result.steps]}
