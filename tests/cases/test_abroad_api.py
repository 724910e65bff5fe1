"""Courses and care abroad through the API on SQLite and PostgreSQL: a parent applies for a course in Sweden for a
child with a rare congenital condition — decided, with a letter; a course in the USA without a Norwegian centre's
statement is refused with the reason; care abroad is assessed with its steps; no application for a stranger."""

from __future__ import annotations

from typing import Any

from tests.cases.test_api import TestClient, api, auth  # noqa: F401  (the fixture)

CHILD = "20051250096"  # Emma Nordmann, a child of the demo parent Ola Nordmann


def course(country: str, **changes: Any) -> dict[str, Any]:
    body = {"patient_fnr": CHILD, "condition": "Prader-Willis syndrom", "course_name": "Familiesamling",
            "country": country, "course_start": "2099-06-01", "persons_in_norway": 200}
    return body | changes


def test_course_in_sweden_granted_usa_without_statement_refused(api: TestClient) -> None:  # noqa: F811
    sweden = api.post("/api/v1/abroad/courses", json=course("SE"), headers=auth("forelder"))
    assert sweden.status_code == 201, sweden.text
    view = sweden.json()
    assert view["outcome"] == "granted" and view["reference"].startswith("KU-") and view["letters"]
    letter = api.get(f"/api/v1/cases/{view['id']}/letters/{view['letters'][0]['id']}", headers=auth("forelder"))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    usa = api.post("/api/v1/abroad/courses", json=course("US"), headers=auth("forelder")).json()
    assert usa["outcome"] == "refused"
    assert "uttalelse fra et norsk kompetansesenter" in usa["decisions"][0]["refused"][0]["reasons"][0]
    stranger = api.post("/api/v1/abroad/courses", json=course("SE"), headers=auth("pasient"))
    assert stranger.status_code == 403


def test_care_abroad_assessed_with_steps(api: TestClient) -> None:  # noqa: F811
    ok = api.post("/api/v1/abroad/care/assessment", headers=auth("lege"),
                  json={"route": "refund", "treatment_date": "2011-01-01", "country": "DE"}).json()
    assert ok["eligible"] is True and ok["amount"] is None
    assert {s["rule"] for s in ok["steps"]} >= {"abroad.refund.scheme", "abroad.refund.country"}
    swiss = api.post("/api/v1/abroad/care/assessment", headers=auth("lege"),
                     json={"route": "refund", "treatment_date": "2019-04-01", "country": "CH"}).json()
    assert swiss["eligible"] is False and "Sveits" in swiss["reasons"][0]
