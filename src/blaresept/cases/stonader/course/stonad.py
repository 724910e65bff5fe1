"""Courses abroad for children with rare congenital conditions as a `Stonad`: an application for prior approval,
decided by the rules in `rules/abroad/course.py` (bidrag, folketrygdloven § 5-22)."""

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
from blaresept.cases.stonader.course import letter
from blaresept.cases.stonader.course.form import CourseForm
from blaresept.cases.tables import Decision
from blaresept.rules.abroad import CourseApplication, CourseAssessment, assess_course
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import DecisionOutcome
from blaresept.rules.procedure.processing import general_processing_deadline

LEGAL_BASIS = ("folketrygdloven § 5-22", "Helsedirektoratets rundskriv til § 5-22 kapittel 11")


def application_of(form: CourseForm, received: date) -> CourseApplication:
    return CourseApplication(received, form.course_start, form.country, form.congenital, form.norwegian_competence,
                             form.nordic_offer, form.centre_statement, form.professional_programme,
                             form.child_participates, form.one_in, form.persons_in_norway)


class CourseStonad:
    kind = "course"
    label = "kurs i utlandet for barn med sjelden medfødt tilstand"
    reference_prefix = "KU"
    submitter_roles = frozenset({Role.PATIENT, Role.CASEWORKER})
    supplement_by = "Du"
    form: type[BaseModel] = CourseForm

    def _form(self, form: BaseModel) -> CourseForm:
        if not isinstance(form, CourseForm):
            raise CaseError("Skjemaet er ikke en søknad om kurs i utlandet.")
        return form

    def _rules(self, case: CaseInput) -> CourseAssessment:
        form = CourseForm.model_validate(case.content)
        return call_rule(assess_course, application_of(form, case.received_on), default_parameters())

    def patient_of(self, form: BaseModel) -> str:
        return self._form(form).patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        course = self._form(form)
        call_rule(assess_course, application_of(course, received), default_parameters())  # refuse bad input now
        deadline = general_processing_deadline(received, default_parameters(), calendar_for(received))
        stored = course.model_copy(update={"patient_fnr": patient_fnr})
        return Intake(stored.model_dump(mode="json"), deadline,
                      f"Søknad om kurs i utlandet ({course.course_name}) mottatt fra {actor.name}.")

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        return None

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        result = self._rules(case)
        flags = {s.rule: s.outcome != "ikke_oppfylt" for s in result.steps}
        for key, answer in answers.items():  # a caseworker (or a reversal on appeal) may overrule a condition
            if key not in flags:
                raise CaseError(f"Punktet «{key}» finnes ikke i en sak om kurs i utlandet.")
            flags[key] = answer.met
        eligible = all(flags.values())
        outcome = DecisionOutcome.GRANTED if eligible else DecisionOutcome.REFUSED
        return CaseAssessment(
            decided=True, outcome_label="innvilget" if eligible else "avslått", automatic=not answers,
            conditions=tuple(ConditionState(s.rule, "met" if flags[s.rule] else "not_met", s.text, str(s.reference),
                                            s.rule not in answers) for s in result.steps),
            item_flags=(eligible,), steps=tuple(s.as_dict() for s in result.steps), outcome=outcome.value,
            native=(result, flags),
        )

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        result, flags = assessment.native
        form = CourseForm.model_validate(case.content)
        name = f"{form.course_name} ({form.country})"
        if assessment.outcome == DecisionOutcome.GRANTED.value:
            return DecisionDraft(outcome=DecisionOutcome.GRANTED, granted=({"item": 0, "name": name},), refused=(),
                                 legal_basis=LEGAL_BASIS, reasons=("Alle vilkårene for kurs i utlandet er oppfylt.",),
                                 steps=assessment.steps)
        reasons = tuple(s.text for s in result.steps if not flags[s.rule])
        return DecisionDraft(outcome=DecisionOutcome.REFUSED, granted=(),
                             refused=({"item": 0, "name": name, "reasons": list(reasons),
                                       "legal_basis": list(LEGAL_BASIS)},),
                             legal_basis=LEGAL_BASIS, reasons=reasons, steps=assessment.steps)

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return letter.decision_letter(CourseForm.model_validate(case.content), decision, frame)

    def summary_line(self, case: CaseInput) -> str:
        return "kurs i utlandet for barn med sjelden medfødt tilstand"
