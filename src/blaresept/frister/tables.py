"""Tables for referrals, their deadlines, the breaches found, the daily runs, and the providers Helfo uses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class Referral(Base):
    """A referral to the specialist health service as the hospital registered it, with the deadlines."""

    __tablename__ = "frist_referral"
    __table_args__ = (
        # The daily run's index: only referrals still waiting for help and not yet found in breach.
        Index("ix_frist_referral_open_deadline", "deadline",
              sqlite_where=text("help_started_on IS NULL AND breach_found_on IS NULL"),
              postgresql_where=text("help_started_on IS NULL AND breach_found_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    patient_fnr: Mapped[str] = mapped_column(String(11), index=True)
    hospital_org: Mapped[str] = mapped_column(String(9), index=True)
    hospital_name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(100))
    received_on: Mapped[date] = mapped_column(Date)
    serious_suspected: Mapped[bool] = mapped_column(Boolean, default=False)
    assessment_deadline: Mapped[date] = mapped_column(Date)
    assessed_on: Mapped[date | None] = mapped_column(Date)
    has_right: Mapped[bool | None] = mapped_column(Boolean)
    deadline: Mapped[date | None] = mapped_column(Date)
    help_started_on: Mapped[date | None] = mapped_column(Date)
    breach_found_on: Mapped[date | None] = mapped_column(Date)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Breach(Base):
    """A fristbrudd made known to Helfo: by the daily run, by the patient, or by a late start of help."""

    __tablename__ = "frist_breach"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("frist_referral.id", ondelete="CASCADE"), unique=True)
    found_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(20))  # dagskjøring | pasient | sen_oppstart
    run_id: Mapped[int | None] = mapped_column(ForeignKey("frist_run.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="ny", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Run(Base):
    """One daily breach run for a date (runs for the same date again find nothing new)."""

    __tablename__ = "frist_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_date: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    found: Mapped[int] = mapped_column(Integer, default=0)


class Provider(Base):
    """A provider Helfo can send patients to: public, RHF-contracted, Helfo-approved or private."""

    __tablename__ = "frist_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(9), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    agreement: Mapped[bool] = mapped_column(Boolean, default=False)  # Helfo's agreement (rammeavtale)


class Capacity(Base):
    """A provider's free places in one treatment area."""

    __tablename__ = "frist_capacity"
    __table_args__ = (UniqueConstraint("provider_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("frist_provider.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(100), index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=0)


class FormidlingCase(Base):
    """Helfo's pasientformidling on one breach: the engine's case (`individual_case`, kind «formidling») and
    what only formidling needs — the contact, the search, the offer and the patient's reply."""

    __tablename__ = "formidling_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), unique=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("frist_breach.id"), unique=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("frist_referral.id"), index=True)
    area: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[date] = mapped_column(Date, index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # kontakt | søk | tilbud | akseptert | avslått | tilbake
    status: Mapped[str] = mapped_column(String(20), index=True)
    contacted_on: Mapped[date] = mapped_column(Date)
    search_from: Mapped[date] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("frist_provider.id"), index=True)
    offered_on: Mapped[date | None] = mapped_column(Date)
    reply_deadline: Mapped[date | None] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
