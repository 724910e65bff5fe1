"""Bidrag (folketrygdloven § 5-22) as a `Stonad`: a patient (or a parent for a child) claims the year's receipts;
the rules in `rules/bidrag/` compute the bidrag. Missing doctor's declarations make the claim wait for a
supplement; what Helfo must establish (yrkesskade, low income, the hvit resept transition rule) goes to a
caseworker as open points; otherwise the claim is decided at once, the letter shows the computation, and the
payment is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
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
from blaresept.cases.stonader.bidrag import letter
from blaresept.cases.stonader.bidrag.claim import build_claim, missing_declarations
from blaresept.cases.stonader.bidrag.form import BidragClaimForm
from blaresept.cases.stonader.bidrag.tables import BidragPayment
from blaresept.cases.tables import Case, Decision
from blaresept.money import format_kr
from blaresept.rules import law
from blaresept.rules.bidrag.compute import BidragResult, compute_bidrag, processing_deadline
from blaresept.rules.parameters import default_parameters
from blaresept.rules.procedure import DECISION_LABELS, DecisionOutcome, norwegian_date

REFERENCE = str(law.ftrl("§ 5-22"))
RUNDSKRIV = "rundskriv til folketrygdloven § 5-22 kap. 3 og 4"
POINTS = {
    "yrkesskade": ("Søkeren oppgir at utgiftene skyldes en godkjent yrkesskade; det må bekreftes (folketrygdloven "
                   "§ 5-25) før full dekning.", str(law.ftrl("§ 5-25"))),
    "low_income": ("Søkeren oppgir lav inntekt; om inntekten (for par samlet, for barn foreldrenes) gir full dekning, "
                   "må vurderes (rundskriv til § 5-22 kap. 4).", REFERENCE),
    "hvit_resept_transition": ("Søkeren oppgir å ha fått bidrag til de samme legemidlene på hvit resept hvert år siden "
                               "2017 (overgangsordningen); det må kontrolleres.", REFERENCE),
}


def _form(content: Mapping[str, Any]) -> BidragClaimForm:
    return BidragClaimForm.model_validate({k: v for k, v in content.items() if k != "applicant_fnr"})


def _applicant(content: Mapping[str, Any]) -> str:
    return str(content.get("applicant_fnr") or content["patient_fnr"])


class BidragStonad:
    kind = "bidrag"
    label = "bidrag til spesielle formål"
    reference_prefix = "BI"
    submitter_roles = frozenset({Role.PATIENT})
    supplement_by = "Du"
    form: type[BaseModel] = BidragClaimForm

    def _claim_form(self, form: BaseModel) -> BidragClaimForm:
        if not isinstance(form, BidragClaimForm):
            raise CaseError("Skjemaet er ikke et krav om bidrag.")
        return form

    def patient_of(self, form: BaseModel) -> str:
        return self._claim_form(form).patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        claim_form = self._claim_form(form)
        if not actor.fnr:
            raise CaseError("Innloggingen din mangler fødselsnummer; logg inn som pasient for å sende et krav.")
        content = claim_form.model_dump(mode="json") | {"patient_fnr": patient_fnr, "applicant_fnr": actor.fnr}
        # the rules refuse unreadable input (a year without a sourced minstebeløp, a purpose without a source)
        claim = call_rule(build_claim, claim_form, actor.fnr, received, {})
        call_rule(compute_bidrag, claim, default_parameters())
        deadline = call_rule(processing_deadline, received, default_parameters(), calendar_for(received))
        whom = "seg selv" if patient_fnr == actor.fnr else "barnet sitt"
        text = (f"Krav om bidrag for {claim_form.year} mottatt fra {actor.name} for {whom} "
                f"({len(claim_form.expenses)} kvitteringer). Frist for svar: {norwegian_date(deadline.due)} "
                f"({deadline.weeks} uker).")
        return Intake(content, deadline, text)

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        claim_form = self._claim_form(form)
        if claim_form.year != _form(case.content).year:
            return "Suppleringen må gjelde samme år som kravet."
        return None

    def _result(self, case: CaseInput, answers: Mapping[str, Answer]) -> tuple[BidragClaimForm, BidragResult]:
        form = _form(case.content)
        flags = {key: bool(getattr(form, key)) and (answers[key].met if key in answers else False) for key in POINTS}
        claim = call_rule(build_claim, form, _applicant(case.content), case.received_on, flags)
        return form, call_rule(compute_bidrag, claim, default_parameters())

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        form = _form(case.content)
        unknown = [k for k in answers if k not in POINTS]
        if unknown:
            raise CaseError(f"Punktet «{unknown[0]}» finnes ikke i et krav om bidrag.")
        missing = tuple(Point(m.code, m.text, REFERENCE) for m in missing_declarations(form, default_parameters()))
        claimed = [key for key in POINTS if getattr(form, key)]
        open_points = tuple(Point(key, POINTS[key][0], POINTS[key][1]) for key in claimed if key not in answers)
        conditions = tuple(
            ConditionState(key, ("met" if answers[key].met else "not_met") if key in answers else "open",
                           POINTS[key][0], POINTS[key][1], decided_by_rule=False) for key in claimed)
        form, result = self._result(case, answers)
        decided = not missing and not open_points
        outcome = _outcome(result)
        return CaseAssessment(
            decided=decided, outcome_label=DECISION_LABELS[outcome] if decided else "til saksbehandler",
            automatic=not answers, missing=missing, open_points=open_points, conditions=conditions,
            item_flags=tuple(line.payout > 0 for line in result.lines),
            steps=tuple(s.as_dict() for s in result.steps), outcome=outcome.value if decided else None,
            amount=result.payout, native=result)

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        if not assessment.decided:
            raise CaseError("Kravet kan ikke avgjøres ennå: " + ", ".join(assessment.open_keys or ("mangler",)) + ".")
        result: BidragResult = assessment.native
        form = _form(case.content)
        outcome = _outcome(result)
        lines = [{"item": i, "name": f"{line.label} ({line.person})", "person": line.person, "label": line.label,
                  "expenses": line.expenses, "deduction": line.deduction, "share": line.share_text,
                  "payout": line.payout, "text": line.text} for i, line in enumerate(result.lines)]
        granted = tuple(line for line in lines if int(str(line["payout"])) > 0)
        refused = tuple(line | {"reasons": [str(line["text"])], "legal_basis": [REFERENCE]}
                        for line in lines if int(str(line["payout"])) == 0)
        reasons = ([f"Kravet kom etter fristen {norwegian_date(result.deadline)}."] if result.late else
                   [line.text for line in result.lines] + list(result.refused)
                   + [f"Bidrag i alt: {format_kr(result.payout)}."])
        account = f"{form.account_number[:4]}.**.*{form.account_number[-4:]}" if form.account_number else None
        return DecisionDraft(
            outcome=outcome, granted=granted, refused=refused,
            legal_basis=(REFERENCE, RUNDSKRIV, str(law.ftrl("§ 21-11 a"))) if assessment.automatic
            else (REFERENCE, RUNDSKRIV),
            reasons=tuple(reasons), steps=tuple(s.as_dict() for s in result.steps), hjemmel="§ 5-22",
            details={"year": result.year, "payout": result.payout, "amount": result.payout, "minimum": result.minimum,
                     "pooled": list(result.pooled), "late": result.late, "deadline": result.deadline.isoformat(),
                     "refused": list(result.refused), "per_person": result.per_person, "lines": lines,
                     "account_masked": account})

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return letter.decision_letter(case.applicant_name, decision, frame)

    def appealable(self, decision: Decision) -> bool:
        """Every bidrag decision may be appealed: a party may dispute the amount as well as a refusal."""
        return True

    def after_decision(self, session: Session, case: Case, decision: Decision, moment: datetime) -> None:
        """Record the payment: this decision's bidrag minus what earlier decisions in the case already paid."""
        case_id = case.id
        paid = sum(session.scalars(select(BidragPayment.amount).where(BidragPayment.case_id == case_id)))
        amount = int((decision.details or {}).get("payout", 0)) - paid
        if amount <= 0:
            return
        session.add(BidragPayment(case_id=case_id, decision_id=decision.id, amount=amount,
                                  account_masked=(decision.details or {}).get("account_masked"), status="ordered",
                                  pay_on=decision.decided_on, created_at=moment))

    def summary_line(self, case: CaseInput) -> str:
        form = _form(case.content)
        total = sum((e.amount for e in form.expenses), start=0)
        return f"bidrag for {form.year} til utgifter på {total} kr ({len(form.expenses)} kvitteringer)"


def _outcome(result: BidragResult) -> DecisionOutcome:
    if result.late or result.payout == 0:
        return DecisionOutcome.REFUSED
    if result.refused or any(line.payout == 0 for line in result.lines):
        return DecisionOutcome.PARTLY_GRANTED
    return DecisionOutcome.GRANTED
