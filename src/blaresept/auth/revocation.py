"""Logging out: the token's id (jti) goes on the deny list until the token would have expired anyway."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from blaresept.auth.principal import Principal
from blaresept.auth.tables import RevokedToken
from blaresept.auth.tokens import TokenError
from blaresept.storage.db import unit_of_work

REVOKED = "Tokenet er logget ut. Logg inn på nytt."


def revoke(session: Session, principal: Principal) -> None:
    """Put the caller's token on the deny list (and clear entries whose tokens have expired)."""
    now = datetime.now(UTC)
    session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
    if principal.token_id is None:
        return  # a token without an id (another issuer) cannot be revoked here; it expires on its own
    expires = datetime.fromtimestamp(principal.expires, UTC) if principal.expires else now
    if session.get(RevokedToken, principal.token_id) is None:
        session.add(RevokedToken(token_id=principal.token_id, expires_at=expires))
        session.flush()


def check_not_revoked(sessions: sessionmaker[Session], principal: Principal) -> Principal:
    """The principal, or a TokenError when its token was logged out."""
    if principal.token_id is None:
        return principal
    with unit_of_work(sessions) as session:
        if session.scalar(select(RevokedToken.token_id).where(RevokedToken.token_id == principal.token_id)):
            raise TokenError(REVOKED)
    return principal
