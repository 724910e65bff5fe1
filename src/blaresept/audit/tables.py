"""The audit table. It names the person by id and masked; the application log never holds personal numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    person_masked: Mapped[str | None] = mapped_column(String(11), nullable=True)
    """The person's fødselsnummer with the personal digits hidden ('010370*****'), for reading the log."""
    outcome: Mapped[str] = mapped_column(String(60), server_default="tillatt", default="tillatt")
    """«tillatt», or «avvist NNN» with the status of a refused attempt."""
