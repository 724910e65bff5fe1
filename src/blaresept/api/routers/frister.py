"""Referrals and fristbrudd: hospitals register referrals, assessments and the start of help; the patient
sees their referrals and can report a breach; Helfo sees the breaches; anyone logged in can compute an
assessment deadline with its explanation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from blaresept.api.deps import CaseworkerDep, PatientDep, PrincipalDep, SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.frister import formidling, service
from blaresept.frister.calendar import calendar_around
from blaresept.frister.errors import FristConflict, FristError, FristForbidden, FristNotFound
from blaresept.inputs import ONE_LINE_PATTERN, Day, Text
from blaresept.rules.errors import RuleError
from blaresept.rules.frister.assessment import assessment_deadline
from blaresept.rules.parameters import default_parameters

router = APIRouter(prefix="/frister", tags=["frister og fristbrudd"])

HospitalDep = Annotated[Principal, Depends(require_roles(Role.HOSPITAL))]
ReaderDep = Annotated[Principal, Depends(require_roles(Role.HOSPITAL, Role.PATIENT))]
Ref = Annotated[str, Path(min_length=1, max_length=20, pattern=ONE_LINE_PATTERN)]
ChildFnr = Annotated[str | None, Query(max_length=11, pattern=ONE_LINE_PATTERN,
                                       description="Et barns fødselsnummer (pasient; utelates for meg selv)")]
BreachStatus = Annotated[str | None, Query(max_length=20, pattern=ONE_LINE_PATTERN)]


class ReferralIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patient_fnr: Text = Field(min_length=11, max_length=11, description="Pasientens fødselsnummer")
    area: Text = Field(min_length=1, max_length=100, description="Fagområdet (f.eks. ortopedi)")
    received_on: Day = Field(description="Datoen spesialisthelsetjenesten mottok henvisningen")
    serious_suspected: bool = Field(False, description="Mistanke om alvorlig eller livstruende sykdom")


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assessed_on: Day
    has_right: bool = Field(description="Rett til nødvendig helsehjelp fra spesialisthelsetjenesten")
    deadline: Day | None = Field(None, description="Frist for når helsehjelpen senest skal starte (som satt)")


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    started_on: Day


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except FristNotFound as exc:
        raise Problem(404, str(exc)) from None
    except FristForbidden as exc:
        raise Problem(403, str(exc)) from None
    except FristConflict as exc:
        raise Problem(409, str(exc)) from None
    except FristError as exc:
        raise Problem(422, str(exc)) from None


@router.get("/vurderingsfrist", summary="Regn ut vurderingsfristen for en henvisning, med forklaring")
def compute(
    _: PrincipalDep,
    mottatt: Annotated[Day, Query(description="Datoen henvisningen ble mottatt")],
    alvorlig: Annotated[bool, Query(description="Mistanke om alvorlig eller livstruende sykdom")] = False,
) -> dict[str, Any]:
    try:
        result = assessment_deadline(mottatt, alvorlig, default_parameters(), calendar_around(mottatt.year))
    except RuleError as exc:
        raise Problem(422, str(exc)) from None
    return {"received_on": mottatt.isoformat(), "working_days": result.working_days,
            "deadline": result.deadline.isoformat(), "sooner": result.sooner,
            "holidays": [{"date": d.isoformat(), "name": n} for d, n in result.holidays],
            "steps": [s.as_dict() for s in result.steps]}


@router.post("/henvisninger", status_code=201, summary="Registrer en mottatt henvisning (sykehus)")
def register(body: ReferralIn, session: SessionDep, hospital: HospitalDep) -> dict[str, Any]:
    with _errors():
        view = service.register_referral(session, hospital, body.patient_fnr, body.area, body.received_on,
                                         body.serious_suspected)
    record_access(session, hospital, "frister.register", view.patient_fnr, "registrering av henvisning")
    return view.as_dict()


@router.post("/henvisninger/{reference}/vurdering", summary="Registrer vurderingen og fristen (sykehus)")
def assessment(reference: Ref, body: AssessmentIn, session: SessionDep, hospital: HospitalDep) -> dict[str, Any]:
    with _errors():
        return service.record_assessment(session, hospital, reference, body.assessed_on, body.has_right,
                                         body.deadline).as_dict()


@router.post("/henvisninger/{reference}/oppstart", summary="Registrer at helsehjelpen har startet (sykehus)")
def started(reference: Ref, body: StartIn, session: SessionDep, hospital: HospitalDep) -> dict[str, Any]:
    with _errors():
        return service.record_help_started(session, hospital, reference, body.started_on).as_dict()


@router.get("/henvisninger", summary="Henvisninger: sykehusets egne, eller pasientens egne (og barnas)")
def referrals(
    session: SessionDep, principal: ReaderDep,
    person: ChildFnr = None,
) -> list[dict[str, Any]]:
    with _errors():
        if principal.role is Role.HOSPITAL:
            return [v.as_dict() for v in service.referrals_for_hospital(session, principal)]
        views = service.referrals_for_patient(session, principal, person)
    record_access(session, principal, "frister.patient", person or principal.fnr, "innsyn i egne henvisninger")
    return [v.as_dict() for v in views]


@router.post("/henvisninger/{reference}/fristbrudd", summary="Meld fristbrudd selv (pasient eller forelder)")
def report(
    reference: Ref, session: SessionDep, patient: PatientDep,
    person: ChildFnr = None,
) -> dict[str, Any]:
    with _errors():
        return service.report_breach(session, patient, reference, child_fnr=person).as_dict()


@router.get("/fristbrudd", summary="Fristbrudd meldt til Helfo, eldste frist først (saksbehandler)")
def breaches(session: SessionDep, _: CaseworkerDep,
             status: BreachStatus = "ny") -> list[dict[str, Any]]:
    return [{**item.__dict__, "deadline": item.deadline.isoformat(), "found_on": item.found_on.isoformat()}
            for item in service.breaches(session, status)]


# ------------------------------------------------------------------------------------------ pasientformidling

ProviderDep = Annotated[Principal, Depends(require_roles(Role.PROVIDER))]


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provider: Text = Field(min_length=1, max_length=40, description="Behandlingsstedets kode")


class UrgentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    urgent: bool
    note: Text = Field("", max_length=300)


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accept: bool


def _plain(view: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in view.__dict__.items()
            if k != "letters"} | {"letters": [{**lt, "sent_on": lt["sent_on"].isoformat()}
                                              for lt in getattr(view, "letters", [])]}


@router.post("/fristbrudd/{breach_id}/formidling", status_code=201,
             summary="Opprett formidlingssak for et fristbrudd og kontakt pasienten (saksbehandler)")
def open_formidling(breach_id: int, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    with _errors():
        return _plain(formidling.open_case(session, caseworker, breach_id))


@router.get("/formidling", summary="Åpne formidlingssaker, hastesaker først, deretter etter fristdato")
def formidling_queue(session: SessionDep, _: CaseworkerDep) -> list[dict[str, Any]]:
    return [_plain(v) for v in formidling.queue(session)]


@router.get("/formidling/{formidling_id}/kandidater", summary="Behandlingssteder med avtale og ledig kapasitet")
def formidling_candidates(formidling_id: int, session: SessionDep, _: CaseworkerDep) -> dict[str, Any]:
    with _errors():
        slots, text = formidling.candidates(session, formidling_id)
    return {"providers": [s.__dict__ for s in slots], "explanation": text}


@router.post("/formidling/{formidling_id}/svar-fra-pasienten", summary="Pasienten svarte på Helfos henvendelse")
def formidling_answer(formidling_id: int, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    with _errors():
        return _plain(formidling.record_answer(session, caseworker, formidling_id))


@router.post("/formidling/{formidling_id}/hast", summary="Sett saken foran i køen ved medisinsk hast")
def formidling_urgent(formidling_id: int, body: UrgentIn, session: SessionDep,
                      caseworker: CaseworkerDep) -> dict[str, Any]:
    with _errors():
        return _plain(formidling.set_urgent(session, caseworker, formidling_id, body.urgent, body.note))


@router.post("/formidling/{formidling_id}/tilbud", summary="Gi pasienten et tilbud (brev som PDF)")
def formidling_offer(formidling_id: int, body: OfferIn, session: SessionDep,
                     caseworker: CaseworkerDep) -> dict[str, Any]:
    with _errors():
        return _plain(formidling.make_offer(session, caseworker, formidling_id, body.provider))


@router.get("/mine-formidlinger", summary="Pasientens formidlingssaker (og barnas)")
def my_formidling(session: SessionDep, patient: PatientDep,
                  person: ChildFnr = None) -> list[dict[str, Any]]:
    with _errors():
        views = formidling.cases_for_patient(session, patient, person)
    record_access(session, patient, "frister.formidling", person or patient.fnr, "innsyn i formidlingssaker")
    return [_plain(v) for v in views]


@router.post("/formidling/{formidling_id}/svar", summary="Pasienten takker ja eller nei til tilbudet")
def formidling_reply(formidling_id: int, body: ReplyIn, session: SessionDep, patient: PatientDep) -> dict[str, Any]:
    with _errors():
        return _plain(formidling.reply(session, patient, formidling_id, body.accept))


@router.get("/tilbud", summary="Tilbudene Helfo har gitt pasienter hos dette behandlingsstedet")
def provider_offers(session: SessionDep, provider: ProviderDep) -> list[dict[str, Any]]:
    with _errors():
        return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in o.__dict__.items()}
                for o in formidling.offers_for_provider(session, provider)]
