"""Tables of the egenandelsperioder the counter keeps per person (2009–2025; rules/blaresept/copay_period.py).
Read and written only while the person's ledger row is locked (counter/periods.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class CopayPeriodRow(Base):
    """One open or past egenandelsperiode of a person's prescription group: its dates and what was paid."""

    __tablename__ = "copay_period"
    __table_args__ = (UniqueConstraint("person_id", "group_key", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    group_key: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date, index=True)
    paid: Mapped[int] = mapped_column(BigInteger)
    dispensings: Mapped[int] = mapped_column(Integer)


class CopayPeriodUse(Base):
    """What one dispensing (or the return of one) did to a period: the period's dates, what had been paid in
    it before, and the copay it added (negative for a return). Kept after the period is gone, as the record."""

    __tablename__ = "copay_period_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispensing_id: Mapped[int] = mapped_column(ForeignKey("dispensing.id", ondelete="CASCADE"), index=True)
    group_key: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    maximum: Mapped[int] = mapped_column(BigInteger)
    paid_before: Mapped[int] = mapped_column(BigInteger)
    copay: Mapped[int] = mapped_column(BigInteger)
