"""A migrated database (SQLite and PostgreSQL) with a small register: two kommuner, three lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine

from blaresept.fastlege import register as reg
from blaresept.fastlege.synthetic import synthetic_fnr
from blaresept.persons.service import find_or_register
from blaresept.persons.tables import Person
from blaresept.storage.db import make_engine, migrate, transaction


@dataclass
class Register:
    engine: Engine
    url: str
    lists: dict[str, int]

    def person(self, born: date, n: int = 0, name: str | None = None, list_key: str | None = None,
               kommune: str | None = "0301") -> int:
        with transaction(self.engine) as session:
            person = find_or_register(session, synthetic_fnr(born, n), name)
            if kommune:
                reg.register_move(session, person, kommune, date(2020, 1, 1), "test")
            if list_key:
                reg.place(session, person, self.lists[list_key], date(2020, 1, 1), "test")
            return person.id


@pytest.fixture
def register(database_url: str) -> Iterator[Register]:
    migrate(database_url)
    engine = make_engine(database_url)
    with transaction(engine) as session:
        reg.kommune(session, "0301", "Oslo")
        reg.kommune(session, "1103", "Stavanger")
        lists = {}
        for key, hpr, name, kommune, capacity in (("A", "1000001", "Anne Alfa", "0301", 20),
                                                  ("B", "1000002", "Bjørn Beta", "0301", 100),
                                                  ("C", "1000003", "Cecilie Gamma", "1103", 100)):
            practice = reg.practice(session, kommune, f"Legesenter {key}")
            lists[key] = reg.create_list(session, practice, reg.gp(session, hpr, name), capacity, True,
                                         date(2020, 1, 1), "test").id
    yield Register(engine, database_url, lists)
    engine.dispose()


def get_person(session: object, person_id: int) -> Person:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    return session.get_one(Person, person_id)
