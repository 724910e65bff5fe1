"""The egenandelsperiode at the counter (issue 12): two pick-ups from one prescription group share the
maximum; the response explains the period; a return gives back what it took; on SQLite and PostgreSQL. The
pick-ups are stored through the counter service (dated 2019–2024; the API dispenses only today, against
prescriptions), returns and the patient's year go through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.counter.conftest import Auth, dispensing, keyed, store

GROUP = {"prescriber": "HPR 9500002", "written": "2024-02-26"}


def pick_up(api: TestClient, key: str, date: str, price: str = "900.00") -> dict:  # type: ignore[type-arg]
    return store(api, dispensing(date=date, price=price, **GROUP))


def test_second_pick_up_two_weeks_later_pays_the_rest_and_is_explained(api: TestClient, headers: Auth) -> None:
    # 2024: 50 %, at most 520 kr per prescription group and period. 900 kr → 450 kr; two weeks later only
    # 520 − 450 = 70 kr is left of the maximum in the period 01.03.2024–31.05.2024.
    first = pick_up(api, "p1", "2024-03-01")
    assert first["totals"]["copay"] == "450.00"
    assert first["periods"] == [{
        "group": "resepter fra HPR 9500002 skrevet 2024-02-26", "start": "2024-03-01", "end": "2024-05-31",
        "maximum": "520.00", "paid_before": "0.00", "copay": "450.00", "remaining": "70.00",
        "text": "70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024"}]

    quote = store(api, dispensing(date="2024-03-15", price="900.00", **GROUP), quote=True)
    assert quote["totals"]["copay"] == "70.00" and quote["stored"] is False

    second = pick_up(api, "p2", "2024-03-15")
    assert second["totals"] == {"price": "900.00", "copay": "70.00", "patient_extra": "0.00", "helfo": "830.00"}
    [period] = second["periods"]
    assert (period["start"], period["end"], period["paid_before"], period["remaining"]) == (
        "2024-03-01", "2024-05-31", "450.00", "0.00")
    assert period["text"] == "0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024"
    [step] = [s for s in second["steps"] if s["rule"] == "blaresept.copay.period"]
    assert "01.03.2024" in step["text"] and "31.05.2024" in step["text"] and "450,00 kr" in step["text"]
    assert step["reference"]["text"] == "blåreseptforskriften § 8 første ledd"

    year = api.get("/api/v1/patient/years/2024", headers=headers("pasient")).json()
    assert year["ledger"]["counted"] == "520.00"
    assert [d["periods"][0]["text"] for d in year["dispensings"]] == [
        "70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024",
        "0,00 kr igjen av høyeste egenandel i perioden til 31.05.2024"]

    # A new period on the same day-of-month three months later.
    assert pick_up(api, "p3", "2024-06-01")["totals"]["copay"] == "450.00"


def test_a_return_gives_back_what_it_took_from_the_period(api: TestClient, headers: Auth) -> None:
    first = pick_up(api, "r1", "2024-03-01")
    second = pick_up(api, "r2", "2024-03-15")
    returned = api.post(f"/api/v1/pharmacy/dispensings/{second['id']}/return", headers=keyed("r2-back"))
    assert returned.status_code == 201, returned.text
    assert returned.json()["periods"][0]["text"] == "70,00 kr igjen av høyeste egenandel i perioden til 31.05.2024"
    assert any(s["rule"] == "blaresept.copay.period.return" for s in returned.json()["steps"])
    third = pick_up(api, "r3", "2024-03-20")
    assert third["totals"]["copay"] == "70.00"

    # Returning every pick-up of the period removes it: the next pick-up starts a new period.
    third_id = third["id"]
    for key, number in (("r1-back", first["id"]), ("r3-back", third_id)):
        r = api.post(f"/api/v1/pharmacy/dispensings/{number}/return", headers=keyed(key))
        assert r.status_code == 201, r.text
    again = pick_up(api, "r4", "2024-04-02")
    assert again["totals"]["copay"] == "450.00"
    assert (again["periods"][0]["start"], again["periods"][0]["end"]) == ("2024-04-02", "2024-07-01")


def test_a_period_runs_on_across_new_year(api: TestClient, headers: Auth) -> None:
    # 2019-12-20: 39 % of 900 = 351 kr, period to 19.03.2020; 2020-01-10: 39 % = 351, but 169 kr left.
    group = {"prescriber": "HPR 9500002", "written": "2019-12-18"}
    assert store(api, dispensing(date="2019-12-20", price="900.00", **group))["totals"]["copay"] == "351.00"
    second = store(api, dispensing(date="2020-01-10", price="900.00", **group))
    assert second["totals"]["copay"] == "169.00"
    assert second["periods"][0]["end"] == "2020-03-19"
    assert api.get("/api/v1/patient/years/2020", headers=headers("pasient")).json()["ledger"]["counted"] == "169.00"
