"""Who may see whom: «not yours» and «not registered» look the same to a patient; a parent is an adult and older
than the child, links make no cycle, and a link can end (with a date)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from stdnum.no import fodselsnummer

from tests.counter.conftest import Auth

KARI = "01037040068"  # the demo patient
OLA = "15068040083"  # the demo parent (born 1980)
CHILD = "20051250096"  # Ola's child (born 2012)


def fnr(born: date) -> str:
    """A valid fødselsnummer for the birth date (individual number 100–499 for 1900–1999, 500– for 2000–)."""
    start = 100 if born.year < 2000 else 500
    for individual in range(start, start + 400):
        digits = f"{born:%d%m%y}{individual:03d}"
        for check in range(100):
            number = f"{digits}{check:02d}"
            if fodselsnummer.is_valid(number):
                return number
    raise AssertionError(born)


def test_not_yours_and_not_there_get_the_same_answer(api: TestClient, headers: Auth) -> None:
    registered = api.get(f"/api/v1/patient/years/2019?person={OLA}", headers=headers("pasient"))
    unknown = api.get(f"/api/v1/patient/years/2019?person={fnr(date(1990, 2, 3))}", headers=headers("pasient"))
    assert registered.status_code == unknown.status_code == 403
    assert registered.json()["detail"] == unknown.json()["detail"]
    assert registered.json()["title"] == unknown.json()["title"]


def test_a_parent_is_an_adult_older_than_the_child(api: TestClient, headers: Auth) -> None:
    caseworker = headers("saksbehandler")
    # the 14-year-old as her father's parent
    response = api.put(f"/api/v1/persons/{CHILD}/children/{OLA}", headers=caseworker)
    assert response.status_code == 422 and "eldre enn barnet" in response.json()["detail"]
    # a ten-year-old's «child»
    young, baby = fnr(date(2010, 1, 5)), fnr(date(2020, 1, 5))
    response = api.put(f"/api/v1/persons/{young}/children/{baby}", headers=caseworker)
    assert response.status_code == 422 and "myndig" in response.json()["detail"]
    assert api.put(f"/api/v1/persons/{KARI}/children/{KARI}", headers=caseworker).status_code == 422


def test_no_cycles(api: TestClient, headers: Auth) -> None:
    caseworker = headers("saksbehandler")
    grandparent = fnr(date(1950, 3, 3))
    assert api.put(f"/api/v1/persons/{grandparent}/children/{OLA}", headers=caseworker).status_code == 200
    response = api.put(f"/api/v1/persons/{CHILD}/children/{grandparent}", headers=caseworker)
    assert response.status_code == 422


def test_a_link_can_end(api: TestClient, headers: Auth) -> None:
    children = api.get("/api/v1/patient/me", headers=headers("forelder")).json()["children"]
    assert CHILD in [c["fnr"] for c in children]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    ended = api.post(f"/api/v1/persons/{OLA}/children/{CHILD}/end", json={"valid_to": yesterday},
                     headers=headers("saksbehandler"))
    assert ended.status_code == 200, ended.text
    children = api.get("/api/v1/patient/me", headers=headers("forelder")).json()["children"]
    assert CHILD not in [c["fnr"] for c in children]
    response = api.get(f"/api/v1/patient/years/2019?person={CHILD}", headers=headers("forelder"))
    assert response.status_code == 403
