"""Tables for persons, their exemption statuses and parent–child relations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blaresept.storage.db import Base


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    fnr: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    statuses: Mapped[list[ExemptionStatus]] = relationship(back_populates="person", cascade="all, delete-orphan",
                                                           order_by="ExemptionStatus.valid_from")


class ExemptionStatus(Base):
    """An exemption category of Volven 7415 (M minstepensjonist, Y yrkesskade, …) over a period."""

    __tablename__ = "exemption_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(2))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))

    person: Mapped[Person] = relationship(back_populates="statuses")


class Guardianship(Base):
    """A parent (or other guardian) who may see a child's data."""

    __tablename__ = "guardianship"
    __table_args__ = (UniqueConstraint("guardian_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    """The last day the guardian may see the child's data; open when None."""
