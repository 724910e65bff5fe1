"""Pages for case handling (individual stønad under § 3 and § 6): the doctor's application form and list of
applications, the caseworker's queue and the case page where open points are answered, the decision made and
the appeal taken through its steps, and the patient's cases with their letters (PDF) and the appeal form. Every
write goes through blaresept.cases.service in one transaction (unit_of_work) and answers with a redirect (PRG);
a service error is shown in place in bokmål and nothing is stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal, Role
from blaresept.cases import service
from blaresept.cases.flow import AppealStatus
from blaresept.cases.flow import Role as CaseRole
from blaresept.cases.schemas import (
    AppealIn,
    DecisionIn,
    FormalIn,
    ForwardIn,
    FurtherAppealIn,
    OutsideDecisionIn,
    ReconsiderationIn,
    ResolutionIn,
)
from blaresept.cases.service import CaseError, CaseView
from blaresept.cases.stonader.individual.form import ApplicationForm
from blaresept.rules.bidrag.model import PURPOSE_LABELS, Purpose
from blaresept.rules.individual.model import LABELS, Indication, MethodAssessment, SeverityGrade, WeightyReason
from blaresept.rules.individual.nutrition import CONDITIONS, rewritten
from blaresept.rules.parameters import default_parameters
from blaresept.timeutil import OSLO, today
from blaresept.web.common import TEMPLATES, check_csrf, current_user, render, require, unit_of_work

router = APIRouter(include_in_schema=False)


GRADES = {"": "Velg gradering"} | {g.value: LABELS[g].capitalize() for g in SeverityGrade}
REASONS = {"": "Velg grunn"} | {r.value: LABELS[r].capitalize() for r in WeightyReason}
INDICATIONS = {i.value: LABELS[i].capitalize() for i in Indication}
ASSESSMENTS = {"": "Ikke aktuelt / ikke oppgitt"} | {a.value: LABELS[a].capitalize() for a in MethodAssessment}
GROUPS = {"C": "C", "A": "A", "B": "B", "CF": "CF", "F": "F"}
POINTS = {"1": "Punkt 1 – sykdom i munn, svelg, mage eller tarm, stoffskiftesykdom, epilepsi",
          "2": "Punkt 2 – laktose- eller melkeproteinintoleranse/-allergi hos barn under 10 år",
          "4": "Punkt 4 – kreft, immunsvikt eller annen sykdom med sterk svekkelse",
          "3": "Punkt 3 – fenylketonuri (Føllings sykdom)"}
CONDITION_CHOICES = {"": "Velg tilstand"} | {k: f"{k} – {v}" for k, v in CONDITIONS.items()}


def nutrition_points(on: date) -> dict[str, str]:
    """The § 6 choices on the form for an application received on the date: punkt 1–4 to 2025-11-30, the two
    grounds of the rewritten § 6 from 2025-12-01 (parameter individual.nutrition.grounds)."""
    params = default_parameters()
    if not rewritten(params, on):
        return POINTS
    grounds = params["individual.nutrition.grounds"].at(on).value
    return {key: f"Grunnlag {key} – {text}" for key, text in sorted(grounds.items())}


def nutrition_word(on: date) -> str:
    """«punkt» or «grunnlag» for § 6 on the date."""
    return "grunnlag" if rewritten(default_parameters(), on) else "punkt"


TEMPLATES.env.globals.update(nutrition_word=nutrition_word)
SYSTEMS = {"ICD-10": "ICD-10", "ICPC-2": "ICPC-2"}

FIELDS: dict[tuple[str, ...], str] = {
    ("patient_fnr",): "fnr", ("diagnosis", "code"): "diag_kode", ("diagnosis", "text"): "diag_tekst",
    ("drugs", "0", "name"): "lm_navn", ("drugs", "0", "atc"): "lm_atc", ("drugs", "0", "varenummer"): "lm_varenummer",
    ("drugs", "0", "marketing_authorisation"): "lm_mt_dato", ("need", "0", "start"): "behov_fra",
    ("need", "0", "end"): "behov_til", ("tried", "0", "name"): "forsokt_navn", ("nutrition", "point"): "nm_punkt",
    ("nutrition", "products", "0", "name"): "nm_produkt", ("applicant", "email"): "sok_epost",
}
CHECKBOXES = ("diag_par2", "diag_spesialistvilkar", "diag_apenbart", "lm_markedsfort", "lm_orphan", "lm_vedlegg1",
              "ab_underordnet", "ab_kroniske_smerter", "nm_pa_listen", "sok_spesialist", "samtykke", "prioritet")


def _actor(principal: Principal) -> service.Actor:
    actor = service.actor_for(principal)
    assert actor is not None, "the page let in a role that takes no step in a case"
    return actor


def _user(request: Request, *roles: Role) -> Principal:
    """The logged-in user with one of the roles (login redirect, or the 'wrong role' page, otherwise)."""
    principal = current_user(request)
    if principal is None or principal.role not in roles:
        return require(request, roles[0])
    return principal


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    check_csrf(request, form)
    return {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}


# ------------------------------------------------------------------------------------------ entry


@router.get("/saker")
def cases_entry(request: Request) -> Response:
    """The cases section for whoever is logged in: the doctor's applications, the caseworker's queue, or the
    patient's cases."""
    principal = _user(request, Role.PATIENT, Role.DOCTOR, Role.CASEWORKER)
    target = {Role.DOCTOR: "/lege", Role.CASEWORKER: "/saksbehandler"}.get(principal.role, "/mine-saker")
    return RedirectResponse(target, status_code=303)


