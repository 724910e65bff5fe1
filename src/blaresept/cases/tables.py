"""Tables of the case engine, shared by every stønad (the table names keep their first stønad's prefix):
cases, the form as received (one row per version, a supplement adds one), decisions (one per instance; the
active one counts; `details` holds what only the stønad knows), appeals, the timeline of who did what and when,
and the letters sent (the PDF itself)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blaresept.storage.db import Base


class Case(Base):
    """One application for individual stønad and everything that follows it."""

    __tablename__ = "individual_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    patient_fnr: Mapped[str] = mapped_column(String(11), index=True)
    patient_birth_date: Mapped[date] = mapped_column(Date)
    applicant_subject: Mapped[str] = mapped_column(String(100), index=True)
    applicant_hpr: Mapped[str] = mapped_column(String(20), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    prioritised: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    processing_weeks: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    step: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(20))
    missing: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    open_points: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    resolutions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    overrides_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    applications: Mapped[list[ApplicationVersion]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ApplicationVersion.version")
    decisions: Mapped[list[Decision]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                     order_by="Decision.id")
    appeals: Mapped[list[Appeal]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                 order_by="Appeal.id")
    events: Mapped[list[TimelineEvent]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                       order_by="TimelineEvent.id")
    letters: Mapped[list[Letter]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                 order_by="Letter.id")


class ApplicationVersion(Base):
    """The application as the doctor sent it (JSON of the form); a supplement is a new version."""

    __tablename__ = "individual_case_application"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str] = mapped_column(String(100))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="applications")


class Decision(Base):
    """A decision on the case at one instance: Helfo, Helfo after reconsidering, Helseklage, Trygderetten."""

    __tablename__ = "individual_case_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    instance: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    hjemmel: Mapped[str] = mapped_column(String(20))
    hjemmel_code: Mapped[str] = mapped_column(String(4))
    refund_code: Mapped[str | None] = mapped_column(String(30))
    granted: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    legal_basis: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    bidrag_note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what only the stønad knows (DecisionDraft)
    note: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    letter_sent_on: Mapped[date | None] = mapped_column(Date)
    appeal_deadline: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="decisions")


class Appeal(Base):
    """An appeal (klage) against a decision, and its way through Helfo, Helseklage and Trygderetten."""

    __tablename__ = "individual_case_appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("individual_case_decision.id"))
    status: Mapped[str] = mapped_column(String(30), index=True)
    step: Mapped[str] = mapped_column(String(40))
    appellant_subject: Mapped[str] = mapped_column(String(100))
    appellant_role: Mapped[str] = mapped_column(String(20))
    appellant_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    grounds: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    decision_received_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    formal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reconsideration: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    helseklage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    further_appeal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trygderetten: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="appeals")


class TimelineEvent(Base):
    """Who did what and when. The text is in bokmål and names no personal number."""

    __tablename__ = "individual_case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("individual_case_appeal.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_subject: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_name: Mapped[str] = mapped_column(String(200))
    step: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class Letter(Base):
    """A letter sent in the case, with its PDF."""

    __tablename__ = "individual_case_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("individual_case.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("individual_case_decision.id"))
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("individual_case_appeal.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    sent_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    appeal_deadline: Mapped[date | None] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(100))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship(back_populates="letters")
