"""What a person (or a parent for a child) and a caseworker do with European health insurance cards: order cards
for oneself and one's children (one case per person, decided by the engine), see them, report one lost (a new card
is ordered on the same facts), get a provisional replacement certificate as PDF, and — for a caseworker — revoke a
card when the conditions end (membership of the folketrygd ended).

Each function is one operation in the caller's transaction; bad input raises a CaseError (bokmål) before anything
is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.cases.actors import Actor
from blaresept.cases.application import submit
from blaresept.cases.clock import moment_of, today
from blaresept.cases.errors import CaseError, CaseForbidden, CaseNotFound
from blaresept.cases.flow import Role
from blaresept.cases.repository import parse_fnr, patient_fnrs
from blaresept.cases.stonader.ehic import cards as register
from blaresept.cases.stonader.ehic.form import EhicForm
from blaresept.cases.stonader.ehic.letter import COUNTRY_NAMES, certificate_pdf
from blaresept.cases.stonader.ehic.tables import EhicCard, EhicCertificate
from blaresept.cases.tables import Case
from blaresept.cases.views import CaseView
from blaresept.persons.tables import Person
from blaresept.rules.procedure import norwegian_date


@dataclass(frozen=True)
class CertificateView:
    id: int
    card_id: int
    fnr: str
    issued_on: date
    valid_from: date
    valid_to: date
    country: str
    country_name: str


def _visible(session: Session, actor: Actor) -> set[str] | None:
    """The personal numbers the actor may act for; None for a caseworker (everyone)."""
    if actor.role is Role.CASEWORKER:
        return None
    if actor.role is not Role.PATIENT or not actor.fnr:
        raise CaseForbidden("Bare personen selv, foreldre og Helfo kan bestille helsetrygdkort.")
    return patient_fnrs(session, actor.fnr)


def order_cards(session: Session, actor: Actor, orders: list[EhicForm], now: datetime | None = None,
                ) -> list[CaseView]:
    """One case per person ordered, each decided by the engine (a grant issues the card). A parent may order for
    themself and their children; nothing is stored if any order is refused as input."""
    if not orders:
        raise CaseError("Velg minst én person å bestille kort til.")
    allowed = _visible(session, actor)
    seen: set[str] = set()
    for order in orders:
        fnr, _birth = parse_fnr(order.person.fnr)
        if allowed is not None and fnr not in allowed:
            raise CaseForbidden("Du kan bare bestille kort til deg selv og barn du har foreldreansvar for.")
        if fnr in seen:
            raise CaseError("Samme person står flere ganger i bestillingen; hver person får ett kort.")
        seen.add(fnr)
    return [submit(session, actor, "ehic", order, now) for order in orders]


def cards(session: Session, actor: Actor, fnr: str | None = None, on: date | None = None,
          ) -> list[register.CardView]:
    """The cards of the actor and their children (a caseworker: of `fnr`), with their status on `on` (today)."""
    allowed = _visible(session, actor)
    if allowed is None:
        if not fnr:
            raise CaseError("Oppgi fødselsnummeret til personen.")
        allowed = {parse_fnr(fnr)[0]}
    on = on or today(moment_of(None))
    return [register.card_view(card, on) for card in register.cards_for(session, allowed)]


def report_lost(session: Session, actor: Actor, card_id: int, now: datetime | None = None) -> CaseView:
    """The card is lost: it ends today, and a new card is ordered on the facts of the order that issued it."""
    moment = moment_of(now)
    allowed = _visible(session, actor)
    card = register.load_card(session, card_id, allowed if allowed is not None else {_any(session, card_id)},
                              lock=True)
    register.end_card(card, "lost", today(moment), "Meldt tapt.")
    session.flush()
    case = session.get(Case, card.case_id)
    if case is None:
        raise CaseNotFound("Fant ikke bestillingen kortet ble utstedt etter.")
    form = EhicForm.model_validate(case.applications[-1].content)
    return submit(session, actor, "ehic", form, moment)


def _any(session: Session, card_id: int) -> str:
    fnr = session.scalar(select(EhicCard.fnr).where(EhicCard.id == card_id))
    if fnr is None:
        raise CaseNotFound("Fant ikke kortet.")
    return fnr


def revoke(session: Session, actor: Actor, fnr: str, on: date, reason: str) -> register.CardView:
    """A caseworker ends a person's active card from a date (the conditions no longer hold)."""
    if actor.role is not Role.CASEWORKER:
        raise CaseForbidden("Bare Helfo kan tilbakekalle et helsetrygdkort.")
    if not reason.strip():
        raise CaseError("Skriv hvorfor kortet tilbakekalles (for eksempel at medlemskapet i folketrygden er "
                        "opphørt).")
    number, _birth = parse_fnr(fnr)
    card = register.active_card(session, number, lock=True)
    if card is None:
        raise CaseError("Personen har ikke et gyldig helsetrygdkort.")
    register.end_card(card, "revoked", on, reason.strip())
    session.flush()
    return register.card_view(card, on)


def issue_certificate(session: Session, actor: Actor, card_id: int, start: date, end: date, country: str,
                      now: datetime | None = None) -> CertificateView:
    """A provisional replacement certificate for a stay abroad, within the card's validity (PDF stored)."""
    moment = moment_of(now)
    allowed = _visible(session, actor)
    card = register.load_card(session, card_id, allowed if allowed is not None else {_any(session, card_id)})
    code = country.strip().upper()
    if code not in COUNTRY_NAMES or code == "NO":
        raise CaseError(f"«{country}» er ikke et EU/EØS-land eller Sveits der kortet gjelder.")
    on = today(moment)
    start, end = register.certificate_period(card, start, end, on)
    name = session.scalar(select(Person.name).where(Person.fnr == card.fnr)) or "–"
    certificate = register.add_certificate(session, card, start, end, code, actor.subject, moment, b"")
    # the certificate's number is its row id, known once it is stored (no guessing the next id under concurrency)
    certificate.pdf = certificate_pdf(name=name, fnr=card.fnr, card_number=card.card_number or "",
                                      card_valid_to=card.valid_to, valid_from=start, valid_to=end, country=code,
                                      issued_on=on, number=certificate.id)
    session.flush()
    return _certificate_view(certificate)


def _certificate_view(c: EhicCertificate) -> CertificateView:
    return CertificateView(c.id, c.card_id, c.fnr, c.issued_on, c.valid_from, c.valid_to, c.country,
                           COUNTRY_NAMES.get(c.country, c.country))


def certificates(session: Session, actor: Actor, fnrs: set[str] | None = None) -> list[CertificateView]:
    allowed = _visible(session, actor)
    numbers = allowed if allowed is not None else (fnrs or set())
    rows = session.scalars(select(EhicCertificate).where(EhicCertificate.fnr.in_(numbers))
                           .order_by(EhicCertificate.id.desc()))
    return [_certificate_view(c) for c in rows]


def certificate_file(session: Session, actor: Actor, certificate_id: int) -> tuple[str, bytes]:
    """The certificate's filename and PDF, for the person, a parent or a caseworker."""
    allowed = _visible(session, actor)
    certificate = session.get(EhicCertificate, certificate_id)
    if certificate is None or (allowed is not None and certificate.fnr not in allowed):
        raise CaseNotFound("Fant ikke sertifikatet.")
    return f"erstatningssertifikat-{certificate.id}.pdf", certificate.pdf


def describe(card: register.CardView) -> str:
    """One bokmål line about a card, for lists."""
    return f"Kort {card.card_number}, gyldig {norwegian_date(card.valid_from)}–{norwegian_date(card.valid_to)}"
