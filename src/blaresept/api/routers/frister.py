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
from blaresept.frister import service
from blaresept.frister.calendar import calendar_around
from blaresept.frister.errors import FristConflict, FristError, FristForbidden, FristNotFound
from blaresept.rules.errors import RuleError
from blaresept.rules.frister.assessment import assessment_deadline
from blaresept.rules.parameters import default_parameters

router = APIRouter(prefix="/frister", tags=["frister og fristbrudd"])

HospitalDep = Annotated[Principal, Depends(require_roles(Role.HOSPITAL))]
ReaderDep = Annotated[Principal, Depends(require_roles(Role.HOSPITAL, Role.PATIENT))]
Ref = Annotated[str, Path(max_length=20)]


class ReferralIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patient_fnr: str = Field(min_length=11, max_length=11, description="Pasientens fødselsnummer")
    area: str = Field(min_length=1, max_length=100, description="Fagområdet (f.eks. ortopedi)")
    received_on: date = Field(description="Datoen spesialisthelsetjenesten mottok henvisningen")
    serious_suspected: bool = Field(False, description="Mistanke om alvorlig eller livstruende sykdom")


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assessed_on: date
    has_right: bool = Field(description="Rett til nødvendig helsehjelp fra spesialisthelsetjenesten")
    deadline: date | None = Field(None, description="Frist for når helsehjelpen senest skal starte (som satt)")


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    started_on: date


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
    mottatt: Annotated[date, Query(description="Datoen henvisningen ble mottatt")],
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
    person: Annotated[str | None, Query(max_length=11, description="Et barns fødselsnummer (pasient)")] = None,
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
    person: Annotated[str | None, Query(max_length=11, description="Et barns fødselsnummer")] = None,
) -> dict[str, Any]:
    with _errors():
        return service.report_breach(session, patient, reference, child_fnr=person).as_dict()


@router.get("/fristbrudd", summary="Fristbrudd meldt til Helfo, eldste frist først (saksbehandler)")
def breaches(session: SessionDep, _: CaseworkerDep,
             status: Annotated[str | None, Query(max_length=20)] = "ny") -> list[dict[str, Any]]:
    return [{**item.__dict__, "deadline": item.deadline.isoformat(), "found_on": item.found_on.isoformat()}
            for item in service.breaches(session, status)]
