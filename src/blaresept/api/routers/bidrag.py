"""Bidrag (folketrygdloven § 5-22): a patient claims the year's receipts for themself or a child (guardianship),
supplements a claim that waits for a doctor's declaration, and reads the payments. Every other step — the
caseworker's assessment, decisions, letters, appeals — is the case engine's, under /cases."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from blaresept.api.deps import PatientDep, SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.api.routers.cases import CaseId, actor_of, problems, require_visible
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases import service
from blaresept.cases.service import CaseView
from blaresept.cases.stonader.bidrag.form import BidragClaimForm
from blaresept.cases.stonader.bidrag.service import payments, submit_claim

router = APIRouter(prefix="/bidrag", tags=["bidrag"])
PatientOrCaseworker = Annotated[Principal, Depends(require_roles(AuthRole.PATIENT, AuthRole.CASEWORKER))]


class PaymentOut(BaseModel):
    id: int
    decision_id: int
    amount: str  # kroner with two decimals
    account_masked: str | None
    status: str
    pay_on: date


@router.post("/claims", response_model=CaseView, status_code=201,
             summary="Send et krav om bidrag (folketrygdloven § 5-22) for deg selv eller barnet ditt")
def claim(body: BidragClaimForm, session: SessionDep, patient: PatientDep) -> CaseView:
    with problems():
        view = submit_claim(session, actor_of(patient), body)
    record_access(session, patient, "bidrag.claim", view.patient_fnr, "krav om bidrag")
    return view


@router.post("/claims/{case_id}/supplement", response_model=CaseView,
             summary="Send kravet på nytt med legeerklæringen som manglet")
def supplement(case_id: CaseId, body: BidragClaimForm, session: SessionDep, patient: PatientDep) -> CaseView:
    with problems():
        view = service.supplement_application(session, actor_of(patient), case_id, body)
    record_access(session, patient, "bidrag.supplement", view.patient_fnr, "supplering av krav om bidrag")
    return view


@router.get("/claims/{case_id}/payments", response_model=list[PaymentOut], summary="Utbetalinger i saken")
def case_payments(case_id: CaseId, session: SessionDep, principal: PatientOrCaseworker) -> list[PaymentOut]:
    with problems():
        view = service.get_case(session, case_id)
    if view.kind != "bidrag":
        raise Problem(404, "Saken er ikke et krav om bidrag.")
    require_visible(session, principal, view)
    record_access(session, principal, "bidrag.payments", view.patient_fnr, "innsyn i utbetalinger")
    return [PaymentOut(id=p.id, decision_id=p.decision_id, amount=f"{p.amount // 100}.{p.amount % 100:02d}",
                       account_masked=p.account_masked, status=p.status, pay_on=p.pay_on)
            for p in payments(session, case_id)]
