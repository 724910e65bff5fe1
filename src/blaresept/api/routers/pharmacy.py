"""The pharmacy's API: the patient's prescriptions in the register, paper prescriptions registered first, check,
quote (with its token), dispense against prescriptions (dated today by the server), late registration, return,
the day's list, claims and Helfo's settlement of them. Only the pharmacy role; a pharmacy sees only what it
dispensed. Writes take an Idempotency-Key, so a retried request stores nothing twice."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from sqlalchemy import select

from blaresept.api.deps import PharmacyDep, SessionDep
from blaresept.api.prescription_schemas import (
    ClaimOut,
    CounterCheckOut,
    CounterDispensingOut,
    CounterIn,
    CounterQuoteOut,
    PaperPrescriptionIn,
    PatientLookupIn,
    PatientPrescriptionsOut,
    PrescriptionOut,
)
from blaresept.api.problems import Problem
from blaresept.api.schemas import ClaimIn, DispensingOut, PharmacyDayOut
from blaresept.audit.log import record_access, record_person_ids
from blaresept.catalog import codes
from blaresept.counter import claims, prescribed, service
from blaresept.counter.idempotency import IdempotencyConflict, run_once
from blaresept.counter.prescribed import CounterRequest, Item
from blaresept.counter.tables import Dispensing
from blaresept.inputs import ONE_LINE_PATTERN, Day
from blaresept.money import kroner
from blaresept.persons.identity import check_fnr
from blaresept.prescriptions import service as register
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


LEGACY = ("Frie varelinjer tas ikke lenger imot: apoteket utleverer mot resepter i reseptregisteret. Send "
          "{\"fnr\": …, \"items\": [{\"prescription_id\": …, \"packs\": …}]} til POST /api/v1/pharmacy/quote, og "
          "samme forespørsel med \"quote_token\" fra svaret til POST /api/v1/pharmacy/dispensings. Finn pasientens "
          "resepter med POST /api/v1/pharmacy/prescriptions/lookup; en papir- eller telefonresept registreres først "
          "med POST /api/v1/pharmacy/prescriptions. Datoen settes av serveren (i dag, norsk tid); en utlevering gjort "
          "tidligere registreres med POST /api/v1/pharmacy/late-dispensings.")


def to_counter(body: CounterIn, *, late_allowed: bool = False, late_required: bool = False) -> CounterRequest:
    """The counter request from the API body; the old free-line shape is refused with what to send instead."""
    if body.prescriptions is not None or body.date is not None:
        raise Problem(422, LEGACY)
    if body.late is not None and not late_allowed:
        raise Problem(422, "En etterregistrering sendes til POST /api/v1/pharmacy/late-dispensings.")
    if late_required and body.late is None:
        raise Problem(422, "En etterregistrering må ha «late» med datoen utleveringen ble gjort og en begrunnelse.")
    if not body.items:
        raise Problem(422, "Velg minst én resept å utlevere («items» med «prescription_id»).")
    return CounterRequest(
        fnr=check_fnr(body.fnr),
        items=tuple(Item(prescription_id=i.prescription_id, packs=i.packs, varenummer=i.varenummer,
                         patient_reserved=i.patient_reserved,
                         price=kroner(i.price) if i.price is not None else None) for i in body.items),
        late_on=body.late.dispensed_on if body.late else None,
        late_reason=body.late.reason if body.late else None,
    )


def _counter_errors(action: Any) -> Any:
    try:
        return action()
    except (service.NotFound, register.NotFound) as exc:
        raise Problem(404, str(exc)) from None
    except prescribed.StaleQuote as exc:
        raise Problem(409, str(exc)) from None


@router.post("/prescriptions/lookup", response_model=PatientPrescriptionsOut,
             summary="Pasientens blå resepter i reseptregisteret, med det som gjenstår av hver")
def lookup(body: PatientLookupIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    number = check_fnr(body.fnr)
    record_access(session, pharmacy, "pharmacy.prescriptions", number, "oppslag i pasientens resepter")
    return register.patient_list(session, number)


@router.post("/prescriptions", response_model=PrescriptionOut, status_code=201,
             summary="Registrer en papir- eller telefonresept før utlevering (samme felt som e-resepten)")
def register_paper(body: PaperPrescriptionIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    from blaresept.api.routers.prescriptions import record_fnr, to_input

    prescriber = register.Prescriber(body.prescriber_hpr, body.prescriber_name,
                                     specialty_codes(body.prescriber_specialties), body.prescriber_hospital)
    record = register.write(session, prescriber, to_input(body, body.kind, body.written),
                            registered_by=f"apotek:{pharmacy.org_number}")
    record_access(session, pharmacy, "pharmacy.register_prescription", record_fnr(session, record),
                  "registrering av papirresept")
    return register.body(session, record)


@router.post("/check", response_model=CounterCheckOut,
             summary="Kontroller de valgte reseptene mot katalogen i dag (§§ 2–6), uten å prise eller lagre")
def check(body: CounterIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    request = to_counter(body, late_allowed=True)
    record_access(session, pharmacy, "pharmacy.check", request.fnr, "kontroll av blå resept på apotek")
    result: dict[str, Any] = _counter_errors(lambda: prescribed.check(session, request))
    return result


@router.post("/quote", response_model=CounterQuoteOut,
             summary="Pris utleveringen fra katalogen uten å lagre; svaret har tokenet utleveringen må ha med")
def quote(body: CounterIn, http: Request, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    request = to_counter(body, late_allowed=True)
    record_access(session, pharmacy, "pharmacy.quote", request.fnr, "prising på apotek")
    hook = getattr(http.app.state, "dispense_check", None)
    result: dict[str, Any] = _counter_errors(lambda: prescribed.quote(session, request, hook))
    return result


@router.post("/dispensings", response_model=CounterDispensingOut, status_code=201,
             summary="Utlever mot resepter: det som ble priset (quote_token), datert i dag av serveren")
def dispense(body: CounterIn, request: Request, response: Response, session: SessionDep, pharmacy: PharmacyDep,
             key: IdempotencyKey) -> dict[str, Any]:
    return _dispense(body, request, response, session, pharmacy, key, late=False)


@router.post("/late-dispensings", response_model=CounterDispensingOut, status_code=201,
             summary="Etterregistrer en utlevering gjort tidligere (høyst 14 dager tilbake), med begrunnelse")
def late_dispense(body: CounterIn, request: Request, response: Response, session: SessionDep,
                  pharmacy: PharmacyDep, key: IdempotencyKey) -> dict[str, Any]:
    return _dispense(body, request, response, session, pharmacy, key, late=True)


def _dispense(body: CounterIn, request: Request, response: Response, session: Any, pharmacy: Any, key: str,
              late: bool) -> dict[str, Any]:
    counter_request = to_counter(body, late_allowed=late, late_required=late)
    hook = getattr(request.app.state, "dispense_check", None)

    def action() -> tuple[int, dict[str, Any]]:
        record_access(session, pharmacy, "pharmacy.dispense", counter_request.fnr, "utlevering på blå resept")
        return 201, _counter_errors(lambda: prescribed.dispense(session, pharmacy.org_number or "", counter_request,
                                                                body.quote_token or "", hook))

    def replayed() -> None:
        record_access(session, pharmacy, "pharmacy.dispense.replay", counter_request.fnr, "utlevering på blå resept")

    return _idempotent(session, pharmacy.subject, key, ["dispense", body.model_dump(mode="json")], action, response,
                       replayed)


@router.get("/dispensings", response_model=PharmacyDayOut, summary="Apotekets utleveringer og returer en dag")
def day(session: SessionDep, pharmacy: PharmacyDep,
        on: Annotated[Day | None, Query(description="Datoen (i dag om den utelates)")] = None) -> dict[str, Any]:
    body = service.pharmacy_day(session, pharmacy.org_number or "", on or today())
    shown = [d["id"] for d in body["dispensings"]]
    record_person_ids(session, pharmacy, "pharmacy.day", _persons_of(session, shown), "oversikt over egne utleveringer")
    return body


@router.get("/dispensings/{dispensing_id}", response_model=DispensingOut, summary="En utlevering fra ditt apotek")
def get_dispensing(dispensing_id: DispensingId, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    try:
        body = service.get_dispensing(session, pharmacy.org_number or "", dispensing_id)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None
    record_person_ids(session, pharmacy, "pharmacy.read_dispensing", _persons_of(session, [dispensing_id]),
                      "oppslag i egen utlevering")
    return body


@router.post("/dispensings/{dispensing_id}/return", response_model=DispensingOut, status_code=201,
             summary="Retur: reverser en utlevering eksakt (kan trekke tilbake frikortet)")
def return_dispensing(dispensing_id: DispensingId, response: Response, session: SessionDep, pharmacy: PharmacyDep,
                      key: IdempotencyKey) -> dict[str, Any]:
    def action() -> tuple[int, dict[str, Any]]:
        try:
            body = service.return_dispensing(session, pharmacy.org_number or "", dispensing_id)
        except service.NotFound as exc:
            raise Problem(404, str(exc)) from None
        except service.Conflict as exc:
            raise Problem(409, str(exc)) from None
        record_person_ids(session, pharmacy, "pharmacy.return", _persons_of(session, [dispensing_id]),
                          "retur av utlevering")
        return 201, body

    def replayed() -> None:
        record_person_ids(session, pharmacy, "pharmacy.return.replay", _persons_of(session, [dispensing_id]),
                          "retur av utlevering")

    return _idempotent(session, pharmacy.subject, key, ["return", dispensing_id], action, response, replayed)


@router.post("/claims", response_model=ClaimOut, status_code=201,
             summary="Refusjonskrav til Helfo for en periode (idempotent på apotekets krav-id)")
def claim(body: ClaimIn, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    record_access(session, pharmacy, "pharmacy.claim", None, "refusjonskrav til Helfo")
    try:
        return claims.create_claim(session, pharmacy.org_number or "", body.claim_id, body.period_from,
                                   body.period_to)
    except service.Conflict as exc:
        raise Problem(409, str(exc)) from None


@router.get("/claims", response_model=list[ClaimOut], summary="Apotekets refusjonskrav med Helfos oppgjør")
def my_claims(session: SessionDep, pharmacy: PharmacyDep) -> list[dict[str, Any]]:
    record_access(session, pharmacy, "pharmacy.claims", None, "egne refusjonskrav")
    return claims.pharmacy_claims(session, pharmacy.org_number or "")


@router.get("/claims/{claim_id}", response_model=ClaimOut,
            summary="Et refusjonskrav fra ditt apotek, med Helfos oppgjør når det er gjort")
def get_claim(claim_id: ClaimId, session: SessionDep, pharmacy: PharmacyDep) -> dict[str, Any]:
    record_access(session, pharmacy, "pharmacy.read_claim", None, "eget refusjonskrav")
    try:
        return claims.get_claim(session, pharmacy.org_number or "", claim_id)
    except service.NotFound as exc:
        raise Problem(404, str(exc)) from None


def _persons_of(session: Any, dispensing_ids: list[int]) -> list[int]:
    """The persons of the dispensings (for the audit log)."""
    if not dispensing_ids:
        return []
    return list(session.scalars(select(Dispensing.person_id).where(Dispensing.id.in_(dispensing_ids))))


def _idempotent(session: Any, caller: str, key: str, payload: Any, action: Any, response: Response,
                on_replay: Any = None) -> dict[str, Any]:
    try:
        status, body, replayed = run_once(session, caller, key, payload, action)
    except IdempotencyConflict as exc:
        raise Problem(409, str(exc)) from None
    response.status_code = status
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
        if on_replay is not None:
            on_replay()  # a replay shows the stored answer, personal data included: audited too
    return body
