"""Logoped and audiopedagog through the API on SQLite and PostgreSQL: the same referral for a 10-year-old needs
Helfo's prior approval when dated 2021-11-15 and not when dated 2022-02-01, each with its step records; the first
is sent to Helfo and approved by the rules with 25 treatments (letter as PDF); the second is refused at intake with
the reason; a referral lacking the specialist statement in 2021 is refused with a letter."""

from __future__ import annotations

from typing import Any

from tests.cases.test_api import TestClient, api, auth  # noqa: F401  (the fixture)

BASE = "/api/v1/logoped"
CHILD = "20051250096"  # Emma Nordmann (demo), born 2012-05-20: 9 years old in November 2021


def referral(date: str, **changes: Any) -> dict[str, Any]:
    body = {"patient_fnr": CHILD, "referral_date": date, "diagnosis": "F80.1 Ekspressiv språkforstyrrelse",
            "specialist_statement": True}
    return body | changes


def test_prior_approval_before_2022_not_after(api: TestClient) -> None:  # noqa: F811
    old = api.post(f"{BASE}/referrals/assessment", json=referral("2021-11-15"), headers=auth("lege"))
    new = api.post(f"{BASE}/referrals/assessment", json=referral("2022-02-01"), headers=auth("lege"))
    assert old.status_code == new.status_code == 200, old.text
    assert (old.json()["prior_approval"], old.json()["treatment_limit"]) == (True, 25)
    assert (new.json()["prior_approval"], new.json()["treatment_limit"]) == (False, None)
    steps = {s["rule"]: s for s in old.json()["steps"]}
    assert steps["logoped.prior_approval"]["reference"]["text"] == "folketrygdloven § 5-10"
    assert "under 18" in steps["logoped.prior_approval"]["text"]
    assert "ikke forhåndsgodkjenning" in {s["rule"]: s for s in new.json()["steps"]}["logoped.prior_approval"]["text"]

    case = api.post(f"{BASE}/referrals", json=referral("2021-11-15"), headers=auth("lege"))
    assert case.status_code == 201, case.text
    view = case.json()
    assert view["outcome"] == "granted" and view["reference"].startswith("LO-") and view["letters"]
    assert "25 behandlinger" in view["decisions"][0]["reasons"][0]
    letter_id = view["letters"][0]["id"]
    letter = api.get(f"/api/v1/cases/{view['id']}/letters/{letter_id}", headers=auth("lege"))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")

    not_needed = api.post(f"{BASE}/referrals", json=referral("2022-02-01"), headers=auth("lege"))
    assert not_needed.status_code == 422
    assert "trenger ikke forhåndsgodkjenning" in not_needed.json()["detail"]


def test_missing_specialist_statement_is_refused_with_a_reason(api: TestClient) -> None:  # noqa: F811
    case = api.post(f"{BASE}/referrals", json=referral("2021-03-01", specialist_statement=False),
                    headers=auth("lege"))
    assert case.status_code == 201, case.text
    view = case.json()
    assert view["outcome"] == "refused"
    assert "spesialistlege" in view["decisions"][0]["refused"][0]["reasons"][0]
    assert api.post(f"{BASE}/referrals", json=referral("2021-03-01"), headers=auth("pasient")).status_code == 403
