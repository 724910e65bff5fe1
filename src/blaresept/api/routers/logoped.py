"""Logoped and audiopedagog (folketrygdloven § 5-10): assess a doctor's referral by the rules of its date (prior
approval needed? treatments covered? — with the step records), and send a referral that needs it to Helfo for prior
approval (a case on the case engine; decided at once by the rules, letter and appeal under /cases)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from blaresept.api.deps import SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases.actors import actor_for
from blaresept.cases.application import submit
from blaresept.cases.errors import CaseError, call_rule
from blaresept.cases.repository import parse_fnr
from blaresept.cases.stonader.logoped.form import LogopedForm
from blaresept.cases.stonader.logoped.stonad import referral_of
from blaresept.cases.views import CaseView
from blaresept.rules.logoped import assess_referral
from blaresept.rules.parameters import default_parameters

router = APIRouter(prefix="/logoped", tags=["logoped"])
Reader = Annotated[Principal, Depends(require_roles(AuthRole.DOCTOR, AuthRole.CASEWORKER, AuthRole.PATIENT))]
Sender = Annotated[Principal, Depends(require_roles(AuthRole.DOCTOR, AuthRole.CASEWORKER))]


@router.post("/referrals/assessment", summary="Vurder en henvisning etter reglene på henvisningsdatoen")
def assess(body: LogopedForm, session: SessionDep, principal: Reader) -> dict[str, Any]:
    try:
        fnr, birth = parse_fnr(body.patient_fnr)
        result = call_rule(assess_referral, referral_of(body, birth), default_parameters())
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None
    record_access(session, principal, "logoped.assess", fnr, "vurdering av henvisning til logoped")
    return {"eligible": result.eligible, "prior_approval": result.prior_approval,
            "treatment_limit": result.treatment_limit, "treatments_left": result.treatments_left,
            "reasons": list(result.reasons), "steps": [s.as_dict() for s in result.steps]}


@router.post("/referrals", response_model=CaseView, status_code=201,
             summary="Send en henvisning til Helfo for forhåndsgodkjenning")
def send(body: LogopedForm, session: SessionDep, principal: Sender) -> CaseView:
    actor = actor_for(principal)
    if actor is None:
        raise Problem(403, "Rollen kan ikke sende henvisninger.")
    try:
        view = submit(session, actor, "logoped", body)
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None
    record_access(session, principal, "logoped.submit", view.patient_fnr, "henvisning til forhåndsgodkjenning")
    return view