# ------------------------------------------------------------------------------------------ doctor


def blank_values() -> dict[str, str]:
    return {"type": "drug", "diag_kodeverk": "ICD-10", "lm_reseptgruppe": "C", "lm_indikasjon": "approved_norway",
            "lm_markedsfort": "on", "nm_pa_listen": "on", "nm_punkt": "2", "behov_fra": today().isoformat()}


def values_from_application(data: Mapping[str, Any]) -> dict[str, str]:
    """Form values from a stored application (to supplement it)."""
    v = blank_values()
    v["fnr"] = str(data.get("patient_fnr") or "")
    v["type"] = str(data.get("kind") or "drug")
    d = data.get("diagnosis") or {}
    v |= {"diag_kodeverk": d.get("system", "ICD-10"), "diag_kode": d.get("code", ""), "diag_tekst": d.get("text", "")}
    for key, field in (("diag_par2", "section2_refund_code"), ("diag_spesialistvilkar", "specialist_condition"),
                       ("diag_apenbart", "obviously_severe")):
        v[key] = "on" if d.get(field) else ""
    drugs = data.get("drugs") or []
    if drugs:
        g = drugs[0]
        v |= {"lm_navn": g.get("name", ""), "lm_atc": g.get("atc") or "", "lm_varenummer": g.get("varenummer") or "",
              "lm_reseptgruppe": g.get("reseptgruppe", "C"), "lm_mt_dato": g.get("marketing_authorisation") or "",
              "lm_indikasjon": g.get("indication", "approved_norway"),
              "lm_metodevurdering": g.get("method_assessment") or "",
              "lm_markedsfort": "on" if g.get("marketed_in_norway", True) else "",
              "lm_orphan": "on" if g.get("orphan") else "", "lm_vedlegg1": "on" if g.get("vedlegg1") else ""}
    s = data.get("severity") or {}
    v |= {"alv_grad": s.get("grade") or "", "alv_risiko": s.get("risk_of_death_or_loss_of_function", ""),
          "alv_funksjon": s.get("loss_of_function", ""), "alv_smerte": s.get("pain_or_discomfort", ""),
          "alv_andre": s.get("related_illnesses", "")}
    need = data.get("need") or []
    if need:
        v |= {"behov_fra": need[0].get("start") or "", "behov_til": need[0].get("end") or ""}
    tried = data.get("tried") or []
    if tried:
        v |= {"forsokt_navn": tried[0].get("name", ""), "forsokt_grunn": tried[0].get("reason") or "",
              "forsokt_beskrivelse": tried[0].get("description", "")}
    v["ingen_alternativ"] = data.get("no_preapproved_alternative") or ""
    a = data.get("addictive") or {}
    v |= {"ab_underordnet": "on" if a.get("dependence_risk_subordinate") else "",
          "ab_plan": a.get("treatment_plan", ""), "ab_smerteanalyse": a.get("pain_analysis", ""),
          "ab_kroniske_smerter": "on" if data.get("chronic_strong_pain") else ""}
    v |= {"saerskilte_forhold": data.get("special_circumstances") or "",
          "effektdok": data.get("effect_documentation") or "", "eos_dok": data.get("eea_approval_documentation") or ""}
    n = data.get("nutrition") or {}
    if n:
        products = n.get("products") or [{}]
        v |= {"nm_punkt": str(n.get("point", 2)), "nm_tilstand": n.get("condition") or "",
              "nm_produkt": products[0].get("name", ""), "nm_artikkelgruppe": products[0].get("article_group") or "",
              "nm_pa_listen": "on" if products[0].get("on_list", True) else "",
              "nm_hydrolysat_begrunnelse": n.get("reason_other_than_hydrolysed") or "",
              "nm_utenfor_liste_begrunnelse": n.get("justification_off_list") or ""}
    ap = data.get("applicant") or {}
    v |= {"sok_telefon": ap.get("phone") or "", "sok_epost": ap.get("email") or "",
          "sok_spesialist": "on" if ap.get("specialist_in_field") else "", "sok_spesialitet": ap.get("specialty") or "",
          "sok_avdeling": ap.get("hospital_department") or "", "sok_instituert": ap.get("instituted_by") or ""}
    v |= {"samtykke": "on" if data.get("consent") else "", "prioritet": "on" if data.get("serious_illness") else "",
          "merknad": data.get("note") or ""}
    return v


