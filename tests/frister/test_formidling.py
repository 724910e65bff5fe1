"""Pasientformidling on the case engine, on SQLite and PostgreSQL: a breach found by the daily run becomes a
case in the caseworker queue; no answer in 3 days → search anyway and a letter; an offer from a provider with an
agreement and capacity; the patient accepts; every letter is a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select

from blaresept.auth.demo import DEMO_USERS
from blaresept.cases.reads import caseworker_queue
from blaresept.cases.tables import Case, Letter
from blaresept.frister import formidling, service
from blaresept.frister.daily import run_day
from blaresept.frister.errors import FristConflict, FristError, FristForbidden
from blaresept.frister.sample import load_sample
from blaresept.frister.tables import Breach, Capacity, Provider
from blaresept.storage.db import make_engine, migrate, transaction

HOSPITAL, PATIENT, CASEWORKER = DEMO_USERS["sykehus"], DEMO_USERS["pasient"], DEMO_USERS["saksbehandler"]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    engine = make_engine(database_url)
    load_sample(engine)  # providers (and demo referrals)
    yield engine
    engine.dispose()


def _breach(engine: Engine) -> int:
    with transaction(engine) as session:
        ref = service.register_referral(session, HOSPITAL, PATIENT.fnr or "", "ortopedi", date(2024, 3, 27))
        service.record_assessment(session, HOSPITAL, ref.reference, date(2024, 4, 10), True, date(2024, 6, 3))
    run_day(engine, date(2024, 6, 4))
    with transaction(engine) as session:
        breach_id = session.scalar(select(Breach.id).where(Breach.found_on == date(2024, 6, 4)))
        assert breach_id is not None
        return breach_id


def test_breach_to_accepted_offer(engine: Engine) -> None:
    breach_id = _breach(engine)
    with transaction(engine) as session:
        view = formidling.open_case(session, CASEWORKER, breach_id, on=date(2024, 6, 5))
        assert view.reference.startswith("FB-") and view.search_from == date(2024, 6, 8)
        queue = [i.reference for i in caseworker_queue(session)]
        assert view.reference in queue
    with pytest.raises(FristConflict), transaction(engine) as session:
        formidling.open_case(session, CASEWORKER, breach_id, on=date(2024, 6, 5))
    with transaction(engine) as session:
        assert formidling.advance(session, date(2024, 6, 7)) == {"searched": 0, "returned": 0}
        assert formidling.advance(session, date(2024, 6, 8)) == {"searched": 1, "returned": 0}
        assert formidling.advance(session, date(2024, 6, 8)) == {"searched": 0, "returned": 0}
        slots, _ = formidling.candidates(session, view.id, date(2024, 6, 10))
        # Sykehuset Øst has no free places, Klinikk Nord no agreement: only Privatklinikken qualifies
        assert [s.code for s in slots] == ["privatklinikken"]
    with pytest.raises(FristError), transaction(engine) as session:
        formidling.make_offer(session, CASEWORKER, view.id, "nord", on=date(2024, 6, 10))
    with transaction(engine) as session:
        offered = formidling.make_offer(session, CASEWORKER, view.id, "privatklinikken", on=date(2024, 6, 10))
        # Mon 10.6.2024 + 10 working days (no holidays): 11–14 (4), 17–21 (9), 24 (10)
        assert offered.reply_deadline == date(2024, 6, 24)
        assert offered.provider_name == "Privatklinikken Demo AS"
        places = session.scalar(select(Capacity.capacity).join(Provider).where(
            Provider.code == "privatklinikken", Capacity.area == "ortopedi"))
        assert places == 2
        offers = formidling.offers_for_provider(session, DEMO_USERS["behandler"])
        assert [o.reference for o in offers] == [view.reference]
    with pytest.raises(FristForbidden), transaction(engine) as session:
        formidling.reply(session, DEMO_USERS["forelder"], view.id, True, on=date(2024, 6, 12))
    with transaction(engine) as session:
        done = formidling.reply(session, PATIENT, view.id, True, on=date(2024, 6, 12))
        assert done.status == "akseptert"
        case = session.get(Case, done.case_id)
        assert case is not None and case.status == "closed"
        pdfs = session.scalars(select(Letter.pdf).where(Letter.case_id == done.case_id)).all()
        assert len(pdfs) == 3 and all(p.startswith(b"%PDF") for p in pdfs)
        titles = session.scalars(select(Letter.title).where(Letter.case_id == done.case_id).order_by(Letter.id)).all()
        assert titles == ["Vi har prøvd å kontakte deg", "Tilbud om behandling etter fristbrudd",
                          "Bekreftelse: du har takket ja"]


def test_no_reply_goes_back_to_the_hospital(engine: Engine) -> None:
    breach_id = _breach(engine)
    with transaction(engine) as session:
        view = formidling.open_case(session, CASEWORKER, breach_id, on=date(2024, 6, 5))
        formidling.record_answer(session, CASEWORKER, view.id, on=date(2024, 6, 6))
        formidling.make_offer(session, CASEWORKER, view.id, "privatklinikken", on=date(2024, 6, 10))
        assert formidling.advance(session, date(2024, 6, 24)) == {"searched": 0, "returned": 0}
        assert formidling.advance(session, date(2024, 6, 25)) == {"searched": 0, "returned": 1}
        assert formidling.get(session, view.id).status == "tilbake"
    with pytest.raises(FristConflict), transaction(engine) as session:
        formidling.reply(session, PATIENT, view.id, True, on=date(2024, 6, 25))
