"""Many persons asking for the last places on one list at the same instant, each on its own connection: the
list never takes more than its listetak, every request is decided (accepted or refused «liste_full»), and
exactly the free places are given out. The same for the monthly run's intake racing direct requests."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, or_, select

from blaresept.fastlege.changes import request_change
from blaresept.fastlege.tables import ListChange, Membership
from blaresept.storage.db import make_engine, transaction
from tests.fastlege.conftest import Register, get_person

THREADS = 12
FREE = 5


def test_racing_requests_never_overfill_a_list(register: Register) -> None:
    for n in range(20 - FREE):  # list A (listetak 20) has 15 on it
        register.person(date(1960, 1, 1), n, list_key="A")
    askers = [register.person(date(1985, 2, 2), n, list_key="B") for n in range(THREADS)]
    engines = [make_engine(register.url) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    outcomes: list[bool] = []

    def ask(index: int) -> None:
        try:
            barrier.wait()
            with transaction(engines[index]) as session:
                result = request_change(session, get_person(session, askers[index]), register.lists["A"],
                                        date(2026, 3, 10), "test")
            outcomes.append(result.accepted)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for engine in engines:
            engine.dispose()
    assert not errors, errors
    assert len(outcomes) == THREADS
    assert outcomes.count(True) == FREE
    with transaction(register.engine) as session:
        on_list = session.scalar(select(func.count(Membership.id)).where(
            Membership.list_id == register.lists["A"],
            or_(Membership.valid_to.is_(None), Membership.valid_to >= date(2026, 4, 1))))
        refused = list(session.scalars(select(ListChange.refusal_code).where(ListChange.status == "refused")))
    assert on_list == 20  # exactly full, never more
    assert refused == ["liste_full"] * (THREADS - FREE)