def application_data(v: Mapping[str, str]) -> dict[str, Any]:
    """The API's application shape from the form's fields (one drug and one tried drug in the web form)."""
    def text(key: str) -> str | None:
        return v.get(key) or None

    def on(key: str) -> bool:
        return bool(v.get(key))

    data: dict[str, Any] = {
        "kind": v.get("type") or "drug", "patient_fnr": v.get("fnr", ""), "consent": on("samtykke"),
        "serious_illness": on("prioritet"), "note": v.get("merknad", ""),
        "applicant": {"phone": text("sok_telefon"), "email": text("sok_epost"),
                      "specialist_in_field": on("sok_spesialist"), "specialty": text("sok_spesialitet"),
                      "hospital_department": text("sok_avdeling"), "instituted_by": text("sok_instituert")},
    }
    if v.get("diag_kode") or v.get("diag_tekst"):
        data["diagnosis"] = {"system": v.get("diag_kodeverk") or "ICD-10", "code": v.get("diag_kode", ""),
                             "text": v.get("diag_tekst", ""), "section2_refund_code": on("diag_par2"),
                             "specialist_condition": on("diag_spesialistvilkar"),
                             "obviously_severe": on("diag_apenbart")}
    if v.get("behov_fra"):
        data["need"] = [{"start": v["behov_fra"], "end": text("behov_til")}]
    if data["kind"] == "drug":
        if v.get("lm_navn"):
            data["drugs"] = [{
                "name": v["lm_navn"], "atc": text("lm_atc"), "varenummer": text("lm_varenummer"),
                "reseptgruppe": v.get("lm_reseptgruppe") or "C", "marketed_in_norway": on("lm_markedsfort"),
                "marketing_authorisation": text("lm_mt_dato"),
                "indication": v.get("lm_indikasjon") or "approved_norway",
                "orphan": on("lm_orphan"), "vedlegg1": on("lm_vedlegg1"),
                "method_assessment": text("lm_metodevurdering"),
            }]
        if v.get("alv_grad") or any(v.get(k) for k in ("alv_risiko", "alv_funksjon", "alv_smerte", "alv_andre")):
            data["severity"] = {"grade": text("alv_grad"),
                                "risk_of_death_or_loss_of_function": v.get("alv_risiko", ""),
                                "loss_of_function": v.get("alv_funksjon", ""),
                                "pain_or_discomfort": v.get("alv_smerte", ""),
                                "related_illnesses": v.get("alv_andre", "")}
        if v.get("forsokt_navn"):
            data["tried"] = [{"name": v["forsokt_navn"], "reason": text("forsokt_grunn"),
                              "description": v.get("forsokt_beskrivelse", "")}]
        data["no_preapproved_alternative"] = text("ingen_alternativ")
        if on("ab_underordnet") or v.get("ab_plan") or v.get("ab_smerteanalyse"):
            data["addictive"] = {"dependence_risk_subordinate": on("ab_underordnet"),
                                 "treatment_plan": v.get("ab_plan", ""), "pain_analysis": v.get("ab_smerteanalyse", "")}
        data["chronic_strong_pain"] = on("ab_kroniske_smerter")
        data["special_circumstances"] = text("saerskilte_forhold")
        data["effect_documentation"] = text("effektdok")
        data["eea_approval_documentation"] = text("eos_dok")
    else:
        point = v.get("nm_punkt") or ""
        data["nutrition"] = {
            "point": int(point) if point.isdigit() else 0, "condition": text("nm_tilstand"),
            "products": [{"name": v["nm_produkt"], "article_group": text("nm_artikkelgruppe"),
                          "on_list": on("nm_pa_listen")}] if v.get("nm_produkt") else [],
            "reason_other_than_hydrolysed": text("nm_hydrolysat_begrunnelse"),
            "justification_off_list": text("nm_utenfor_liste_begrunnelse"),
        }
    return data


