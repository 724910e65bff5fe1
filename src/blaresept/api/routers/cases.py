"""Helfo case handling for individual stønad (§ 3 drugs, § 6 nutrition).

A doctor submits an application and sees their own; the system decides it at once when the rules decide every
condition, otherwise a caseworker answers the open points in the queue and decides. The patient (or a parent for a
child) sees their cases and decisions, downloads the letters as PDF and appeals; the caseworker takes the appeal
through Helfo's reconsideration to Helseklage and registers Helseklage's and Trygderetten's decisions. Every read
of personal data is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response

from blaresept.api.deps import CaseworkerDep, DoctorDep, PatientDep, PrincipalDep, SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access, record_many
from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases import service
from blaresept.cases.schemas import (
    AppealIn,
    AssessmentIn,
    DecisionIn,
    FormalIn,
    ForwardIn,
    FurtherAppealIn,
    OutsideDecisionIn,
    ReconsiderationIn,
)
from blaresept.cases.service import (
    Actor,
    AppealView,
    AutomationReport,
    CaseError,
    CaseSummary,
    CaseView,
    QueueItem,
)
from blaresept.cases.stonader.individual.form import ApplicationForm
from blaresept.cases.stonader.individual.granted import GrantedDecision, granted_decisions
from blaresept.counter.idempotency import IdempotencyConflict, run_once
from blaresept.inputs import ONE_LINE_PATTERN, Day
from blaresept.persons.identity import IdentityError, check_fnr

router = APIRouter(prefix="/cases", tags=["saker"])

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Sakens nummer")]
AppealId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Klagens nummer")]
LetterId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Brevets nummer")]
PatientOrCaseworker = Annotated[Principal, Depends(require_roles(AuthRole.PATIENT, AuthRole.CASEWORKER))]
ReportReader = Annotated[Principal, Depends(require_roles(AuthRole.CASEWORKER, AuthRole.ANALYST))]
GrantReader = Annotated[Principal, Depends(require_roles(AuthRole.CASEWORKER, AuthRole.PHARMACY))]


def actor_of(principal: Principal) -> Actor:
    actor = service.actor_for(principal)
    if actor is None:
        raise Problem(403, f"Rollen «{principal.role.value}» har ikke tilgang til saksbehandling.")
    return actor


@contextmanager
def problems() -> Iterator[None]:
    """Case errors as problem+json with their bokmål message."""
    try:
        yield
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None


def require_visible(session: SessionDep, principal: Principal, case: CaseView) -> None:
    """Who may see a case: any caseworker, the applying doctor, the patient (or a parent of a child)."""
    if principal.role is AuthRole.CASEWORKER:
        return
    if principal.role is AuthRole.DOCTOR and principal.subject == _applicant(session, case.id):
        return
    if principal.role is AuthRole.PATIENT and principal.fnr and case.patient_fnr in service.patient_fnrs(
            session, principal.fnr):
        return
    raise Problem(403, "Du har ikke tilgang til denne saken.")


def _patients(session: SessionDep, case_ids: list[int]) -> list[str]:
    """The patients of the cases a list shows (for the audit log)."""
    from sqlalchemy import select

    from blaresept.cases.tables import Case

    return list(session.scalars(select(Case.patient_fnr).where(Case.id.in_(case_ids)))) if case_ids else []


def _applicant(session: SessionDep, case_id: int) -> str:
    from blaresept.cases.tables import Case

    case = session.get(Case, case_id)
    return case.applicant_subject if case else ""


# ------------------------------------------------------------------------------------------------ doctor


@router.post("/applications", response_model=CaseView, status_code=201,
             summary="Send en søknad om individuell stønad (§ 3 legemiddel, § 6 næringsmiddel)")
def submit(body: ApplicationForm, response: Response, session: SessionDep, doctor: DoctorDep,
           key: Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                             pattern=ONE_LINE_PATTERN,
                                             description="Legens unike nøkkel for søknaden: samme søknad sendt "
                                                         "to ganger med samme nøkkel gir én sak")] = None,
           ) -> Any:
    def action() -> tuple[int, dict[str, Any]]:
        with problems():
            view = service.submit_application(session, actor_of(doctor), body)
        record_access(session, doctor, "cases.submit", view.patient_fnr, "søknad om individuell stønad")
        return 201, _as_json(view)

    if key is None:
        return action()[1]
    try:
        status, stored, replayed = run_once(session, f"cases:{doctor.subject}", key,
                                            ["application", body.model_dump(mode="json")], action)
    except IdempotencyConflict as exc:
        raise Problem(409, str(exc)) from None
    response.status_code = status
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
        record_access(session, doctor, "cases.submit.replay", _compact(body.patient_fnr),
                      "søknad om individuell stønad")
    return stored


def _compact(number: str) -> str | None:
    try:
        return check_fnr(number)
    except IdentityError:
        return None


def _as_json(view: Any) -> dict[str, Any]:
    from fastapi.encoders import jsonable_encoder

    encoded: dict[str, Any] = jsonable_encoder(view)
    return encoded


@router.get("/applications", response_model=list[CaseSummary], summary="Mine søknader (legen)")
def my_applications(session: SessionDep, doctor: DoctorDep) -> list[CaseSummary]:
    found = service.cases_for_applicant(session, doctor.subject)
    record_many(session, doctor, "cases.applications", _patients(session, [c.id for c in found]),
                "oversikt over egne søknader")
    return found


@router.post("/{case_id}/supplement", response_model=CaseView,
             summary="Send søknaden på nytt med opplysningene som manglet")
def supplement(case_id: CaseId, body: ApplicationForm, session: SessionDep, doctor: DoctorDep) -> CaseView:
    with problems():
        view = service.supplement_application(session, actor_of(doctor), case_id, body)
    record_access(session, doctor, "cases.supplement", view.patient_fnr, "supplering av søknad")
    return view


# ------------------------------------------------------------------------------------------------ caseworker


@router.get("/queue", response_model=list[QueueItem], summary="Saksbehandlers kø: søknader og klager som venter")
def queue(session: SessionDep, caseworker: CaseworkerDep) -> list[QueueItem]:
    items = service.caseworker_queue(session)
    record_many(session, caseworker, "cases.queue", _patients(session, [i.case_id for i in items]),
                "saksbehandlingskø")
    return items


@router.get("/report/automation", response_model=AutomationReport,
            summary="Andel vedtak fattet automatisk i en periode")
def automation(
    session: SessionDep, reader: ReportReader,
    date_from: Annotated[Day, Query(alias="from", description="Første dato (vedtaksdato)")],
    date_to: Annotated[Day, Query(alias="to", description="Siste dato (vedtaksdato)")],
) -> AutomationReport:
    with problems():
        return service.automation_report(session, date_from, date_to)


@router.get("/decisions/granted", response_model=list[GrantedDecision],
            summary="Gjeldende innvilgede vedtak for en pasient på en dato (saksbehandler og apotek)")
def granted(
    session: SessionDep, reader: GrantReader,
    fnr: Annotated[str, Query(min_length=1, max_length=13, description="Pasientens fødselsnummer",
                                       pattern=ONE_LINE_PATTERN)],
    on: Annotated[Day, Query(description="Datoen vedtaket skal gjelde")],
) -> list[GrantedDecision]:
    try:
        number = check_fnr(fnr)
    except IdentityError as exc:
        raise Problem(422, str(exc)) from None
    record_access(session, reader, "cases.granted", number, "kontroll av individuelt vedtak")
    with problems():
        return granted_decisions(session, number, on)


@router.post("/{case_id}/assessment", response_model=CaseView, summary="Vurder åpne punkter i en sak")
def assessment(case_id: CaseId, body: AssessmentIn, session: SessionDep, caseworker: CaseworkerDep) -> CaseView:
    with problems():
        view = service.assess_case(session, actor_of(caseworker), case_id, body.resolutions)
    record_access(session, caseworker, "cases.assess", view.patient_fnr, "saksbehandling")
    return view


@router.post("/{case_id}/decision", response_model=CaseView,
             summary="Fatt vedtak i en vurdert sak (sender brevet og avslutter saken som standard)")
def decision(case_id: CaseId, body: DecisionIn, session: SessionDep, caseworker: CaseworkerDep) -> CaseView:
    with problems():
        view = service.decide_case(session, actor_of(caseworker), case_id, body)
    record_access(session, caseworker, "cases.decide", view.patient_fnr, "saksbehandling")
    return view


@router.post("/{case_id}/letter", response_model=CaseView, summary="Send vedtaksbrevet")
def letter(case_id: CaseId, session: SessionDep, caseworker: CaseworkerDep) -> CaseView:
    with problems():
        view = service.send_letter(session, actor_of(caseworker), case_id)
    record_access(session, caseworker, "cases.letter", view.patient_fnr, "saksbehandling")
    return view


@router.post("/{case_id}/close", response_model=CaseView, summary="Avslutt saken")
def close(case_id: CaseId, session: SessionDep, caseworker: CaseworkerDep) -> CaseView:
    with problems():
        view = service.close_case(session, actor_of(caseworker), case_id)
    record_access(session, caseworker, "cases.close", view.patient_fnr, "saksbehandling")
    return view


# ------------------------------------------------------------------------------------------------ patient


@router.get("/mine", response_model=list[CaseSummary], summary="Mine saker og barnas saker (pasienten)")
def mine(session: SessionDep, patient: PatientDep) -> list[CaseSummary]:
    assert patient.fnr is not None
    numbers = service.patient_fnrs(session, patient.fnr)
    record_access(session, patient, "cases.mine", patient.fnr, "innsyn i egne saker")
    return service.cases_for_patient(session, numbers)


# ------------------------------------------------------------------------------------------------ shared reads


@router.get("/{case_id}", response_model=CaseView, summary="En sak med søknad, vedtak, klager, brev og tidslinje")
def get_case(case_id: CaseId, session: SessionDep, principal: PrincipalDep) -> CaseView:
    actor_of(principal)
    with problems():
        view = service.get_case(session, case_id)
    require_visible(session, principal, view)
    record_access(session, principal, "cases.read", view.patient_fnr, "innsyn i sak om individuell stønad")
    return view


@router.get("/{case_id}/letters/{letter_id}", summary="Last ned et brev som PDF",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def letter_pdf(case_id: CaseId, letter_id: LetterId, session: SessionDep, principal: PrincipalDep) -> Response:
    actor_of(principal)
    with problems():
        file = service.letter_file(session, case_id, letter_id)
        view = service.get_case(session, case_id)
    require_visible(session, principal, view)
    record_access(session, principal, "cases.letter_pdf", file.patient_fnr, "nedlasting av brev")
    return Response(file.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{file.filename}"'})


# ------------------------------------------------------------------------------------------------ appeals


@router.post("/{case_id}/appeals", response_model=AppealView, status_code=201,
             summary="Klag på et vedtak (pasienten, eller saksbehandler som registrerer en klage på papir)")
def appeal(case_id: CaseId, body: AppealIn, session: SessionDep, principal: PatientOrCaseworker) -> AppealView:
    with problems():
        view = service.file_appeal(session, actor_of(principal), case_id, body)
        case = service.get_case(session, case_id)
    record_access(session, principal, "cases.appeal", case.patient_fnr, "klage på vedtak")
    return view


def _appeal_access(session: SessionDep, principal: Principal, appeal_id: int, action: str) -> None:
    from blaresept.cases.tables import Appeal

    found = session.get(Appeal, appeal_id)
    if found is not None:
        record_access(session, principal, action, found.case.patient_fnr, "klagebehandling")


@router.post("/appeals/{appeal_id}/formal-requirements", response_model=AppealView,
             summary="Vurder klagens formkrav (part, frist eller unntak, form)")
def formal(appeal_id: AppealId, body: FormalIn, session: SessionDep, caseworker: CaseworkerDep) -> AppealView:
    with problems():
        view = service.check_formal_requirements(session, actor_of(caseworker), appeal_id, body)
    _appeal_access(session, caseworker, appeal_id, "cases.appeal.formal")
    return view


@router.post("/appeals/{appeal_id}/reconsideration", response_model=AppealView,
             summary="Ny vurdering i enheten som fattet vedtaket: endre eller opprettholde")
def reconsideration(appeal_id: AppealId, body: ReconsiderationIn, session: SessionDep,
                    caseworker: CaseworkerDep) -> AppealView:
    with problems():
        view = service.reconsider(session, actor_of(caseworker), appeal_id, body)
    _appeal_access(session, caseworker, appeal_id, "cases.appeal.reconsider")
    return view


@router.post("/appeals/{appeal_id}/forwarding", response_model=AppealView,
             summary="Send klagen til Helseklage; saksfremstillingen sendes pasienten")
def forwarding(appeal_id: AppealId, body: ForwardIn, session: SessionDep, caseworker: CaseworkerDep) -> AppealView:
    with problems():
        view = service.forward_to_helseklage(session, actor_of(caseworker), appeal_id, body)
    _appeal_access(session, caseworker, appeal_id, "cases.appeal.forward")
    return view


@router.post("/appeals/{appeal_id}/helseklage-decision", response_model=AppealView,
             summary="Registrer Helseklages vedtak")
def helseklage(appeal_id: AppealId, body: OutsideDecisionIn, session: SessionDep,
               caseworker: CaseworkerDep) -> AppealView:
    with problems():
        view = service.record_helseklage_decision(session, actor_of(caseworker), appeal_id, body)
    _appeal_access(session, caseworker, appeal_id, "cases.appeal.helseklage")
    return view


@router.post("/appeals/{appeal_id}/further-appeal", response_model=AppealView,
             summary="Anke til Trygderetten (pasienten, eller saksbehandler som registrerer anken)")
def further_appeal(appeal_id: AppealId, body: FurtherAppealIn, session: SessionDep,
                   principal: PatientOrCaseworker) -> AppealView:
    with problems():
        view = service.file_further_appeal(session, actor_of(principal), appeal_id, body)
    _appeal_access(session, principal, appeal_id, "cases.appeal.further")
    return view


@router.post("/appeals/{appeal_id}/trygderetten-ruling", response_model=AppealView,
             summary="Registrer Trygderettens kjennelse")
def trygderetten(appeal_id: AppealId, body: OutsideDecisionIn, session: SessionDep,
                 caseworker: CaseworkerDep) -> AppealView:
    with problems():
        view = service.record_trygderetten_ruling(session, actor_of(caseworker), appeal_id, body)
    _appeal_access(session, caseworker, appeal_id, "cases.appeal.trygderetten")
    return view
