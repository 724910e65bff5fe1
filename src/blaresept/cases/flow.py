"""The steps of a case, as an enum with their order, the roles allowed to take them, and the statuses in which
they may be taken (modelled on NAV familie-ba-sak's BehandlingSteg).

Application: received → complete? (else awaiting the doctor's supplement) → assessed (by rules, or by a
caseworker answering the open points) → decided → letter sent → closed.
Appeal: received → formal requirements (party; within 6 weeks of receiving the decision, or an exception) →
reconsidered by the unit that decided → if upheld, forwarded to Helseklage with a summary of the case sent to the
patient → Helseklage's decision → further appeal (anke) to Trygderetten → Trygderetten's ruling.

Helseklage and Trygderetten are outside Helfo: their decisions are registered by a Helfo caseworker when they
arrive, so the timeline holds the whole chain."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Protocol


class Role(StrEnum):
    """Who acts in a case. SYSTEM is Helfo's automatic processing (folketrygdloven § 21-11 a)."""

    DOCTOR = "doctor"
    CASEWORKER = "caseworker"
    PATIENT = "patient"
    SYSTEM = "system"


ROLE_LABELS = {Role.DOCTOR: "lege", Role.CASEWORKER: "saksbehandler", Role.PATIENT: "pasient",
               Role.SYSTEM: "automatisk behandling"}


class CaseStatus(StrEnum):
    RECEIVED = "received"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    COMPLETE = "complete"
    IN_QUEUE = "in_queue"
    ASSESSED = "assessed"
    DECIDED = "decided"
    LETTER_SENT = "letter_sent"
    CLOSED = "closed"
    APPEALED = "appealed"


CASE_STATUS_LABELS = {
    CaseStatus.RECEIVED: "mottatt",
    CaseStatus.AWAITING_SUPPLEMENT: "venter på opplysninger fra legen",
    CaseStatus.COMPLETE: "komplett",
    CaseStatus.IN_QUEUE: "til behandling hos saksbehandler",
    CaseStatus.ASSESSED: "vurdert",
    CaseStatus.DECIDED: "vedtak fattet",
    CaseStatus.LETTER_SENT: "vedtaksbrev sendt",
    CaseStatus.CLOSED: "avsluttet",
    CaseStatus.APPEALED: "klage under behandling",
}


class AppealStatus(StrEnum):
    RECEIVED = "received"
    FORMAL_OPEN = "formal_open"
    ADMISSIBLE = "admissible"
    REJECTED = "rejected"
    CHANGED = "changed"
    UPHELD = "upheld"
    FORWARDED = "forwarded"
    HELSEKLAGE_UPHELD = "helseklage_upheld"
    HELSEKLAGE_REVERSED = "helseklage_reversed"
    HELSEKLAGE_REMITTED = "helseklage_remitted"
    FURTHER_APPEALED = "further_appealed"
    RULED = "ruled"

    @property
    def finished(self) -> bool:
        return self in FINISHED_APPEAL


FINISHED_APPEAL = {AppealStatus.REJECTED, AppealStatus.CHANGED, AppealStatus.HELSEKLAGE_REVERSED,
                   AppealStatus.HELSEKLAGE_REMITTED, AppealStatus.RULED}

APPEAL_STATUS_LABELS = {
    AppealStatus.RECEIVED: "klage mottatt",
    AppealStatus.FORMAL_OPEN: "formkrav må avklares",
    AppealStatus.ADMISSIBLE: "formkrav oppfylt, til ny vurdering",
    AppealStatus.REJECTED: "klagen er avvist",
    AppealStatus.CHANGED: "vedtaket er endret av Helfo",
    AppealStatus.UPHELD: "Helfo opprettholder vedtaket",
    AppealStatus.FORWARDED: "sendt til Helseklage",
    AppealStatus.HELSEKLAGE_UPHELD: "Helseklage opprettholdt vedtaket",
    AppealStatus.HELSEKLAGE_REVERSED: "Helseklage ga medhold",
    AppealStatus.HELSEKLAGE_REMITTED: "Helseklage opphevet vedtaket og sendte saken tilbake",
    AppealStatus.FURTHER_APPEALED: "anket til Trygderetten",
    AppealStatus.RULED: "Trygderetten har avgjort saken",
}

APPLICATION = "application"
APPEAL = "appeal"


@dataclass(frozen=True)
class StepSpec:
    order: int
    track: str
    roles: frozenset[Role]
    valid_in: frozenset[str]
    label: str


def _spec(order: int, track: str, roles: set[Role], valid_in: set[str], label: str) -> StepSpec:
    return StepSpec(order, track, frozenset(roles), frozenset(valid_in), label)


