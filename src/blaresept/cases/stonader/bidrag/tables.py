"""Bidrag's own table: the payment (utbetaling) of a decided claim, one row per decision that pays something
(a changed decision pays only the difference). Alembic branch `bidrag`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class BidragPayment(Base):
    __tablename__ = "bidrag_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("individual_case_decision.id"), unique=True)
    amount: Mapped[int] = mapped_column(Integer)  # øre
    account_masked: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # "ordered" (til utbetaling)
    pay_on: Mapped[date] = mapped_column(Date)  # the day the payment was ordered (the decision date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
