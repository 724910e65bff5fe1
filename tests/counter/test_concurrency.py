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


def request(day: int) -> DispenseRequest:
    on = date(2019, 5, day)
    return DispenseRequest(FNR, on, (PrescriptionRequest("HPR 9144889", on, Hjemmel.SECTION_2,
                                                         (LineRequest(price=200000),)),))


def race(url: str, rounds: int) -> None:
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
                        service.dispense(session, ["974760606", "974760614"][index], request(day))
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