def validation_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(str(p) for p in error.get("loc", ()))
        field = FIELDS.get(loc)
        kind = str(error.get("type"))
        if "date" in kind:
            message = "må være en dato"
        elif "too_long" in kind or "max_length" in kind:
            message = "er for lang"
        elif kind == "missing":
            message = "mangler"
        else:
            message = "har en ugyldig verdi"
        label = {"fnr": "Fødselsnummeret", "lm_mt_dato": "Datoen for markedsføringstillatelsen",
                 "behov_fra": "Startdatoen", "behov_til": "Sluttdatoen", "nm_punkt": "Punktet i § 6"}.get(
            field or "", "Feltet")
        errors[field or "skjema"] = f"{label} {message}."
    return errors


def _form_page(request: Request, values: Mapping[str, str], errors: Mapping[str, str] | None = None,
               problem: str | None = None, case: CaseView | None = None, status: int = 200) -> Response:
    return render(request, "cases_form.html", {
        "section": "cases", "v": values, "errors": dict(errors or {}), "problem": problem, "case": case,
        "grades": GRADES, "reasons": REASONS, "indications": INDICATIONS, "assessments": ASSESSMENTS,
        "groups": GROUPS, "points": nutrition_points(today()), "condition_choices": CONDITION_CHOICES,
        "systems": SYSTEMS, "section6_rewritten": nutrition_word(today()) == "grunnlag",
    }, status=status)


@router.get("/lege", response_class=HTMLResponse)
def doctor_page(request: Request) -> Response:
    doctor = require(request, Role.DOCTOR)
    with unit_of_work(request) as session:
        cases = service.cases_for_applicant(session, doctor.subject)
        record_access(session, doctor, "cases.applications", None, "oversikt over egne søknader")
    return render(request, "cases_doctor.html", {"section": "cases", "cases": cases})


@router.get("/lege/soknad", response_class=HTMLResponse)
def application_page(request: Request) -> Response:
    require(request, Role.DOCTOR)
    return _form_page(request, blank_values())


