"""The logged-in caller and their role."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PHARMACY = "pharmacy"
    DOCTOR = "doctor"
    CASEWORKER = "caseworker"
    PATIENT = "patient"
    ANALYST = "analyst"
    HOSPITAL = "hospital"
    PROVIDER = "provider"


ROLE_NAMES = {
    Role.PHARMACY: "Apotek",
    Role.DOCTOR: "Lege",
    Role.CASEWORKER: "Saksbehandler i Helfo",
    Role.PATIENT: "Pasient",
    Role.ANALYST: "Analytiker",
    Role.HOSPITAL: "Sykehus",
    Role.PROVIDER: "Behandlingssted",
}


@dataclass(frozen=True)
class Principal:
    """A caller: the token subject, the role and the identifier that goes with it (organisasjonsnummer for a
    pharmacy, HPR number for a doctor, fødselsnummer for a patient)."""

    subject: str
    role: Role
    name: str
    org_number: str | None = None
    hpr: str | None = None
    fnr: str | None = None
    token_id: str | None = None
    """The token's id (jti), so a logout can revoke it."""
    expires: int | None = None
    """When the token expires (seconds since 1970)."""

    @property
    def label(self) -> str:
        """How the caller is named in audit entries and timelines (never a personal number)."""
        return f"{ROLE_NAMES[self.role]}: {self.name} ({self.subject})"
