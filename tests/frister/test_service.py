"""Referrals through the service, and the daily run, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from blaresept.auth.demo import DEMO_USERS
from blaresept.frister import service
from blaresept.frister.daily import run_day
from blaresept.frister.errors import FristConflict, FristError, FristNotFound
from blaresept.frister.tables import Breach, Referral
from blaresept.storage.db import make_engine, migrate, transaction

HOSPITAL = DEMO_USERS["sykehus"]
PATIENT = DEMO_USERS["pasient"]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _referral(engine: Engine, received: date, deadline: date | None) -> str:
    with transaction(engine) as session:
        ref = service.register_referral(session, HOSPITAL, PATIENT.fnr or "", "ortopedi", received)
        if deadline is not None:
            service.record_assessment(session, HOSPITAL, ref.reference, received, True, deadline)
        return ref.reference


def test_register_explains_the_assessment_deadline(engine: Engine) -> None:
    with transaction(engine) as session:
        ref = service.register_referral(session, HOSPITAL, PATIENT.fnr or "", "ortopedi", date(2024, 3, 27))
    assert ref.assessment_deadline == date(2024, 4, 15)
    assert "langfredag 29. mars 2024" in ref.steps[0]["text"]


def test_bad_input_changes_nothing(engine: Engine) -> None:
    with pytest.raises(FristError), transaction(engine) as session:
        service.register_referral(session, HOSPITAL, "12345678901", "ortopedi", date(2024, 3, 27))
    with pytest.raises(FristError), transaction(engine) as session:
        service.register_referral(session, HOSPITAL, PATIENT.fnr or "", "ortopedi", date(2008, 3, 27))
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 0


def test_daily_run_finds_each_breach_once(engine: Engine) -> None:
    passed = _referral(engine, date(2024, 3, 27), date(2024, 6, 3))
    _referral(engine, date(2024, 3, 27), date(2024, 6, 10))  # not yet passed on 2024-06-05
    started = _referral(engine, date(2024, 3, 27), date(2024, 6, 3))
    with transaction(engine) as session:
        service.record_help_started(session, HOSPITAL, started, date(2024, 6, 1))
    assert run_day(engine, date(2024, 6, 3)).found == 0  # on the deadline day itself there is no breach yet
    first = run_day(engine, date(2024, 6, 5))
    assert first.found == 1
    assert run_day(engine, date(2024, 6, 5)).found == 0
    with transaction(engine) as session:
        rows = session.execute(select(Breach.source, Referral.reference)
                               .join(Referral, Referral.id == Breach.referral_id)).all()
        assert rows == [("dagskjøring", passed)]
        mine = service.referrals_for_patient(session, PATIENT)
        found = next(r for r in mine if r.reference == passed)
        assert found.status == "fristbrudd"
        assert any(s["rule"] == "frister.breach_rights" for s in found.steps)
    assert run_day(engine, date(2024, 6, 11)).found == 1


def test_run_in_small_chunks_finds_all(engine: Engine) -> None:
    for _ in range(5):
        _referral(engine, date(2024, 3, 27), date(2024, 6, 3))
    result = run_day(engine, date(2024, 6, 4), chunk=2)
    assert (result.found, result.chunks) == (5, 3)


def test_patient_reports_a_breach_only_after_the_deadline(engine: Engine) -> None:
    ref = _referral(engine, date(2024, 3, 27), date(2024, 6, 3))
    with pytest.raises(FristConflict), transaction(engine) as session:
        service.report_breach(session, PATIENT, ref, on=date(2024, 6, 3))
    with transaction(engine) as session:
        view = service.report_breach(session, PATIENT, ref, on=date(2024, 6, 4))
    assert view.breach_source == "pasient"
    assert run_day(engine, date(2024, 6, 5)).found == 0
    with pytest.raises(FristNotFound), transaction(engine) as session:
        service.report_breach(session, DEMO_USERS["forelder"], ref, on=date(2024, 6, 4))


def test_late_start_is_recorded_as_a_breach(engine: Engine) -> None:
    ref = _referral(engine, date(2024, 3, 27), date(2024, 6, 3))
    with transaction(engine) as session:
        view = service.record_help_started(session, HOSPITAL, ref, date(2024, 6, 7))
    assert view.breach_found_on == date(2024, 6, 7) and view.breach_source == "sen_oppstart"
