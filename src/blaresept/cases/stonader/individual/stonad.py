"""§ 3/§ 6 individual stønad as a `Stonad`: the engine's contract over the pure rules in `rules/individual/`
(completeness, who may apply, the automatic assessment, the decision's content, the processing time)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel

from blaresept.cases.actors import Actor
from blaresept.cases.clock import calendar_for
from blaresept.cases.contract import (
    Answer,
    CaseAssessment,
    CaseInput,
    ConditionState,
    DecisionDraft,
    DecisionOptions,
    Intake,
    LetterFrame,
    Point,
    RenderedLetter,
)
from blaresept.cases.errors import CaseError, CaseForbidden, call_rule
from blaresept.cases.flow import Role
from blaresept.cases.stonader.individual import letter
from blaresept.cases.stonader.individual.form import ApplicationForm, to_application
from blaresept.cases.tables import Decision
from blaresept.rules.individual.automatic import OUTCOME_LABELS, Assessment, assess
from blaresept.rules.individual.deadlines import processing_deadline
from blaresept.rules.individual.decision import DecisionContent, decision_content
from blaresept.rules.individual.model import LABELS, Application, Kind, Resolution, Status
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import norwegian_date


class IndividualStonad:
    """One instance per kind: drugs (§ 3) and nutrition (§ 6) share the form and the rules."""

    reference_prefix = "IS"
    submitter_roles = frozenset({Role.DOCTOR})
    supplement_by = "Legen"
    form: type[BaseModel] = ApplicationForm

    def __init__(self, kind: Kind):
        self.kind = kind.value
        self.label = LABELS[kind]

    def _form(self, form: BaseModel) -> ApplicationForm:
        if not isinstance(form, ApplicationForm):
            raise CaseError("Skjemaet er ikke en søknad om individuell stønad etter § 3 eller § 6.")
        return form

    def _application(self, case: CaseInput) -> Application:
        form = ApplicationForm.model_validate(case.content)
        return to_application(form, case.received_on, case.patient_birth_date, case.applicant_hpr,
                              case.applicant_name)

    def patient_of(self, form: BaseModel) -> str:
        return self._form(form).patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        application = self._form(form)
        if not actor.hpr:
            raise CaseForbidden("Innloggingen din mangler HPR-nummer; bare leger med autorisasjon kan søke.")
        app = to_application(application, received, birth_date, actor.hpr, actor.name)
        call_rule(assess, app, default_parameters())  # refuse unreadable input before anything is written
        deadline = call_rule(processing_deadline, received, birth_date, application.serious_illness,
                             default_parameters(), calendar_for(received))
        stored = application.model_copy(update={"patient_fnr": patient_fnr})
        priority = (f" Saken prioriteres ({' og '.join(deadline.reasons)})." if deadline.prioritised else "")
        text = (f"Søknad om individuell stønad til {LABELS[application.kind]} mottatt fra {actor.name}. Frist for "
                f"svar: {norwegian_date(deadline.due)} ({deadline.weeks} uker).{priority}")
        return Intake(stored.model_dump(mode="json"), deadline, text)

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        if self._form(form).kind.value != case.kind:
            return "Suppleringen må gjelde samme type søknad (legemiddel eller næringsmiddel)."
        return None

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        resolutions = {key: Resolution(a.met, a.note) for key, a in answers.items()}
        result: Assessment = call_rule(assess, self._application(case), default_parameters(), resolutions)
        decided = result.outcome.decided
        return CaseAssessment(
            decided=decided, outcome_label=OUTCOME_LABELS[result.outcome], automatic=result.automatic,
            missing=tuple(Point(m.code, m.text, str(m.reference)) for m in result.completeness.missing),
            open_points=tuple(Point(p.key, p.text, str(p.reference)) for p in result.open_points),
            conditions=tuple(ConditionState(c.key, c.status.value, c.text, str(c.reference), c.decided_by_rule)
                             for c in result.conditions),
            item_flags=tuple(i.status is Status.MET for i in result.items),
            steps=tuple(s.as_dict() for s in result.steps),
            outcome=result.outcome.value if decided else None, native=result,
        )

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        result: Assessment = assessment.native
        content: DecisionContent = call_rule(decision_content, self._application(case), result,
                                             default_parameters(), options.valid_to, options.set_valid_to)
        granted_items = [i.item for i in result.items if i.status is Status.MET]
        refused_items = [i.item for i in result.items if i.status is not Status.MET]
        return DecisionDraft(
            outcome=content.outcome,
            granted=tuple({"item": index, "name": g.name, "atc": g.atc, "varenummer": g.varenummer,
                           "article_group": g.article_group, "valid_from": g.valid_from.isoformat(),
                           "valid_to": g.valid_to.isoformat() if g.valid_to else None,
                           "validity_text": g.validity_text} for index, g in zip(granted_items, content.granted,
                                                                                   strict=True)),
            refused=tuple({"item": index, "name": r.name, "atc": r.atc, "varenummer": r.varenummer,
                           "article_group": r.article_group, "reasons": list(r.reasons),
                           "legal_basis": list(r.legal_basis)} for index, r in zip(refused_items, content.refused,
                                                                                    strict=True)),
            legal_basis=content.legal_basis, reasons=content.reasons, steps=tuple(s.as_dict() for s in content.steps),
            hjemmel=content.hjemmel, hjemmel_code=content.hjemmel_code, refund_code=content.refund_code,
            bidrag_note=content.bidrag_note,
        )

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return letter.decision_letter(case.kind, case.applicant_name, decision, frame)

    def summary_line(self, case: CaseInput) -> str:
        form = ApplicationForm.model_validate(case.content)
        what = ", ".join(d.name for d in form.drugs) if form.kind is Kind.DRUG else ", ".join(
            p.name for p in (form.nutrition.products if form.nutrition else []))
        return f"individuell stønad til {what}"
