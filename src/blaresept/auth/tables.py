"""Revoked tokens: the deny list that makes logging out take effect before a token expires. An entry is kept
until the token's own expiry, then it is removed (an expired token is refused anyway)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base


class RevokedToken(Base):
    __tablename__ = "revoked_token"

    token_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
