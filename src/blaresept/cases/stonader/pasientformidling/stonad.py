"""The contract for pasientformidling. There is no application to assess and no decision (vedtak): the case
always waits for the caseworker, whose steps (search, offer) and the patient's reply are kept by
`blaresept.frister.formidling`; `decide` and the decision letter refuse with a bokmål message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field

from blaresept.cases.actors import Actor
from blaresept.cases.contract import (
    Answer,
    CaseAssessment,
    CaseInput,
    DecisionDraft,
    DecisionOptions,
    Intake,
    LetterFrame,
    Point,
    RenderedLetter,
)
from blaresept.cases.errors import CaseError
from blaresept.cases.flow import Role
from blaresept.cases.schemas import StrictModel
from blaresept.cases.tables import Decision
from blaresept.rules import law
from blaresept.rules.frister.breach import BREACH_NOTE, BREACH_SECTION
from blaresept.rules.frister.workdays import long_date
from blaresept.rules.steps import Step

REFERENCE = str(law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE))


class FormidlingForm(StrictModel):
    """The breach a pasientformidling case is opened for (filled in by Helfo from the notification)."""

    breach_id: int = Field(ge=1)
    patient_fnr: str = Field(min_length=11, max_length=11)
    deadline: date = Field(description="The deadline that was breached (the queue's order)")
    area: str = Field(min_length=1, max_length=100)


@dataclass(frozen=True)
class FristDate:
    """The case's date in the queue: the breached deadline (fristdato ansiennitet), as the engine reads it."""

    due: date
    step: Step
    weeks: int = 0
    prioritised: bool = False
    reasons: tuple[str, ...] = field(default=())


class FormidlingStonad:
    kind = "formidling"
    label = "pasientformidling ved fristbrudd"
    reference_prefix = "FB"
    submitter_roles = frozenset({Role.CASEWORKER})
    supplement_by = "Helfo"
    form: type[BaseModel] = FormidlingForm

    def _form(self, form: BaseModel) -> FormidlingForm:
        if not isinstance(form, FormidlingForm):
            raise CaseError("Skjemaet er ikke en formidlingssak etter fristbrudd.")
        return form

    def patient_of(self, form: BaseModel) -> str:
        return self._form(form).patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str,
               birth_date: date) -> Intake:
        f = self._form(form)
        step = Step(
            rule="formidling.queue_date", reference=law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE), version=received,
            outcome=f.deadline.isoformat(),
            text=(f"Fristen for start av helsehjelp var {long_date(f.deadline)}. Helfo behandler formidlingssaker i "
                  "rekkefølge etter fristdato; en saksbehandler kan sette en sak foran ved medisinsk hast."),
            inputs={"deadline": f.deadline}, outputs={"queue_date": f.deadline},
        )
        content = f.model_dump(mode="json") | {"patient_fnr": patient_fnr}
        return Intake(content, FristDate(f.deadline, step),
                      f"Fristbrudd innen {f.area} mottatt. Helfo kontakter pasienten og leter etter behandlingssted.")

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        return "En formidlingssak kan ikke suppleres."

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        point = Point("formidling", "Kontakt pasienten, finn et behandlingssted med avtale og ledig kapasitet, og gi "
                                    "pasienten et tilbud.", REFERENCE)
        return CaseAssessment(decided=False, outcome_label="formidling", automatic=False, open_points=(point,))

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        raise CaseError("En formidlingssak får ikke vedtak; den avsluttes når pasienten har svart på tilbudet.")

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        raise CaseError("En formidlingssak har ikke vedtaksbrev; brevene sendes fra formidlingen.")

    def summary_line(self, case: CaseInput) -> str:
        return f"Pasientformidling etter fristbrudd innen {case.content.get('area', '')}"
