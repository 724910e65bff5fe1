"""The monthly run after a crash: letters that failed half way are written by the next run, each exactly once,
and nobody is taken in twice."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from blaresept.fastlege import changes, monthly
from blaresept.fastlege import register as reg
from blaresept.fastlege.tables import ListChange, ListLetter
from blaresept.storage.db import transaction
from tests.fastlege.conftest import Register, get_person


def test_a_run_that_crashes_while_writing_letters_resumes_without_doing_anything_twice(
        register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(20):  # list A (listetak 20) is full
        register.person(date(1960, 1, 1), n, list_key="A")
    waiting = [register.person(date(1990, 5, 5), n, list_key="B") for n in range(3)]
    with transaction(register.engine) as session:
        for person_id in waiting:
            joined = changes.join_waiting_list(session, get_person(session, person_id), register.lists["A"],
                                               date(2026, 3, 1), "test")
            assert joined.accepted
        reg.set_capacity(session, register.lists["A"], 30, None, date(2026, 3, 15), "test")

    real = monthly.letter_pdf
    written: list[int] = []

    def failing(content: monthly.LetterContent) -> bytes:
        if len(written) == 1:
            raise RuntimeError("strømmen gikk")
        written.append(1)
        return real(content)

    monkeypatch.setattr(monthly, "letter_pdf", failing)
    with pytest.raises(RuntimeError):
        monthly.run_month(register.engine, date(2026, 4, 1), "test")
    monkeypatch.setattr(monthly, "letter_pdf", real)
    resumed = monthly.run_month(register.engine, date(2026, 4, 1), "test")
    again = monthly.run_month(register.engine, date(2026, 4, 1), "test")

    assert (resumed.taken_in, resumed.letters) == (0, 2)  # the intake was done before the crash
    assert (again.taken_in, again.letters, again.applied) == (0, 0, 0)
    with transaction(register.engine) as session:
        letters = session.scalar(select(func.count(ListLetter.id)))
        moves = list(session.scalars(select(ListChange.effective_on).where(ListChange.kind == "waiting_list")))
    assert letters == 3
    assert moves == [date(2026, 5, 1)] * 3
