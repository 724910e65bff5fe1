"""The card register: issue a card (one active per person), report it lost, revoke it when the conditions no
longer hold, list a person's cards, and issue a provisional replacement certificate for a stay abroad.

Every write runs in the caller's transaction and locks what it changes, so two orders for one person at once give
one active card (the unique index over active cards is the last line of defence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import luhn

from blaresept.cases.errors import CaseError, CaseNotFound
from blaresept.cases.stonader.ehic.tables import EhicCard, EhicCertificate
from blaresept.rules.procedure import norwegian_date

CARD_PREFIX = "80578"  # ISO/IEC 7812: major industry 80 (health care), ISO 3166-1 numeric 578 (Norway)
STATUS_LABELS = {"active": "Gyldig", "replaced": "Erstattet av nytt kort", "lost": "Meldt tapt",
                 "revoked": "Tilbakekalt", "expired": "Utløpt"}


@dataclass(frozen=True)
class CardView:
    id: int
    card_number: str
    fnr: str
    valid_from: date
    valid_to: date
    status: str
    status_label: str
    ended_on: date | None
    end_reason: str | None
    case_id: int

    @property
    def validity_text(self) -> str:
        return f"{norwegian_date(self.valid_from)}–{norwegian_date(self.valid_to)}"


def card_view(card: EhicCard, on: date) -> CardView:
    status = "expired" if card.status == "active" and card.valid_to < on else card.status
    return CardView(card.id, card.card_number or "", card.fnr, card.valid_from, card.valid_to, status,
                    STATUS_LABELS[status], card.ended_on, card.end_reason, card.case_id)


def card_number_for(card_id: int) -> str:
    """20 digits: the prefix, the card's serial (14 digits) and a Luhn check digit."""
    body = f"{CARD_PREFIX}{card_id:014d}"
    return body + luhn.calc_check_digit(body)


def active_card(session: Session, fnr: str, lock: bool = False) -> EhicCard | None:
    query = select(EhicCard).where(EhicCard.fnr == fnr, EhicCard.status == "active")
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def issue_card(session: Session, fnr: str, on: date, case_id: int, moment: datetime) -> EhicCard:
    """A new card valid from `on` for the dated number of years; the person's earlier active card is replaced."""
    from blaresept.rules.ehic import card_validity
    from blaresept.rules.parameters import default_parameters

    valid_to, _step = card_validity(on, default_parameters())
    previous = active_card(session, fnr, lock=True)
    if previous is not None:
        previous.status, previous.ended_on = "replaced", on
        previous.end_reason = "Nytt kort er utstedt."
        session.flush()
    card = EhicCard(fnr=fnr, valid_from=on, valid_to=valid_to, status="active", case_id=case_id, issued_at=moment)
    session.add(card)
    session.flush()
    card.card_number = card_number_for(card.id)
    session.flush()
    return card


def cards_for(session: Session, fnrs: set[str]) -> list[EhicCard]:
    return list(session.scalars(select(EhicCard).where(EhicCard.fnr.in_(fnrs))
                                .order_by(EhicCard.valid_from.desc(), EhicCard.id.desc())))


def load_card(session: Session, card_id: int, fnrs: set[str], lock: bool = False) -> EhicCard:
    """A card the caller may see (their own or their children's); the same answer for «not yours» and «not
    there»."""
    query = select(EhicCard).where(EhicCard.id == card_id)
    if lock:
        query = query.with_for_update()
    card = session.scalar(query)
    if card is None or card.fnr not in fnrs:
        raise CaseNotFound("Fant ikke kortet.")
    return card


def end_card(card: EhicCard, status: str, on: date, reason: str) -> None:
    if card.status != "active":
        raise CaseError(f"Kortet er allerede avsluttet ({STATUS_LABELS[card.status].lower()}).")
    if on < card.valid_from:
        raise CaseError(f"Datoen {norwegian_date(on)} er før kortet ble utstedt ({norwegian_date(card.valid_from)}).")
    card.status, card.ended_on, card.end_reason = status, on, reason


def certificate_period(card: EhicCard, start: date, end: date, today: date) -> tuple[date, date]:
    """The period a certificate may cover: within the card's validity, not in the past, start before end."""
    if end < start:
        raise CaseError("Sluttdatoen for oppholdet er før startdatoen.")
    if end < today:
        raise CaseError("Oppholdet er allerede over; et erstatningssertifikat gjelder bare fremover.")
    if card.status != "active" or card.valid_to < today:
        raise CaseError("Personen har ikke et gyldig helsetrygdkort; bestill nytt kort først.")
    if start < card.valid_from or end > card.valid_to:
        raise CaseError(f"Perioden må ligge innenfor kortets gyldighet ({norwegian_date(card.valid_from)}–"
                        f"{norwegian_date(card.valid_to)}).")
    return start, end


def add_certificate(session: Session, card: EhicCard, start: date, end: date, country: str, requested_by: str,
                    moment: datetime, pdf: bytes) -> EhicCertificate:
    certificate = EhicCertificate(card_id=card.id, fnr=card.fnr, issued_on=moment.date(), valid_from=start,
                                  valid_to=end, country=country, requested_by=requested_by, created_at=moment,
                                  pdf=pdf)
    session.add(certificate)
    session.flush()
    return certificate
