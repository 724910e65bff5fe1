"""Logoped and audiopedagog as a `Stonad`: a referral that needs Helfo's prior approval (children under 18 from
2017 to 2021, everyone before) is a case decided by the rules in `rules/logoped/`; from 2022 no referral needs it,
and the form is refused at intake with that reason (the logoped treats on the referral and claims from Helfo)."""

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
    RenderedLetter,
)
from blaresept.cases.errors import CaseError, call_rule
from blaresept.cases.flow import Role
from blaresept.cases.stonader.logoped import letter
from blaresept.cases.stonader.logoped.form import LogopedForm
from blaresept.cases.tables import Decision
from blaresept.rules.logoped import LogopedAssessment, Referral, assess_referral
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import DecisionOutcome
from blaresept.rules.procedure.processing import general_processing_deadline

LEGAL_BASIS = ("folketrygdloven § 5-10",)


def referral_of(form: LogopedForm, birth_date: date) -> Referral:
    return Referral(birth_date, form.referral_date, form.therapist, form.diagnosis, form.specialist_statement,
                    form.municipal_offer, form.treatment_start, form.treatments_used)


class LogopedStonad:
    kind = "logoped"
    label = "behandling hos logoped eller audiopedagog"
    reference_prefix = "LO"
    submitter_roles = frozenset({Role.DOCTOR, Role.CASEWORKER})
    supplement_by = "Legen"
    form: type[BaseModel] = LogopedForm

    def _form(self, form: BaseModel) -> LogopedForm:
        if not isinstance(form, LogopedForm):
            raise CaseError("Skjemaet er ikke en henvisning til logoped eller audiopedagog.")
        return form

    def _rules(self, case: CaseInput) -> LogopedAssessment:
        form = LogopedForm.model_validate(case.content)
        return call_rule(assess_referral, referral_of(form, case.patient_birth_date), default_parameters())

    def patient_of(self, form: BaseModel) -> str:
        return self._form(form).patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        referral = self._form(form)
        result = call_rule(assess_referral, referral_of(referral, birth_date), default_parameters())
        if not result.prior_approval:
            raise CaseError("Henvisningen trenger ikke forhåndsgodkjenning fra Helfo: "
                            + next(s.text for s in result.steps if s.rule == "logoped.prior_approval")
                            + " Logopeden eller audiopedagogen sender regningen til Helfo.")
        deadline = general_processing_deadline(received, default_parameters(), calendar_for(received))
        stored = referral.model_copy(update={"patient_fnr": patient_fnr})
        return Intake(stored.model_dump(mode="json"), deadline,
                      f"Henvisning til {referral.therapist.value} mottatt fra {actor.name} for forhåndsgodkjenning.")

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        return None

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        if answers:
            raise CaseError(f"Punktet «{next(iter(answers))}» finnes ikke i en sak om logoped.")
        result = self._rules(case)
        outcome = DecisionOutcome.GRANTED if result.eligible else DecisionOutcome.REFUSED
        return CaseAssessment(
            decided=True, outcome_label="innvilget" if result.eligible else "avslått", automatic=True,
            conditions=tuple(ConditionState(s.rule, "met" if s.outcome != "ikke_oppfylt" else "not_met", s.text,
                                            str(s.reference)) for s in result.steps),
            item_flags=(result.eligible,), steps=tuple(s.as_dict() for s in result.steps), outcome=outcome.value,
            native=result,
        )

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        result: LogopedAssessment = assessment.native
        form = LogopedForm.model_validate(case.content)
        name = f"Behandling hos {form.therapist.value}"
        if result.eligible:
            reason = ("Henvisningen er forhåndsgodkjent." if result.treatments_left is None else
                      f"Henvisningen er forhåndsgodkjent; stønad til inntil {result.treatments_left} behandlinger.")
            return DecisionDraft(
                outcome=DecisionOutcome.GRANTED, granted=({"item": 0, "name": name, "limit": result.treatment_limit,
                                                           "left": result.treatments_left},),
                refused=(), legal_basis=LEGAL_BASIS,
                reasons=(reason,),
                steps=assessment.steps, details={"treatment_limit": result.treatment_limit,
                                                 "treatments_left": result.treatments_left},
            )
        return DecisionDraft(
            outcome=DecisionOutcome.REFUSED, granted=(),
            refused=({"item": 0, "name": name, "reasons": list(result.reasons), "legal_basis": list(LEGAL_BASIS)},),
            legal_basis=LEGAL_BASIS, reasons=result.reasons, steps=assessment.steps,
        )

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return letter.decision_letter(decision, frame)

    def summary_line(self, case: CaseInput) -> str:
        return "forhåndsgodkjenning av behandling hos logoped eller audiopedagog"
