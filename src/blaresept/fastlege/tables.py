"""Tables of the fastlege register. History is kept as dated rows: a membership runs from `valid_from` to
`valid_to` (inclusive, null while it lasts), so who was on which list on any date is one query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blaresept.storage.db import Base


class Kommune(Base):
    __tablename__ = "fastlege_kommune"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class Practice(Base):
    """A legekontor in a kommune."""

    __tablename__ = "fastlege_practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("fastlege_kommune.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))

    kommune: Mapped[Kommune] = relationship()


class GeneralPractitioner(Base):
    """A fastlege, by HPR number."""

    __tablename__ = "fastlege_gp"

    id: Mapped[int] = mapped_column(primary_key=True)
    hpr: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class GpList(Base):
    """A fastlege list: the listetak (capacity), open or closed for new patients, and whether it still runs.
    The row is what concurrent changes lock (SELECT … FOR UPDATE) before counting its places."""

    __tablename__ = "fastlege_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("fastlege_practice.id"), index=True)
    gp_id: Mapped[int | None] = mapped_column(ForeignKey("fastlege_gp.id"), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    ended_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=0)

    practice: Mapped[Practice] = relationship()
    gp: Mapped[GeneralPractitioner | None] = relationship()


class ListEvent(Base):
    """A change to a list made by the kommune or Helfo: listetak, open/closed, ended, reduced."""

    __tablename__ = "fastlege_list_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("fastlege_list.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Residence(Base):
    """Where a person is registered as living (folkeregisteret), from a date. A new row is a registered move."""

    __tablename__ = "fastlege_residence"
    __table_args__ = (UniqueConstraint("person_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kommune: Mapped[str] = mapped_column(String(4))
    valid_from: Mapped[date] = mapped_column(Date)


class Membership(Base):
    """A person on a list from one date to another (inclusive)."""

    __tablename__ = "fastlege_membership"
    __table_args__ = (Index("ix_fastlege_membership_list_to", "list_id", "valid_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("fastlege_list.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("fastlege_change.id"))


class ListChange(Base):
    """A request to change list and what was decided: accepted (pending until it takes effect, then applied)
    or refused with the reason. `counts` says whether it is one of the person's two changes that year."""

    __tablename__ = "fastlege_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    from_list_id: Mapped[int | None] = mapped_column(ForeignKey("fastlege_list.id"))
    to_list_id: Mapped[int] = mapped_column(ForeignKey("fastlege_list.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    requested_on: Mapped[date] = mapped_column(Date, index=True)
    effective_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)  # pending, applied, refused
    counts: Mapped[bool] = mapped_column(Boolean, default=False)
    free_reason: Mapped[str | None] = mapped_column(String(20))
    beyond_capacity: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_code: Mapped[str | None] = mapped_column(String(40))
    refusal_text: Mapped[str | None] = mapped_column(String(1000))
    requested_by: Mapped[str] = mapped_column(String(200))
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FreeChangeGrant(Base):
    """A change that will not count, granted by a registered move or by being moved by the kommune/Helfo;
    `used_by` is the change that used it."""

    __tablename__ = "fastlege_free_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    since: Mapped[date] = mapped_column(Date)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("fastlege_change.id"))


class WaitingEntry(Base):
    """A person on a waiting list. One per person (unique); `group_id` ties children to the parent they joined
    with; the order is `joined_at`, then id."""

    __tablename__ = "fastlege_waiting"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("fastlege_list.id"), index=True)
    group_id: Mapped[int] = mapped_column(Integer)
    joined_on: Mapped[date] = mapped_column(Date)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    by: Mapped[str] = mapped_column(String(200))


class ListLetter(Base):
    """A letter from Helfo about the register (taken in from the waiting list, moved by a list reduction), with
    its PDF. Unique per kind, person and effective date, so a run written twice writes each letter once."""

    __tablename__ = "fastlege_letter"
    __table_args__ = (UniqueConstraint("kind", "person_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("fastlege_change.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class MonthlyRun(Base):
    """One monthly run (`blaresept fastlege run-month --date`); `finished_at` is set when every step is done.
    Each list's waiting-list step commits on its own with a MonthlyRunStep row, so a crashed run resumes where it
    stopped."""

    __tablename__ = "fastlege_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_date: Mapped[date] = mapped_column(Date, unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class MonthlyRunStep(Base):
    __tablename__ = "fastlege_run_step"
    __table_args__ = (UniqueConstraint("run_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("fastlege_run.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
