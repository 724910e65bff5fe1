"""The register of European health insurance cards and provisional replacement certificates.

One active card per person at a time (a unique index over the active rows, on SQLite and PostgreSQL alike); a
card ends as replaced (a new card was issued), lost (reported lost), revoked (the conditions no longer hold) or
simply by its end date. A certificate is issued for a stay abroad when the card is not at hand."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class EhicCard(Base):
    __tablename__ = "ehic_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    fnr: Mapped[str] = mapped_column(String(11), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))  # active, replaced, lost, revoked
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(300))
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_ehic_card_one_active", "fnr", unique=True, sqlite_where=text("status = 'active'"),
              postgresql_where=text("status = 'active'")),
    )


class EhicCertificate(Base):
    __tablename__ = "ehic_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("ehic_card.id"), index=True)
    fnr: Mapped[str] = mapped_column(String(11), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(2))
    requested_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
