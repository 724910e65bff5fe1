"""The case engine with a stønad it has never seen: a toy stønad registered from this test goes through receive →
automatic decision → letter → appeal → reconsideration → Helseklage, with nothing in the engine changed. And the
engine's direction: nothing in `blaresept.cases` outside `stonader/` imports a stønad or § 3/§ 6 rules."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from blaresept.cases import service
from blaresept.cases.actors import Actor
from blaresept.cases.contract import (
    Answer,
    CaseAssessment,
    CaseInput,
    DecisionDraft,
    DecisionOptions,
    Intake,
    LetterFrame,
    RenderedLetter,
    register,
    stonad_for,
)
from blaresept.cases.flow import Role
from blaresept.cases.schemas import AppealIn, ReconsiderationIn
from blaresept.cases.tables import Case, Decision
from blaresept.rules.procedure.outcome import DecisionOutcome
from tests.cases.conftest import CASEWORKER, PATIENT, PATIENT_FNR, at

LIMIT = 1000  # the toy rule: each amount up to 1 000 kr is granted


class ToyForm(BaseModel):
    patient_fnr: str
    amounts: list[int]


@dataclass(frozen=True)
class _Step:
    def as_dict(self) -> dict[str, Any]:
        return {"rule": "toy.deadline", "text": "Fire uker."}


@dataclass(frozen=True)
class _Deadline:
    due: date
    prioritised: bool = False
    reasons: tuple[str, ...] = ()
    weeks: int = 4
    step: _Step = _Step()


class ToyStonad:
    kind = "toy"
    label = "prøvestønad"
    reference_prefix = "TS"
    submitter_roles = frozenset({Role.PATIENT})
    supplement_by = "Du"
    form: type[BaseModel] = ToyForm

    def __init__(self) -> None:
        self.decided: list[str] = []

    def patient_of(self, form: BaseModel) -> str:
        assert isinstance(form, ToyForm)
        return form.patient_fnr

    def intake(self, form: BaseModel, actor: Actor, received: date, patient_fnr: str, birth_date: date) -> Intake:
        assert isinstance(form, ToyForm)
        return Intake(form.model_copy(update={"patient_fnr": patient_fnr}).model_dump(mode="json"),
                      _Deadline(date(received.year, received.month, 28)), f"Krav mottatt fra {actor.name}.")

    def check_supplement(self, form: BaseModel, case: CaseInput) -> str | None:
        return None

    def assess(self, case: CaseInput, answers: Mapping[str, Answer]) -> CaseAssessment:
        flags = tuple(a <= LIMIT for a in case.content["amounts"])
        outcome = (DecisionOutcome.GRANTED if all(flags) else
                   DecisionOutcome.REFUSED if not any(flags) else DecisionOutcome.PARTLY_GRANTED)
        return CaseAssessment(decided=True, outcome_label=outcome.value, automatic=True, item_flags=flags,
                              outcome=outcome.value, open_points=())

    def decide(self, case: CaseInput, assessment: CaseAssessment, options: DecisionOptions) -> DecisionDraft:
        amounts = case.content["amounts"]
        return DecisionDraft(
            outcome=DecisionOutcome(assessment.outcome),
            granted=tuple({"item": i, "name": f"{a} kr"} for i, a in enumerate(amounts) if a <= LIMIT),
            refused=tuple({"item": i, "name": f"{a} kr", "reasons": ["over grensen"], "legal_basis": []}
                          for i, a in enumerate(amounts) if a > LIMIT),
            legal_basis=("prøveloven § 1",), reasons=("Beløp over 1 000 kr dekkes ikke.",), steps=())

    def decision_letter(self, case: CaseInput, decision: Decision, frame: LetterFrame) -> RenderedLetter:
        return RenderedLetter("Vedtak om prøvestønad",
                              f"<html><body><h1>Vedtak</h1><p>{frame.reference}: {decision.outcome}</p>"
                              f"<p>Klagefrist {frame.appeal_deadline.isoformat()}</p></body></html>")

    def appealable(self, decision: Decision) -> bool:
        return decision.outcome != "granted"

    def after_decision(self, session: Session, case: Case, decision: Decision, moment: datetime) -> None:
        self.decided.append(decision.outcome)

    def summary_line(self, case: CaseInput) -> str:
        return "prøvestønad til " + ", ".join(f"{a} kr" for a in case.content["amounts"])


TOY = ToyStonad()
register(TOY)


def test_a_new_stonad_plugs_in_without_touching_the_engine(session: Session) -> None:
    assert stonad_for("toy") is TOY
    case = service.submit(session, PATIENT, "toy", ToyForm(patient_fnr=PATIENT_FNR, amounts=[2000, 500]),
                          now=at(2024, 3, 4))
    session.commit()
    assert case.reference.startswith("TS-2024-") and case.kind_label == "prøvestønad"
    assert case.status == "closed" and case.outcome == "partly_granted" and case.automatic
    assert [g.name for g in case.decisions[0].granted] == ["500 kr"] and TOY.decided[-1] == "partly_granted"
    assert case.letters[0].title == "Vedtak om prøvestønad"
    pdf = service.letter_file(session, case.id, case.letters[0].id).pdf
    assert pdf.startswith(b"%PDF")

    appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="Begge beløp bør dekkes."),
                                 now=at(2024, 3, 10))
    assert appeal.status == "admissible"
    upheld = service.reconsider(session, CASEWORKER, appeal.id,
                                ReconsiderationIn(outcome="upheld", note="Grensen er 1 000 kr."), now=at(2024, 3, 11))
    assert upheld.status == "upheld"
    forwarded = service.forward_to_helseklage(session, CASEWORKER, appeal.id, now=at(2024, 3, 12))
    session.commit()
    assert forwarded.summary and "prøvestønad til 2000 kr, 500 kr" in forwarded.summary


def test_a_doctor_may_not_submit_a_stonad_only_patients_submit(session: Session) -> None:
    from tests.cases.conftest import DOCTOR

    try:
        service.submit(session, DOCTOR, "toy", ToyForm(patient_fnr=PATIENT_FNR, amounts=[1]), now=at(2024, 3, 4))
    except service.CaseForbidden as exc:
        assert "bare: pasient" in str(exc)
    else:
        raise AssertionError("a doctor submitted a patient's claim")


def test_unknown_kind_is_a_bokmal_error(session: Session) -> None:
    try:
        stonad_for("finnes_ikke")
    except service.CaseError as exc:
        assert "Ukjent stønadstype «finnes_ikke»" in str(exc)
    else:
        raise AssertionError("unknown kind accepted")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_the_engine_imports_no_stonad() -> None:
    root = Path(service.__file__).parent
    engine_files = [p for p in root.rglob("*.py") if "stonader" not in p.relative_to(root).parts]
    assert len(engine_files) >= 10
    for path in engine_files:
        bad = {m for m in _imports(path)
               if m.startswith("blaresept.cases.stonader") or m.startswith("blaresept.rules.individual")}
        assert not bad, f"{path.relative_to(root)} imports {sorted(bad)}"