@router.post("/lege/soknad", response_class=HTMLResponse)
async def submit_application(request: Request) -> Response:
    doctor = require(request, Role.DOCTOR)
    values = await _form(request)
    try:
        form = ApplicationForm.model_validate(application_data(values))
    except ValidationError as exc:
        return _form_page(request, values, validation_errors(exc), status=422)
    try:
        with unit_of_work(request) as session:
            view = service.submit_application(session, _actor(doctor), form)
            record_access(session, doctor, "cases.submit", view.patient_fnr, "søknad om individuell stønad")
    except CaseError as exc:
        return _form_page(request, values, {"fnr": str(exc)} if "ødselsnummer" in str(exc) else None,
                          problem=str(exc), status=exc.status)
    return RedirectResponse(f"/saker/{view.id}?sendt=1", status_code=303)


@router.get("/saker/{case_id}/suppler", response_class=HTMLResponse)
def supplement_page(request: Request, case_id: int) -> Response:
    doctor = require(request, Role.DOCTOR)
    view = _case_for(request, doctor, case_id)
    return _form_page(request, values_from_application(view.application), case=view)


@router.post("/saker/{case_id}/suppler", response_class=HTMLResponse)
async def supplement(request: Request, case_id: int) -> Response:
    doctor = require(request, Role.DOCTOR)
    view = _case_for(request, doctor, case_id)
    values = await _form(request)
    try:
        form = ApplicationForm.model_validate(application_data(values))
    except ValidationError as exc:
        return _form_page(request, values, validation_errors(exc), case=view, status=422)
    try:
        with unit_of_work(request) as session:
            service.supplement_application(session, _actor(doctor), case_id, form)
    except CaseError as exc:
        return _form_page(request, values, problem=str(exc), case=view, status=exc.status)
    return RedirectResponse(f"/saker/{case_id}?sendt=1", status_code=303)


# ------------------------------------------------------------------------------------------ caseworker


@router.get("/saksbehandler", response_class=HTMLResponse)
def queue_page(request: Request) -> Response:
    caseworker = require(request, Role.CASEWORKER)
    year = today().year
    with unit_of_work(request) as session:
        items = service.caseworker_queue(session)
        report = service.automation_report(session, date(year, 1, 1), date(year, 12, 31))
        record_access(session, caseworker, "cases.queue", None, "saksbehandlingskø")
    return render(request, "cases_queue.html", {"section": "cases", "items": items, "report": report,
                                                "year": year})


# ------------------------------------------------------------------------------------------ patient


@router.get("/mine-saker", response_class=HTMLResponse)
def patient_cases(request: Request) -> Response:
    patient = require(request, Role.PATIENT)
    assert patient.fnr is not None
    with unit_of_work(request) as session:
        numbers = service.patient_fnrs(session, patient.fnr)
        cases = service.cases_for_patient(session, numbers)
        record_access(session, patient, "cases.mine", patient.fnr, "innsyn i egne saker")
    return render(request, "cases_patient.html", {"section": "cases", "cases": cases})


# ------------------------------------------------------------------------------------------ the case page


def _case_for(request: Request, principal: Principal, case_id: int) -> CaseView:
    with unit_of_work(request) as session:
        try:
            view = service.get_case(session, case_id)
        except CaseError as exc:
            raise _NotVisible(exc.status, str(exc)) from None
        if not _may_see(session, principal, view):
            raise _NotVisible(403, "Du har ikke tilgang til denne saken.")
        record_access(session, principal, "cases.read", view.patient_fnr, "innsyn i sak om individuell stønad")
    return view


def _may_see(session: Any, principal: Principal, view: CaseView) -> bool:
    if principal.role is Role.CASEWORKER:
        return True
    if principal.role is Role.DOCTOR:
        from blaresept.cases.tables import Case

        case = session.get(Case, view.id)
        return case is not None and case.applicant_subject == principal.subject
    if principal.role is Role.PATIENT and principal.fnr:
        return view.patient_fnr in service.patient_fnrs(session, principal.fnr)
    return False


