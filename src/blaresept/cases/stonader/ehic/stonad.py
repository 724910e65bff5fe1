"""The European health insurance card as a `Stonad`: an order is a case, decided by the rules in `rules/ehic/`
(or by a caseworker where the rules leave an open point: refugees and stateless persons); a grant — by Helfo or,
after an appeal, by Helseklage or Trygderetten — issues the card in the register (`after_decision`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

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
from blaresept.cases.errors import CaseError, call_rule
from blaresept.cases.flow import Role
from blaresept.cases.stonader.ehic import cards, letter
from blaresept.cases.stonader.ehic.form import EhicForm, EhicPersonIn
from blaresept.cases.tables import Case, Decision
from blaresept.persons.identity import IdentityError, birth_date_of, masked
from blaresept.rules.ehic import EhicAssessment, FamilyLink, Insured, assess_ehic
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import DecisionOutcome
from blaresept.rules.procedure.processing import general_processing_deadline

OPEN_POINT = "ehic_rett"
LEGAL_BASIS = ("trygdeforordningen (EF) nr. 883/2004 art. 19", "gjennomføringsforordningen (EF) nr. 987/2009 art. 25")


def _insured(person: EhicPersonIn) -> Insured:
    try:
        return Insured(birth_date_of(person.fnr), person.citizenship, person.member)
    except (IdentityError, ValueError) as exc:
        raise CaseError(f"Fødselsnummeret {masked(person.fnr)} er ikke gyldig: {exc}") from None


class EhicStonad:
    kind = "ehic"
    label = "europeisk helsetrygdkort"
    reference_prefix = "HK"
    submitter_roles = frozenset({Role.PATIENT, Role.CASEWORKER})
    supplement_by = "Du"
    form: type[BaseModel] = EhicForm

    def _form(self, form: BaseModel) -> EhicForm:
        if not isinstance(form, EhicForm):
            raise CaseError("Skjemaet er ikke en bestilling av europeisk helsetrygdkort.")
        return form

    def _rules(self, case: CaseInput) -> EhicAssessment:
        form = EhicForm.model_validate(case.content)
        family = FamilyLink(form.relation, _insured(form.holder)) if form.relation and form.holder else None
        return call_rule(assess_ehic, _insured(form.person), case.received_on, default_parameters(), family)

    def patient_of(self, form: BaseModel) -> str:
        return self._form(form).person.fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        order = self._form(form)
        if (order.relation is None) != (order.holder is None):
            raise CaseError("Oppgi både relasjonen og familiemedlemmet, eller ingen av dem.")
        stored = order.model_copy(update={"person": order.person.model_copy(update={"fnr": patient_fnr})})
        case = CaseInput("ehic", stored.model_dump(mode="json"), received, patient_fnr, birth_date, actor.subject, "",
                         actor.name)
        self._rules(case)  # refuse unreadable input (a citizenship code, a date out of scope) before storing
        deadline = general_processing_deadline(received, default_parameters(), calendar_for(received))
        return Intake(stored.model_dump(mode="json"), deadline,
                      f"Bestilling av europeisk helsetrygdkort mottatt fra {actor.name}.")

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        return None

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        result = self._rules(case)
        unknown = [k for k in answers if k != OPEN_POINT]
        if unknown:
            raise CaseError(f"Punktet «{unknown[0]}» finnes ikke i en sak om helsetrygdkort.")
        eligible = result.eligible
        answered = answers.get(OPEN_POINT)
        if answered is not None:  # a caseworker's answer (or a reversal on appeal) decides the point
            eligible = answered.met
        open_points = (Point(OPEN_POINT, result.reason, "trygdeforordningen art. 2"),) if eligible is None else ()
        status = "open" if eligible is None else "met" if eligible else "not_met"
        outcome = None if eligible is None else (DecisionOutcome.GRANTED if eligible else DecisionOutcome.REFUSED)
        return CaseAssessment(
            decided=eligible is not None,
            outcome_label="må vurderes" if outcome is None else ("innvilget" if eligible else "avslått"),
            automatic=answered is None, open_points=open_points,
            conditions=(ConditionState(OPEN_POINT, status, result.reason, "trygdeforordningen art. 2",
                                       decided_by_rule=answered is None),),
            item_flags=(bool(eligible),), steps=tuple(s.as_dict() for s in result.steps),
            outcome=outcome.value if outcome else None, native=result,
        )

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        result: EhicAssessment = assessment.native
        name = "Europeisk helsetrygdkort"
        if assessment.outcome == DecisionOutcome.GRANTED.value:
            return DecisionDraft(
                outcome=DecisionOutcome.GRANTED, granted=({"item": 0, "name": name, "ground": result.ground.value},),
                refused=(), legal_basis=LEGAL_BASIS, reasons=(result.reason,), steps=assessment.steps,
                details={"ground": result.ground.value},
            )
        return DecisionDraft(
            outcome=DecisionOutcome.REFUSED, granted=(),
            refused=({"item": 0, "name": name, "reasons": [result.reason], "legal_basis": list(LEGAL_BASIS)},),
            legal_basis=LEGAL_BASIS, reasons=(result.reason,), steps=assessment.steps,
        )

    def after_decision(self, session: Session, case: Case, decision: Decision, moment: datetime) -> None:
        """A granted decision issues the card (and ends the person's earlier active card)."""
        if decision.outcome == DecisionOutcome.GRANTED.value:
            card = cards.issue_card(session, case.patient_fnr, decision.decided_on, case.id, moment)
            decision.details = {**(decision.details or {}), "card_number": card.card_number,
                                "valid_from": card.valid_from.isoformat(), "valid_to": card.valid_to.isoformat()}

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return letter.decision_letter(decision, frame)

    def summary_line(self, case: CaseInput) -> str:
        return "europeisk helsetrygdkort"

