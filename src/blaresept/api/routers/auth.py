"""Logging out through the API: the bearer token is revoked (deny list until it expires)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from blaresept.api.deps import PrincipalDep, SessionDep
from blaresept.auth.revocation import revoke

router = APIRouter(prefix="/auth", tags=["innlogging"])


@router.post("/logout", status_code=204, response_class=Response, summary="Logg ut: tokenet slutter å virke nå")
def logout(session: SessionDep, principal: PrincipalDep) -> Response:
    revoke(session, principal)
    return Response(status_code=204)
