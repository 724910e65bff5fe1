"""The pharmacy's API: check, quote, dispense, return, claim. Only the pharmacy role; a pharmacy sees only
what it dispensed. Writes take an Idempotency-Key, so a retried request stores nothing twice."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response

from blaresept.api.deps import PharmacyDep, SessionDep
from blaresept.api.problems import Problem
from blaresept.api.schemas import (
    CheckOut,
    ClaimIn,
    ClaimOut,
    DispenseIn,
    DispensingOut,
    PharmacyDayOut,
    QuoteOut,
)
from blaresept.audit.log import record_access
from blaresept.catalog import codes
from blaresept.counter import service
from blaresept.counter.catalog_check import check_body
from blaresept.counter.idempotency import IdempotencyConflict, run_once
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.inputs import ONE_LINE_PATTERN, Day
from blaresept.money import kroner
from blaresept.persons.identity import check_fnr
from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation
from blaresept.rules.errors import RuleInputError
from blaresept.timeutil import today

router = APIRouter(prefix="/pharmacy", tags=["apotek"])

DispensingId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Utleveringens nummer")]
ClaimId = Annotated[str, Path(min_length=1, max_length=100, pattern=ONE_LINE_PATTERN,
                                description="Apotekets krav-id")]
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                       description="Apotekets unike nøkkel for denne skrivingen")]


def specialty_codes(values: list[str] | None) -> tuple[str, ...] | None:
    """The Volven 7426 codes of specialties given by name or code; an unknown one is a bokmål error."""
    if values is None:
        return None
    found = []
    for value in values:
        code = codes.specialty_code(value)
        if code is None:
            raise RuleInputError(f"«{value}» er ikke en spesialitet i kodeverk 7426 (skriv navnet, f.eks. "
                                 "«indremedisin», eller koden).")
        found.append(code)
    return tuple(found)


def to_request(body: DispenseIn) -> DispenseRequest:
    return DispenseRequest(
        fnr=check_fnr(body.fnr),
        date=body.date or today(),
        prescriptions=tuple(
            PrescriptionRequest(
                prescriber=p.prescriber.strip(),
                written=p.written,
                hjemmel=Hjemmel(p.hjemmel),
                refund_code=p.refund_code,
                yrkesskade=p.yrkesskade,
                prescriber_specialties=specialty_codes(p.prescriber_specialties),
                prescriber_hospital=p.prescriber_hospital,
                instituted_by=p.instituted_by,
                lines=tuple(
                    LineRequest(
                        price=kroner(line.price),
                        cheapest_price=kroner(line.cheapest_price) if line.cheapest_price is not None else None,
                        reserved_by=Reservation(line.reserved_by),
                        max_refund_price=kroner(line.max_refund_price) if line.max_refund_price is not None else None,
                        varenummer=line.varenummer,
                        description=line.description,
                    )
                    for line in p.lines
                ),
            )
            for p in body.prescriptions
        ),
    )


@router.post("/check", response_model=CheckOut,
             summary="Kontroller varene mot katalogen på datoen (§§ 2–6), uten å prise eller lagre")
def check(body: DispenseIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    request = to_request(body)
    record_access(session, pharmacy, "pharmacy.check", request.fnr, "kontroll av blå resept på apotek")
    return check_body(session, request)


@router.post("/quote", response_model=QuoteOut, summary="Pris en utlevering uten å lagre (med personens år)")
def quote(body: DispenseIn, http: Request, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    request = to_request(body)
    record_access(session, pharmacy, "pharmacy.quote", request.fnr, "prising på apotek")
    return service.quote(session, request, getattr(http.app.state, "dispense_check", None))


@router.post("/dispensings", response_model=DispensingOut, status_code=201,
             summary="Utlever: kontroller, pris, lagre og tell egenandelen")
def dispense(body: DispenseIn, request: Request, response: Response, session: SessionDep, pharmacy: PharmacyDep,
             key: IdempotencyKey) -> dict[str, Any]:
    dispense_request = to_request(body)
    assert pharmacy.org_number is not None
    hook = getattr(request.app.state, "dispense_check", None)

    def action() -> tuple[int, dict[str, Any]]:
        record_access(session, pharmacy, "pharmacy.dispense", dispense_request.fnr, "utlevering på blå resept")
        return 201, service.dispense(session, pharmacy.org_number or "", dispense_request, hook)

    return _idempotent(session, pharmacy.subject, key, ["dispense", body.model_dump(mode="json")], action, response)


@router.get("/dispensings", response_model=PharmacyDayOut, summary="Apotekets utleveringer og returer en dag")
def day(session: SessionDep, pharmacy: PharmacyDep,
        on: Annotated[Day | None, Query(description="Datoen (i dag om den utelates)")] = None) -> dict[str, Any]:
    record_access(session, pharmacy, "pharmacy.day", None, "oversikt over egne utleveringer")
    return service.pharmacy_day(session, pharmacy.org_number or "", on or today())


@router.get("/dispensings/{dispensing_id}", response_model=DispensingOut, summary="En utlevering fra ditt apotek")
def get_dispensing(dispensing_id: DispensingId, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    try:
        body = service.get_dispensing(session, pharmacy.org_number or "", dispensing_id)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None
    record_access(session, pharmacy, "pharmacy.read_dispensing", None, "oppslag i egen utlevering")
    return body


@router.post("/dispensings/{dispensing_id}/return", response_model=DispensingOut, status_code=201,
             summary="Retur: reverser en utlevering eksakt (kan trekke tilbake frikortet)")
def return_dispensing(dispensing_id: DispensingId, response: Response, session: SessionDep, pharmacy: PharmacyDep,
                      key: IdempotencyKey) -> dict[str, Any]:
    def action() -> tuple[int, dict[str, Any]]:
        try:
            return 201, service.return_dispensing(session, pharmacy.org_number or "", dispensing_id)
        except service.NotFound as exc:
            raise Problem(404, str(exc)) from None
        except service.Conflict as exc:
            raise Problem(409, str(exc)) from None

    return _idempotent(session, pharmacy.subject, key, ["return", dispensing_id], action, response)


@router.post("/claims", response_model=ClaimOut, status_code=201,
             summary="Refusjonskrav til Helfo for en periode (idempotent på apotekets krav-id)")
def claim(body: ClaimIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    try:
        return service.create_claim(session, pharmacy.org_number or "", body.claim_id, body.period_from,
                                    body.period_to)
    except service.Conflict as exc:
        raise Problem(409, str(exc)) from None


@router.get("/claims/{claim_id}", response_model=ClaimOut, summary="Et refusjonskrav fra ditt apotek")
def get_claim(claim_id: ClaimId, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    try:
        return service.get_claim(session, pharmacy.org_number or "", claim_id)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None


def _idempotent(session: Any, caller: str, key: str, payload: Any, action: Any, response: Response
                ) -> dict[str, Any]:
    try:
        status, body, replayed = run_once(session, caller, key, payload, action)
    except IdempotencyConflict as exc:
        raise Problem(409, str(exc)) from None
    response.status_code = status
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return body
