"""The European health insurance card: a person (or a parent) orders cards — one case per person on the case
engine, decided by the rules in `rules/ehic/` — sees the family's cards, reports one lost, and gets a provisional
replacement certificate as PDF; a caseworker sees a person's cards and revokes a card when the conditions end.
Refusals are ordinary cases (letters and appeals under /cases). Every read and write is audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import Field

from blaresept.api.deps import CaseworkerDep, SessionDep, require_roles
from blaresept.api.problems import Problem
from blaresept.audit.log import record_access
from blaresept.auth.principal import Principal
from blaresept.auth.principal import Role as AuthRole
from blaresept.cases.actors import Actor, actor_for
from blaresept.cases.errors import CaseError
from blaresept.cases.schemas import StrictModel
from blaresept.cases.stonader.ehic import service
from blaresept.cases.stonader.ehic.form import EhicForm
from blaresept.cases.views import CaseView
from blaresept.inputs import Day, Text

router = APIRouter(prefix="/ehic", tags=["helsetrygdkort"])

CardId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Kortets nummer i registeret")]
CertificateId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Sertifikatets nummer")]
PersonOrCaseworker = Annotated[Principal, Depends(require_roles(AuthRole.PATIENT, AuthRole.CASEWORKER))]


class OrderIn(StrictModel):
    """Cards to order: one form per person (yourself, your children)."""

    orders: list[EhicForm] = Field(min_length=1, max_length=20)


class CertificateIn(StrictModel):
    """A provisional replacement certificate: the country of stay and the first and last day it covers."""

    country: Text = Field(min_length=2, max_length=2, description="Oppholdsland (ISO 3166-1 alfa-2)")
    valid_from: Day
    valid_to: Day


class RevocationIn(StrictModel):
    fnr: Text = Field(min_length=11, max_length=11)
    on: Day
    reason: Text = Field(min_length=1, max_length=300)


@contextmanager
def problems() -> Iterator[None]:
    try:
        yield
    except CaseError as exc:
        raise Problem(exc.status, str(exc)) from None


def _actor(principal: Principal) -> Actor:
    actor = actor_for(principal)
    if actor is None:
        raise Problem(403, "Rollen har ikke tilgang til helsetrygdkort.")
    return actor


def _card(card: Any) -> dict[str, Any]:
    return {"id": card.id, "card_number": card.card_number, "valid_from": card.valid_from.isoformat(),
            "valid_to": card.valid_to.isoformat(), "status": card.status, "status_label": card.status_label,
            "ended_on": card.ended_on.isoformat() if card.ended_on else None, "end_reason": card.end_reason,
            "case_id": card.case_id}


@router.post("/orders", response_model=list[CaseView], status_code=201,
             summary="Bestill europeisk helsetrygdkort til deg selv og barna dine")
def order(body: OrderIn, session: SessionDep, principal: PersonOrCaseworker) -> list[CaseView]:
    with problems():
        views = service.order_cards(session, _actor(principal), body.orders)
    for view in views:
        record_access(session, principal, "ehic.order", view.patient_fnr, "bestilling av helsetrygdkort")
    return views


@router.get("/cards", summary="Kortene til deg og barna dine (saksbehandler: til en person)")
def cards(session: SessionDep, principal: PersonOrCaseworker,
          fnr: Annotated[Text | None, Query(min_length=11, max_length=11,
                                           description="Bare for saksbehandler: personens fødselsnummer")] = None,
          ) -> list[dict[str, Any]]:
    with problems():
        found = service.cards(session, _actor(principal), fnr if principal.role is AuthRole.CASEWORKER else None)
    record_access(session, principal, "ehic.cards", fnr or principal.fnr, "innsyn i helsetrygdkort")
    return [_card(c) for c in found]


@router.post("/cards/{card_id}/lost", response_model=CaseView, status_code=201,
             summary="Meld et kort tapt (et nytt kort bestilles på samme grunnlag)")
def lost(card_id: CardId, session: SessionDep, principal: PersonOrCaseworker) -> CaseView:
    with problems():
        view = service.report_lost(session, _actor(principal), card_id)
    record_access(session, principal, "ehic.lost", view.patient_fnr, "melding om tapt helsetrygdkort")
    return view


@router.post("/cards/{card_id}/certificates", status_code=201,
             summary="Lag et provisorisk erstatningssertifikat for et opphold i utlandet")
def certificate(card_id: CardId, body: CertificateIn, session: SessionDep,
                principal: PersonOrCaseworker) -> dict[str, Any]:
    with problems():
        made = service.issue_certificate(session, _actor(principal), card_id, body.valid_from, body.valid_to,
                                         body.country)
    record_access(session, principal, "ehic.certificate", made.fnr, "provisorisk erstatningssertifikat")
    return {"id": made.id, "card_id": made.card_id, "country": made.country, "valid_from": made.valid_from.isoformat(),
            "valid_to": made.valid_to.isoformat(), "issued_on": made.issued_on.isoformat(),
            "pdf": f"/api/v1/ehic/certificates/{made.id}.pdf"}


@router.get("/certificates/{certificate_id}.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}}, summary="Sertifikatet som PDF")
def certificate_pdf(certificate_id: CertificateId, session: SessionDep, principal: PersonOrCaseworker) -> Response:
    with problems():
        name, pdf = service.certificate_file(session, _actor(principal), certificate_id)
    record_access(session, principal, "ehic.certificate.read", principal.fnr, "nedlasting av sertifikat")
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.post("/revocations", summary="Tilbakekall et kort når vilkårene ikke lenger er oppfylt (saksbehandler)")
def revoke(body: RevocationIn, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    with problems():
        card = service.revoke(session, _actor(caseworker), body.fnr, body.on, body.reason)
    record_access(session, caseworker, "ehic.revoke", card.fnr, "tilbakekalling av helsetrygdkort")
    return _card(card)
