"""Helfo's side of the pharmacies' claims: the claims received, and the settlement of one (each line re-checked
against the catalogue, the register and the rules as they stood; approved or rejected with reasons). Caseworkers
only; the pharmacy sees the settlement on its claim."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from blaresept.api.deps import CaseworkerDep, SessionDep
from blaresept.api.prescription_schemas import ClaimOut, ReceivedClaimOut
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access
from blaresept.counter import claims, service

router = APIRouter(prefix="/helfo/claims", tags=["oppgjør"])

ClaimNumber = Annotated[int, Path(ge=1, le=2_147_483_647, description="Kravets nummer hos Helfo")]


@router.get("", response_model=list[ReceivedClaimOut], summary="Refusjonskrav mottatt fra apotekene")
def received(session: SessionDep, caseworker: CaseworkerDep) -> list[dict[str, Any]]:
    record_access(session, caseworker, "helfo.claims", None, "mottatte refusjonskrav")
    return claims.received_claims(session)


@router.post("/{claim_number}/settlement", response_model=ClaimOut,
             summary="Gjør opp et krav: kontroller hver linje på nytt, godkjenn eller avvis med begrunnelse")
def settle(claim_number: ClaimNumber, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    record_access(session, caseworker, "helfo.settle", None, "oppgjør av refusjonskrav")
    try:
        return claims.settle(session, claim_number, caseworker.label)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None
