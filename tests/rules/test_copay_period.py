"""The egenandelsperiode (blåreseptforskriften § 8 første ledd, 2009–2025): the maximum copay of a
prescription group applies to all its pick-ups within three months, not to each pick-up."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.rules.blaresept.copay_period import CopayPeriod, give_back, period_end
from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.egenandelstak.ledger import price_person
from blaresept.rules.errors import RuleInputError

ADULT = Patient(date(1964, 4, 4))


@pytest.mark.parametrize(("start", "last"), [
    ("2019-01-15", "2019-04-14"),   # the example
    ("2019-11-30", "2020-02-29"),   # no 30 February: the whole of February
    ("2018-11-30", "2019-02-28"),
    ("2019-11-29", "2020-02-28"),   # 29 February 2020 exists: the day before it
    ("2019-01-31", "2019-04-30"),
    ("2019-12-31", "2020-03-30"),   # across 1 January
    ("2021-01-29", "2021-04-28"),   # M10 example: the next period starts 2021-04-29
])
def test_period_end(start: str, last: str) -> None:
    assert period_end(date.fromisoformat(start), 3) == date.fromisoformat(last)


def pick_up(on: str, price: int, written: str = "2019-01-10", prescriber: str = "HPR 9500002") -> Dispensing:
    return Dispensing(date.fromisoformat(on), ADULT, (
        Prescription(prescriber, date.fromisoformat(written), Hjemmel.SECTION_2, (Line(price),)),))


def test_second_monthly_pick_up_pays_the_rest_of_the_maximum() -> None:
    # 2019, 39 %: 900 kr → 351 kr; a month later another 900 kr → 351 kr, but only 520 − 351 = 169 kr remain.
    ledger = price_person([pick_up("2019-01-15", 90000), pick_up("2019-02-15", 90000)])
    assert [p.copay for p in ledger.priced] == [35100, 16900]
    assert [p.helfo for p in ledger.priced] == [54900, 73100]
    period = ledger.priced[1].groups[0].period
    assert period == CopayPeriod("HPR 9500002|2019-01-10", date(2019, 1, 15), date(2019, 4, 14), 52000, 2)
    texts = [s.text for s in ledger.priced[1].steps if s.rule == "blaresept.copay.period"]
    assert texts and "15.01.2019" in texts[0] and "14.04.2019" in texts[0] and "169,00 kr" in texts[0]
    assert "0,00 kr igjen av høyeste egenandel i perioden til 14.04.2019" in texts[0]


def test_a_new_period_on_the_same_day_three_months_later() -> None:
    ledger = price_person([pick_up("2019-01-15", 200000), pick_up("2019-04-14", 200000),
                           pick_up("2019-04-15", 200000)])
    assert [p.copay for p in ledger.priced] == [52000, 0, 52000]


def test_other_groups_have_their_own_periods() -> None:
    ledger = price_person([pick_up("2019-01-15", 200000),
                           pick_up("2019-02-15", 200000, written="2019-02-01"),
                           pick_up("2019-02-15", 200000, prescriber="HPR 1")])
    assert [p.copay for p in ledger.priced] == [52000, 52000, 52000]


def test_no_periods_from_2026() -> None:
    # A 2025 period does not reach into 2026: 60 % of 500 kr = 300 kr, at most 400 kr per utlevering.
    ledger = price_person([pick_up("2025-12-01", 200000, written="2025-11-20"),
                           pick_up("2026-01-05", 50000, written="2025-11-20")])
    assert [p.copay for p in ledger.priced] == [52000, 30000]
    assert ledger.priced[1].groups[0].period is None


def test_a_period_across_new_year_and_the_2023_rate_change() -> None:
    # 2022-12-01: 39 % of 600 kr = 234 kr. 2023-01-05, same period: 50 % of 600 = 300 kr, 520 − 234 = 286 left.
    ledger = price_person([pick_up("2022-12-01", 60000, written="2022-11-20"),
                           pick_up("2023-01-05", 60000, written="2022-11-20")])
    assert [p.copay for p in ledger.priced] == [23400, 28600]
    assert ledger.years[2022].total_counted == 23400 and ledger.years[2023].total_counted == 28600


def test_single_pricing_without_periods_is_a_first_pick_up() -> None:
    priced = price_dispensing(pick_up("2019-02-15", 200000))
    assert priced.copay == 52000
    assert priced.groups[0].period is not None and priced.groups[0].period.start == date(2019, 2, 15)


def test_give_back() -> None:
    one = CopayPeriod("g", date(2019, 1, 15), date(2019, 4, 14), 52000, 2)
    assert give_back((one,), "g", date(2019, 1, 15), 16900) == (
        CopayPeriod("g", date(2019, 1, 15), date(2019, 4, 14), 35100, 1),)
    assert give_back((CopayPeriod("g", date(2019, 1, 15), date(2019, 4, 14), 35100, 1),), "g",
                     date(2019, 1, 15), 35100) == ()
    with pytest.raises(RuleInputError, match="egenandelsperiode"):
        give_back((one,), "g", date(2019, 1, 16), 100)
