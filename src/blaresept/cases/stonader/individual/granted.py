"""The § 3/§ 6 decisions the prescription check reads: every drug or product a patient has an active granted
individual decision for on a date (given to catalog/check.py as a port at app start)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.cases.repository import parse_fnr
from blaresept.cases.tables import Case, Decision
from blaresept.rules.individual.model import Kind


@dataclass(frozen=True)
class GrantedDecision:
    """One drug or product a patient has an active individual decision for (for the prescription check)."""

    patient_fnr: str
    hjemmel: str  # "§3" or "§6", as on the prescription (blaresept.rules.blaresept.dispensing.Hjemmel)
    hjemmel_code: str  # Volven 7427: 300, 301, 302, 601, 602, 604
    atc: str | None
    varenummer: str | None
    product_group: str | None  # Volven 7403 article group (§ 6)
    refund_code: str | None
    valid_from: date
    valid_to: date | None
    decision_id: int
    case_reference: str


def granted_decisions(session: Session, fnr: str, on_date: date) -> list[GrantedDecision]:
    """Every drug or product the patient has an active granted individual decision for on the date."""
    number, _birth = parse_fnr(fnr)
    rows = session.execute(
        select(Decision, Case.reference, Case.kind)
        .join(Case, Case.id == Decision.case_id)
        .where(Case.patient_fnr == number, Decision.active.is_(True),
               Decision.outcome.in_(["granted", "partly_granted"]))
        .order_by(Decision.id)
    ).all()
    found: list[GrantedDecision] = []
    for decision, reference, kind in rows:
        for item in decision.granted:
            valid_from = date.fromisoformat(item["valid_from"])
            valid_to = date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None
            if valid_from <= on_date and (valid_to is None or on_date <= valid_to):
                found.append(GrantedDecision(
                    patient_fnr=number, hjemmel="§3" if kind == Kind.DRUG.value else "§6",
                    hjemmel_code=decision.hjemmel_code, atc=item.get("atc"), varenummer=item.get("varenummer"),
                    product_group=item.get("article_group"), refund_code=decision.refund_code,
                    valid_from=valid_from, valid_to=valid_to, decision_id=decision.id,
                    case_reference=reference or "",
                ))
    return found
