"""Two pharmacies dispensing for one person at the same moment, on two real connections: the tak is never
missed by both, nothing is counted twice, and no copay is charged after the frikort."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import Engine, select

from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.counter.tables import Dispensing, LedgerYear
from blaresept.persons.tables import Person
from blaresept.rules.blaresept.dispensing import Hjemmel
from blaresept.storage.db import make_engine, transaction

FNR = "01037040068"  # 2019: tak 2 369 kr; each dispensing costs a copay of 520 kr


def request(day: int, prescriber: str = "HPR 9144889") -> DispenseRequest:
    on = date(2019, 5, day)
    return DispenseRequest(FNR, on, (PrescriptionRequest(prescriber, on, Hjemmel.SECTION_2,
                                                         (LineRequest(price=200000),)),))


PRESCRIBERS = ("HPR 9144889", "HPR 9144890")
"""Each pharmacy's prescription is from its own prescriber, so each is its own copay group and period."""


def race(url: str, rounds: int, prescribers: tuple[str, str] = PRESCRIBERS) -> None:
    """Each round: two threads on their own engines start a dispensing at the same instant."""
    engines = [make_engine(url), make_engine(url)]
    try:
        for round_number in range(rounds):
            barrier = threading.Barrier(2)
            errors: list[BaseException] = []

            def work(index: int, day: int = round_number + 1, barrier: threading.Barrier = barrier,
                     errors: list[BaseException] = errors) -> None:
                try:
                    barrier.wait()
                    with transaction(engines[index]) as session:
                        service.dispense(session, ["974760606", "974760614"][index],
                                         request(day, prescribers[index]))
                except BaseException as exc:  # reported below
                    errors.append(exc)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert not errors, errors
    finally:
        for engine in engines:
            engine.dispose()


def test_racing_pharmacies_never_miss_the_tak_nor_double_count(engine: Engine, database_url: str) -> None:
    race(database_url, rounds=4)  # 8 dispensings; the tak is reached by the 5th copay
    with transaction(engine) as session:
        person = session.scalars(select(Person).where(Person.fnr == FNR)).one()
        ledger = session.scalars(select(LedgerYear).where(LedgerYear.person_id == person.id)).one()
        records = list(session.scalars(select(Dispensing).where(Dispensing.person_id == person.id)
                                       .order_by(Dispensing.id)))
    assert len(records) == 8
    assert ledger.counted == sum(r.copay for r in records)
    copays = [r.copay for r in records]
    assert copays == [52000] * 5 + [0] * 3  # exactly five paid; every later one rode on the frikort
    crossings = [r for r in records if r.reached_tak]
    assert len(crossings) == 1 and ledger.frikort_dispensing_id == crossings[0].id
    assert all(r.frikort for r in records[5:])


def test_racing_pick_ups_from_one_prescription_group_share_one_maximum(engine: Engine, database_url: str) -> None:
    # Both pharmacies dispense from the same prescription group at once: the period is read and written
    # under the ledger row lock, so exactly one pays the 520 kr maximum and the other pays the rest, 0 kr.
    race(database_url, rounds=2, prescribers=("HPR 9144889", "HPR 9144889"))
    with transaction(engine) as session:
        person = session.scalars(select(Person).where(Person.fnr == FNR)).one()
        copays = [r.copay for r in session.scalars(select(Dispensing).where(Dispensing.person_id == person.id)
                                                   .order_by(Dispensing.id))]
    assert copays == [52000, 0, 52000, 0]