class _NotVisible(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _case_page(request: Request, principal: Principal, case_id: int, problem: str | None = None,
               status: int = 200, values: Mapping[str, str] | None = None) -> Response:
    try:
        view = _case_for(request, principal, case_id)
    except _NotVisible as exc:
        return render(request, "error.html", {"status": exc.status, "title": "Fant ikke saken",
                                              "message": str(exc)}, status=exc.status)
    draft = None
    appeal = view.open_appeal
    if principal.role is Role.CASEWORKER and appeal and appeal.status == AppealStatus.UPHELD.value:
        with unit_of_work(request) as session:
            draft = service.summary_draft(session, appeal.id)
    return render(request, "cases_case.html", {
        "section": "cases", "case": view, "problem": problem, "role": principal.role.value,
        "appeal": appeal, "draft": draft, "v": dict(values or {}), "sent": request.query_params.get("sendt"),
        "done": request.query_params.get("utfort"), "appealable": view.appealable,
        "today": today().isoformat(), "oslo": OSLO,
        "purpose_labels": {p.value: PURPOSE_LABELS[p].capitalize() for p in Purpose},
    }, status=status)


@router.get("/saker/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int) -> Response:
    principal = _user(request, Role.CASEWORKER, Role.DOCTOR, Role.PATIENT)
    return _case_page(request, principal, case_id)


@router.get("/saker/{case_id}/brev/{letter_id}")
def letter_pdf(request: Request, case_id: int, letter_id: int) -> Response:
    principal = _user(request, Role.PATIENT, Role.CASEWORKER, Role.DOCTOR)
    try:
        _case_for(request, principal, case_id)
    except _NotVisible as exc:
        return render(request, "error.html", {"status": exc.status, "title": "Fant ikke brevet",
                                              "message": str(exc)}, status=exc.status)
    with unit_of_work(request) as session:
        try:
            file = service.letter_file(session, case_id, letter_id)
        except CaseError as exc:
            return render(request, "error.html", {"status": exc.status, "title": "Fant ikke brevet",
                                                  "message": str(exc)}, status=exc.status)
        record_access(session, principal, "cases.letter_pdf", file.patient_fnr, "nedlasting av brev")
    return Response(file.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{file.filename}"'})


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"«{value}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


async def _act(request: Request, case_id: int, roles: tuple[Role, ...], action: Any) -> Response:
    """Run one service step from a form: redirect to the case page when done, or show the error in place."""
    principal = _user(request, *roles)
    values = await _form(request)
    try:
        with unit_of_work(request) as session:
            action(session, _actor(principal), values)
    except (CaseError, ValidationError) as exc:
        message = str(exc) if isinstance(exc, CaseError) else "Skjemaet har felt som mangler eller er ugyldige."
        status = exc.status if isinstance(exc, CaseError) else 422
        return _case_page(request, principal, case_id, problem=message, status=status, values=values)
    return RedirectResponse(f"/saker/{case_id}?utfort=1", status_code=303)


@router.post("/saker/{case_id}/vurdering", response_class=HTMLResponse)
async def assess(request: Request, case_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        answers = {}
        for name, value in v.items():
            if name.startswith("punkt:") and value in ("oppfylt", "ikke_oppfylt"):
                key = name.removeprefix("punkt:")
                answers[key] = ResolutionIn(met=value == "oppfylt", note=v.get(f"notat:{key}", ""))
        service.assess_case(session, actor, case_id, answers)

    return await _act(request, case_id, (Role.CASEWORKER,), action)


@router.post("/saker/{case_id}/vedtak", response_class=HTMLResponse)
async def decide(request: Request, case_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        valid_to = _date(v.get("gyldig_til"))
        body = DecisionIn(valid_to=valid_to, set_valid_to=valid_to is not None, note=v.get("begrunnelse") or None)
        service.decide_case(session, actor, case_id, body)

    return await _act(request, case_id, (Role.CASEWORKER,), action)


@router.post("/saker/{case_id}/klage", response_class=HTMLResponse)
async def appeal(request: Request, case_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        body = AppealIn(grounds=v.get("begrunnelse", ""), late_reason=v.get("sen_grunn") or None,
                        on_behalf_of=v.get("pa_vegne_av") or None,
                        received_on=_date(v.get("mottatt")) if actor.role is CaseRole.CASEWORKER else None,
                        decision_received_on=_date(v.get("vedtak_mottatt")))
        service.file_appeal(session, actor, case_id, body)

    return await _act(request, case_id, (Role.PATIENT, Role.CASEWORKER), action)


def _appeal_of(request: Request, appeal_id: int) -> int:
    with unit_of_work(request) as session:
        from blaresept.cases.tables import Appeal

        found = session.get(Appeal, appeal_id)
        if found is None:
            raise CaseError(f"Fant ingen klage med id {appeal_id}.")
        return found.case_id


async def _appeal_step(request: Request, appeal_id: int, roles: tuple[Role, ...], action: Any) -> Response:
    try:
        case_id = _appeal_of(request, appeal_id)
    except CaseError as exc:
        return render(request, "error.html", {"status": 404, "title": "Fant ikke klagen", "message": str(exc)},
                      status=404)
    return await _act(request, case_id, roles, lambda s, a, v: action(s, a, v))


@router.post("/klager/{appeal_id}/formkrav", response_class=HTMLResponse)
async def formal(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        exception = {"ja": True, "nei": False}.get(v.get("unntak", ""))
        body = FormalIn(appellant_is_party=bool(v.get("part")), concrete=bool(v.get("konkret")),
                        signed=bool(v.get("signert")), exception_accepted=exception, note=v.get("notat", ""),
                        decision_received_on=_date(v.get("vedtak_mottatt")))
        service.check_formal_requirements(session, actor, appeal_id, body)

    return await _appeal_step(request, appeal_id, (Role.CASEWORKER,), action)


@router.post("/klager/{appeal_id}/ny-vurdering", response_class=HTMLResponse)
async def reconsider(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        outcome = v.get("utfall", "")
        answers = {}
        if outcome == "changed":
            for name, value in v.items():
                if name.startswith("vilkar:") and value in ("oppfylt", "ikke_oppfylt"):
                    answers[name.removeprefix("vilkar:")] = ResolutionIn(met=value == "oppfylt",
                                                                         note=v.get("begrunnelse", ""))
        body = ReconsiderationIn.model_validate({"outcome": outcome, "note": v.get("begrunnelse", ""),
                                                 "resolutions": answers})
        service.reconsider(session, actor, appeal_id, body)

    return await _appeal_step(request, appeal_id, (Role.CASEWORKER,), action)


@router.post("/klager/{appeal_id}/oversendelse", response_class=HTMLResponse)
async def forward(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        service.forward_to_helseklage(session, actor, appeal_id, ForwardIn(summary=v.get("fremstilling") or None))

    return await _appeal_step(request, appeal_id, (Role.CASEWORKER,), action)


def _outside(v: dict[str, str]) -> OutsideDecisionIn:
    return OutsideDecisionIn.model_validate({"outcome": v.get("utfall", ""), "decided_on": v.get("avgjort", ""),
                                             "received_on": v.get("mottatt") or None,
                                             "reasons": v.get("begrunnelse", "")})


@router.post("/klager/{appeal_id}/helseklage", response_class=HTMLResponse)
async def helseklage(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        service.record_helseklage_decision(session, actor, appeal_id, _outside(v))

    return await _appeal_step(request, appeal_id, (Role.CASEWORKER,), action)


@router.post("/klager/{appeal_id}/anke", response_class=HTMLResponse)
async def further_appeal(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        body = FurtherAppealIn(grounds=v.get("begrunnelse", ""), late_reason=v.get("sen_grunn") or None,
                               received_on=_date(v.get("mottatt")) if actor.role is CaseRole.CASEWORKER else None)
        service.file_further_appeal(session, actor, appeal_id, body)

    return await _appeal_step(request, appeal_id, (Role.PATIENT, Role.CASEWORKER), action)


@router.post("/klager/{appeal_id}/trygderetten", response_class=HTMLResponse)
async def trygderetten(request: Request, appeal_id: int) -> Response:
    def action(session: Any, actor: service.Actor, v: dict[str, str]) -> None:
        service.record_trygderetten_ruling(session, actor, appeal_id, _outside(v))

    return await _appeal_step(request, appeal_id, (Role.CASEWORKER,), action)
