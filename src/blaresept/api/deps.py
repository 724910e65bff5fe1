"""Typed dependencies: the database session (one transaction per request, committed before the response
is sent) and the logged-in caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from blaresept.api.problems import Problem
from blaresept.auth.principal import Principal, Role
from blaresept.auth.revocation import check_not_revoked
from blaresept.auth.tokens import TokenError, Verifier
from blaresept.storage.db import unit_of_work

bearer = HTTPBearer(auto_error=False, description="JWT (RS256) fra utstederen; i utvikling fra /api/v1/dev/token")


def get_session(request: Request) -> Iterator[Session]:
    """A session for the request: committed when the endpoint returns, rolled back on any error."""
    with unit_of_work(request.app.state.sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller from the bearer token (or the web UI's session cookie)."""
    token = credentials.credentials if credentials else request.cookies.get("blaresept_token")
    if not token:
        raise Problem(401, "Du må logge inn (mangler Bearer-token).")
    verifier: Verifier = request.app.state.verifier
    try:
        principal = check_not_revoked(request.app.state.sessions, verifier.verify(token))
    except TokenError as exc:
        raise Problem(401, str(exc)) from None
    request.state.principal = principal  # for the audit of a refused attempt (blaresept.api.refusals)
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 otherwise)."""
    names = ", ".join(r.value for r in roles)

    def check(principal: PrincipalDep) -> Principal:
        if principal.role not in roles:
            raise Problem(403, f"Rollen «{principal.role.value}» har ikke tilgang her (krever: {names}).")
        return principal

    return check


PharmacyDep = Annotated[Principal, Depends(require_roles(Role.PHARMACY))]
PatientDep = Annotated[Principal, Depends(require_roles(Role.PATIENT))]
CaseworkerDep = Annotated[Principal, Depends(require_roles(Role.CASEWORKER))]
DoctorDep = Annotated[Principal, Depends(require_roles(Role.DOCTOR))]