class CaseStep(Enum):
    """Every step of a case, in order."""

    RECEIVE = _spec(1, APPLICATION, {Role.DOCTOR}, set(), "Søknad mottatt")
    CHECK_COMPLETENESS = _spec(2, APPLICATION, {Role.SYSTEM, Role.CASEWORKER}, {CaseStatus.RECEIVED},
                               "Kontroll av om søknaden er komplett")
    SUPPLEMENT = _spec(3, APPLICATION, {Role.DOCTOR}, {CaseStatus.AWAITING_SUPPLEMENT}, "Søknaden er supplert")
    ASSESS = _spec(4, APPLICATION, {Role.SYSTEM, Role.CASEWORKER}, {CaseStatus.COMPLETE, CaseStatus.IN_QUEUE},
                   "Vurdering av vilkårene")
    DECIDE = _spec(5, APPLICATION, {Role.SYSTEM, Role.CASEWORKER}, {CaseStatus.ASSESSED}, "Vedtak fattet")
    SEND_LETTER = _spec(6, APPLICATION, {Role.SYSTEM, Role.CASEWORKER}, {CaseStatus.DECIDED}, "Vedtaksbrev sendt")
    CLOSE = _spec(7, APPLICATION, {Role.SYSTEM, Role.CASEWORKER}, {CaseStatus.LETTER_SENT}, "Saken avsluttet")
    RECEIVE_APPEAL = _spec(10, APPEAL, {Role.PATIENT, Role.CASEWORKER}, {CaseStatus.CLOSED}, "Klage mottatt")
    FORMAL_REQUIREMENTS = _spec(11, APPEAL, {Role.SYSTEM, Role.CASEWORKER},
                                {AppealStatus.RECEIVED, AppealStatus.FORMAL_OPEN}, "Formkrav vurdert")
    RECONSIDER = _spec(12, APPEAL, {Role.CASEWORKER}, {AppealStatus.ADMISSIBLE},
                       "Ny vurdering i enheten som fattet vedtaket")
    FORWARD = _spec(13, APPEAL, {Role.CASEWORKER}, {AppealStatus.UPHELD},
                    "Oversendt Helseklage; saksfremstilling sendt pasienten")
    HELSEKLAGE_DECISION = _spec(14, APPEAL, {Role.CASEWORKER}, {AppealStatus.FORWARDED},
                                "Helseklages vedtak registrert")
    FURTHER_APPEAL = _spec(15, APPEAL, {Role.PATIENT, Role.CASEWORKER}, {AppealStatus.HELSEKLAGE_UPHELD},
                           "Anke til Trygderetten mottatt")
    TRYGDERETTEN_RULING = _spec(16, APPEAL, {Role.CASEWORKER}, {AppealStatus.FURTHER_APPEALED},
                                "Trygderettens kjennelse registrert")

    @property
    def spec(self) -> StepSpec:
        value: StepSpec = self.value
        return value

    @property
    def label(self) -> str:
        return self.spec.label


class FlowError(Exception):
    """A step taken by the wrong role (`forbidden`) or in the wrong status. The message is in bokmål."""

    def __init__(self, message: str, forbidden: bool = False):
        super().__init__(message)
        self.forbidden = forbidden


def check_step(step: CaseStep, role: Role, status: str | None, roles: frozenset[Role] | None = None) -> None:
    """Raise FlowError unless the role may take the step in the current status. `roles` replaces the step's
    roles where a stønad says who submits its form (a doctor for § 3/§ 6, the patient for bidrag)."""
    spec = step.spec
    allowed_roles = roles if roles is not None else spec.roles
    if role not in allowed_roles:
        allowed = ", ".join(ROLE_LABELS[r] for r in sorted(allowed_roles, key=lambda r: r.value))
        raise FlowError(f"Steget «{spec.label}» kan ikke utføres av {ROLE_LABELS[role]} (bare: {allowed}).",
                        forbidden=True)
    if spec.valid_in and status not in spec.valid_in:
        shown = status_label(status) if status else "ny"
        raise FlowError(f"Steget «{spec.label}» kan ikke utføres nå: saken har status «{shown}».")


def status_label(status: str) -> str:
    for labels in (CASE_STATUS_LABELS, APPEAL_STATUS_LABELS):
        for key, text in labels.items():
            if key.value == status:
                return text
    return status


def steps_in_order(track: str) -> list[CaseStep]:
    return sorted((s for s in CaseStep if s.spec.track == track), key=lambda s: s.spec.order)


INSTANCE_LABELS = {
    "helfo": "Helfo",
    "helfo_reconsidered": "Helfo etter klage",
    "helseklage": "Helseklage",
    "trygderetten": "Trygderetten",
}


class _HasRole(Protocol):
    @property
    def role(self) -> Role: ...


def require_step(step: CaseStep, actor: _HasRole, status: str | None, roles: frozenset[Role] | None = None) -> None:
    """check_step for an actor, raising the engine's errors (forbidden: 403, wrong status: 409)."""
    from blaresept.cases.errors import CaseConflict, CaseForbidden

    try:
        check_step(step, actor.role, status, roles)
    except FlowError as exc:
        raise (CaseForbidden(str(exc)) if exc.forbidden else CaseConflict(str(exc))) from None
