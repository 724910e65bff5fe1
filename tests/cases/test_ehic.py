"""The European health insurance card on the case engine, on SQLite and PostgreSQL: a parent orders cards for
themself and two children (three cases, three cards, each valid three years); a refused order is a case with a
letter that can be appealed, and a Helseklage reversal issues the card; one active card per person; a lost card
is replaced; a certificate is a PDF; a caseworker revokes a card; nobody orders for a stranger."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.cases import service as engine
from blaresept.cases.errors import CaseError, CaseForbidden, CaseNotFound
from blaresept.cases.schemas import AppealIn, ForwardIn, OutsideDecisionIn, ReconsiderationIn
from blaresept.cases.stonader.ehic import service
from blaresept.cases.stonader.ehic.form import EhicForm, EhicPersonIn
from blaresept.cases.stonader.ehic.tables import EhicCard
from tests.cases.conftest import CASEWORKER, CHILD_FNR, PARENT, PARENT_FNR, PATIENT, PATIENT_FNR, at

SECOND_CHILD = "14091650186"  # Jonas Nordmann (demo), born 2016-09-14


def family_orders(child_citizenship: str = "NO") -> list[EhicForm]:
    parent = EhicPersonIn(fnr=PARENT_FNR, citizenship="NO")
    return [EhicForm(person=parent)] + [
        EhicForm(person=EhicPersonIn(fnr=child, citizenship=child_citizenship), relation="child",  # type: ignore[arg-type]
                 holder=parent) for child in (CHILD_FNR, SECOND_CHILD)]


def test_parent_orders_three_cards_valid_three_years(session: Session) -> None:
    views = service.order_cards(session, PARENT, family_orders(), now=at(2024, 5, 2))
    session.commit()
    assert [v.outcome for v in views] == ["granted"] * 3
    assert all(v.status == "closed" and v.automatic for v in views)
    cards = service.cards(session, PARENT, on=date(2026, 11, 1))
    assert {c.fnr for c in cards} == {PARENT_FNR, CHILD_FNR, SECOND_CHILD}
    for card in cards:
        assert (card.valid_from, card.valid_to) == (date(2024, 5, 2), date(2027, 5, 1))
        assert card.status == "active" and len(card.card_number) == 20 and card.card_number.startswith("80578")
    letter = engine.letter_file(session, views[1].id, views[1].letters[0].id)
    assert letter.pdf.startswith(b"%PDF")
    # the child's case explains the ground and the validity with their sources
    rules = [s["rule"] for s in views[1].steps]
    assert "ehic.own_ground" in rules and "ehic.validity" in rules


def test_child_with_another_citizenship_gets_the_card_through_the_parent(session: Session) -> None:
    views = service.order_cards(session, PARENT, family_orders(child_citizenship="US"), now=at(2024, 5, 2))
    assert [v.outcome for v in views] == ["granted"] * 3
    assert "familiemedlem" in " ".join(views[1].decisions[0].reasons)


def test_a_new_card_replaces_the_active_one(session: Session) -> None:
    service.order_cards(session, PATIENT, [EhicForm(person=EhicPersonIn(fnr=PATIENT_FNR))], now=at(2024, 1, 10))
    service.order_cards(session, PATIENT, [EhicForm(person=EhicPersonIn(fnr=PATIENT_FNR))], now=at(2025, 3, 3))
    session.commit()
    cards = service.cards(session, PATIENT, on=date(2026, 11, 1))
    assert [c.status for c in cards] == ["active", "replaced"]
    active = session.scalars(select(EhicCard).where(EhicCard.fnr == PATIENT_FNR, EhicCard.status == "active")).all()
    assert len(active) == 1


def test_refusal_is_a_case_with_letter_and_helseklage_reversal_issues_the_card(session: Session) -> None:
    order = EhicForm(person=EhicPersonIn(fnr=PATIENT_FNR, citizenship="US"))
    (view,) = service.order_cards(session, PATIENT, [order], now=at(2024, 5, 2))
    session.commit()
    assert view.outcome == "refused"
    assert "utenfor EU/EØS" in view.decisions[0].refused[0].reasons[0]
    assert service.cards(session, PATIENT, on=date(2026, 11, 1)) == []
    appeal = engine.file_appeal(session, PATIENT, view.id, AppealIn(grounds="Jeg er dobbelt statsborger."),
                                now=at(2024, 5, 10))
    engine.reconsider(session, CASEWORKER, appeal.id,
                      ReconsiderationIn(outcome="upheld", note="Statsborgerskapet er USA."), now=at(2024, 5, 14))
    engine.forward_to_helseklage(session, CASEWORKER, appeal.id, ForwardIn(), now=at(2024, 5, 15))
    engine.record_helseklage_decision(session, CASEWORKER, appeal.id,
                                      OutsideDecisionIn(outcome="reversed", decided_on=date(2024, 8, 1),
                                                        reasons="Klageren er også svensk borger."),
                                      now=at(2024, 8, 2))
    session.commit()
    (card,) = service.cards(session, PATIENT, on=date(2026, 11, 1))
    assert card.status == "active" and card.valid_from == date(2024, 8, 2)  # issued when Helfo carries it out


def test_only_oneself_and_ones_children(session: Session) -> None:
    with pytest.raises(CaseForbidden):
        service.order_cards(session, PATIENT, [EhicForm(person=EhicPersonIn(fnr=CHILD_FNR))], now=at(2024, 5, 2))
    with pytest.raises(CaseError, match="flere ganger"):
        service.order_cards(session, PARENT, [EhicForm(person=EhicPersonIn(fnr=PARENT_FNR))] * 2,
                            now=at(2024, 5, 2))
    assert session.scalars(select(EhicCard)).all() == []


def test_lost_card_is_ended_and_replaced(session: Session) -> None:
    service.order_cards(session, PATIENT, [EhicForm(person=EhicPersonIn(fnr=PATIENT_FNR))], now=at(2024, 1, 10))
    (card,) = service.cards(session, PATIENT, on=date(2026, 11, 1))
    with pytest.raises(CaseNotFound):
        service.report_lost(session, PARENT, card.id, now=at(2024, 6, 1))  # not theirs: same answer as absent
    view = service.report_lost(session, PATIENT, card.id, now=at(2024, 6, 1))
    session.commit()
    assert view.outcome == "granted"
    new, old = service.cards(session, PATIENT, on=date(2026, 11, 1))
    assert (old.status, old.ended_on) == ("lost", date(2024, 6, 1))
    assert new.status == "active" and new.card_number != old.card_number


def test_certificate_pdf_within_the_card_validity(session: Session) -> None:
    service.order_cards(session, PARENT, family_orders(), now=at(2026, 6, 1))
    child_card = next(c for c in service.cards(session, PARENT, on=date(2026, 11, 1)) if c.fnr == SECOND_CHILD)
    with pytest.raises(CaseError, match="innenfor kortets gyldighet"):
        service.issue_certificate(session, PARENT, child_card.id, date(2026, 7, 1), date(2030, 1, 1), "ES",
                                  now=at(2026, 6, 2))
    with pytest.raises(CaseError, match="EU/EØS"):
        service.issue_certificate(session, PARENT, child_card.id, date(2026, 7, 1), date(2026, 7, 14), "US",
                                  now=at(2026, 6, 2))
    made = service.issue_certificate(session, PARENT, child_card.id, date(2026, 7, 1), date(2026, 7, 14), "ES",
                                     now=at(2026, 6, 2))
    session.commit()
    name, pdf = service.certificate_file(session, PARENT, made.id)
    assert pdf.startswith(b"%PDF") and name.endswith(".pdf")
    with pytest.raises(CaseNotFound):
        service.certificate_file(session, PATIENT, made.id)


def test_caseworker_revokes_when_membership_ends(session: Session) -> None:
    service.order_cards(session, PATIENT, [EhicForm(person=EhicPersonIn(fnr=PATIENT_FNR))], now=at(2024, 1, 10))
    with pytest.raises(CaseForbidden):
        service.revoke(session, PATIENT, PATIENT_FNR, date(2024, 9, 1), "Flyttet")
    card = service.revoke(session, CASEWORKER, PATIENT_FNR, date(2024, 9, 1), "Medlemskapet i folketrygden opphørte.")
    session.commit()
    assert (card.status, card.ended_on) == ("revoked", date(2024, 9, 1))
    with pytest.raises(CaseError, match="ikke et gyldig"):
        service.revoke(session, CASEWORKER, PATIENT_FNR, date(2024, 9, 2), "igjen")


def test_migration_matches_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from blaresept.storage.db import Base, make_engine, migrate

    migrate(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if "ehic_" in repr(d)]
        assert differences == []
    finally:
        engine.dispose()
