"""The prescription register's table. A prescription is written once and never edited: it can only be
cancelled; what remains of it is counted from the dispensings linked to it (blaresept.counter.tables)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, func
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class Prescription(Base):
    """One blue prescription (one item) as the register holds it."""

    __tablename__ = "prescription"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # "electronic" | "paper" | "telephone"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    prescriber_hpr: Mapped[str] = mapped_column(String(9), index=True)
    prescriber_name: Mapped[str] = mapped_column(String(200))
    prescriber_specialties: Mapped[list[str] | None] = mapped_column(JSON)
    prescriber_hospital: Mapped[bool | None] = mapped_column()
    registered_by: Mapped[str] = mapped_column(String(200))
    """Who put it in the register: the doctor's token subject, or the pharmacy (organisasjonsnummer) for a paper
    or telephone prescription."""
    written: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    varenummer: Mapped[str] = mapped_column(String(20))
    item_name: Mapped[str] = mapped_column(String(300))
    atc: Mapped[str | None] = mapped_column(String(10))
    prescription_group: Mapped[str | None] = mapped_column(String(5))
    pack: Mapped[str | None] = mapped_column(String(60))
    units_per_pack: Mapped[Any] = mapped_column(Numeric(12, 3), nullable=False)
    packs: Mapped[int] = mapped_column(Integer)
    daily_dose: Mapped[Any] = mapped_column(Numeric(12, 3), nullable=False)
    dosage_text: Mapped[str] = mapped_column(String(300))
    reit: Mapped[int] = mapped_column(Integer)
    hjemmel: Mapped[str] = mapped_column(String(4))
    refund_code: Mapped[str | None] = mapped_column(String(20))
    conditions_confirmed: Mapped[list[str]] = mapped_column(JSON)
    prescriber_reservation: Mapped[bool] = mapped_column(default=False)
    instituted_by: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[list[str]] = mapped_column(JSON)
    """What the register said when it was written (which code system was chosen, how the item was found)."""
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
