"""Tables of the counter. Amounts are integer øre (BigInteger)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blaresept.prescriptions import tables as _prescriptions  # noqa: F401  (the table lines refer to)
from blaresept.storage.db import Base


class Dispensing(Base):
    """One utlevering, or the return (retur) that reverses one: a return holds the negated amounts."""

    __tablename__ = "dispensing"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "dispensing" | "return"
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("dispensing.id"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    pharmacy_org: Mapped[str] = mapped_column(String(9), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    year: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(BigInteger)
    copay: Mapped[int] = mapped_column(BigInteger)
    patient_extra: Mapped[int] = mapped_column(BigInteger)
    helfo: Mapped[int] = mapped_column(BigInteger)
    frikort: Mapped[bool] = mapped_column(default=False)
    reached_tak: Mapped[bool] = mapped_column(default=False)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    registered_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    """The day it was registered (Norwegian time): the same as `date` unless registered late, when `date` is the day
    it was made. A return is dated the day it is registered. The claim of a period takes what was registered in it."""
    late_reason: Mapped[str | None] = mapped_column(String(300))
    claimable: Mapped[bool] = mapped_column(default=False)
    """Every line was checked against the catalogue and priced from it (only such dispensings are claimed)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    lines: Mapped[list[DispensingLine]] = relationship(back_populates="dispensing", cascade="all, delete-orphan",
                                                       order_by="DispensingLine.id")


class DispensingLine(Base):
    __tablename__ = "dispensing_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispensing_id: Mapped[int] = mapped_column(ForeignKey("dispensing.id", ondelete="CASCADE"), index=True)
    prescription_no: Mapped[int] = mapped_column(Integer)
    line_no: Mapped[int] = mapped_column(Integer)
    prescriber: Mapped[str] = mapped_column(String(100))
    written: Mapped[date] = mapped_column(Date)
    hjemmel: Mapped[str] = mapped_column(String(4))
    refund_code: Mapped[str | None] = mapped_column(String(20))
    varenummer: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(String(300))
    price: Mapped[int] = mapped_column(BigInteger)
    basis: Mapped[int] = mapped_column(BigInteger)
    mellomlegg: Mapped[int] = mapped_column(BigInteger)
    above_max_refund: Mapped[int] = mapped_column(BigInteger)
    copay: Mapped[int] = mapped_column(BigInteger)
    helfo: Mapped[int] = mapped_column(BigInteger)
    prescription_id: Mapped[int | None] = mapped_column(ForeignKey("prescription.id"), index=True)
    packs: Mapped[int | None] = mapped_column(Integer)
    supply_days: Mapped[int | None] = mapped_column(Integer)
    reserved_by: Mapped[str | None] = mapped_column(String(10))
    catalog_priced: Mapped[bool] = mapped_column(default=False)
    checked: Mapped[bool] = mapped_column(default=False)

    dispensing: Mapped[Dispensing] = relationship(back_populates="lines")


class LedgerYear(Base):
    """A person's counted copay in a calendar year and the frikort. The row is locked while a dispensing or a
    return for the person and year is written, so concurrent pharmacies never both miss the tak."""

    __tablename__ = "ledger_year"
    __table_args__ = (UniqueConstraint("person_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(BigInteger, default=0)
    frikort_from: Mapped[date | None] = mapped_column(Date)
    frikort_dispensing_id: Mapped[int | None] = mapped_column(ForeignKey("dispensing.id"))
    dispensings: Mapped[int] = mapped_column(Integer, default=0)


class IdempotencyRecord(Base):
    """The stored answer to a write, by the caller and their Idempotency-Key: a retry gets the same answer."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("caller", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer, default=0)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Claim(Base):
    """A pharmacy's claim to Helfo for a period: Helfo's share of each dispensing (and return) in it."""

    __tablename__ = "claim"
    __table_args__ = (UniqueConstraint("pharmacy_org", "claim_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pharmacy_org: Mapped[str] = mapped_column(String(9), index=True)
    claim_ref: Mapped[str] = mapped_column(String(100))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    total_helfo: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ClaimSettlement(Base):
    """Helfo's answer to a claim (oppgjørsresultat, M22 in spirit): each line approved or rejected with reasons."""

    __tablename__ = "claim_settlement"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), unique=True)
    settled_by: Mapped[str] = mapped_column(String(200))
    claimed: Mapped[int] = mapped_column(BigInteger)
    approved: Mapped[int] = mapped_column(BigInteger)
    rejected_lines: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    settled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
