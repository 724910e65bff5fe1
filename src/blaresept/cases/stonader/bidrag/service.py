"""Bidrag operations the edges (API, web) call besides the engine's: submitting a claim — a patient for
themself or, as a guardian, for a child (the engine then takes over) — and reading the payments of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.cases.actors import Actor
from blaresept.cases.application import submit
from blaresept.cases.errors import CaseForbidden
from blaresept.cases.flow import Role
from blaresept.cases.repository import patient_fnrs
from blaresept.cases.stonader.bidrag.form import BidragClaimForm
from blaresept.cases.stonader.bidrag.tables import BidragPayment
from blaresept.cases.views import CaseView


@dataclass(frozen=True)
class PaymentView:
    id: int
    decision_id: int
    amount: int  # øre
    account_masked: str | None
    status: str
    pay_on: date


def submit_claim(session: Session, actor: Actor, form: BidragClaimForm, now: datetime | None = None) -> CaseView:
    """A claim from a patient for themself or a child in their care (guardianship as in persons.children_of)."""
    if actor.role is Role.PATIENT:
        allowed = patient_fnrs(session, actor.fnr) if actor.fnr else set()
        if form.patient_fnr not in allowed:
            raise CaseForbidden("Du kan bare kreve bidrag for deg selv eller barn du har foreldreansvar for.")
        children = [m.fnr for m in form.family if m.relation == "child"]
        if any(fnr not in allowed for fnr in children):
            raise CaseForbidden("Barn i familien må være barn du har foreldreansvar for.")
    return submit(session, actor, "bidrag", form, now)


def payments(session: Session, case_id: int) -> list[PaymentView]:
    rows = session.scalars(select(BidragPayment).where(BidragPayment.case_id == case_id).order_by(BidragPayment.id))
    return [PaymentView(p.id, p.decision_id, p.amount, p.account_masked, p.status, p.pay_on) for p in rows]
