"""Who takes a step in a case."""

from __future__ import annotations

from dataclasses import dataclass

from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases.flow import Role


@dataclass(frozen=True)
class Actor:
    """Who takes a step: the token subject, the role in the case, a display name, and the HPR number (doctor) or
    fødselsnummer (patient) that goes with it."""

    subject: str
    role: Role
    name: str
    hpr: str | None = None
    fnr: str | None = None


SYSTEM = Actor("system", Role.SYSTEM, "Helfo – automatisk behandling")

_CASE_ROLES = {AuthRole.DOCTOR: Role.DOCTOR, AuthRole.CASEWORKER: Role.CASEWORKER, AuthRole.PATIENT: Role.PATIENT}


def actor_for(principal: Principal) -> Actor | None:
    """The logged-in caller as an actor in a case (doctor, caseworker, patient); None for roles that take no
    step in case handling (pharmacy, analyst)."""
    role = _CASE_ROLES.get(principal.role)
    if role is None:
        return None
    return Actor(principal.subject, role, principal.name, hpr=principal.hpr, fnr=principal.fnr)
