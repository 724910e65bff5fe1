"""A person's dispensings in order: the frikort applies from the dispensing after the one that reaches the
egenandelstak, for the rest of the calendar year only."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription
from blaresept.rules.egenandelstak.ledger import YearState, ledger_step, price_person, price_with_ledger
from blaresept.rules.errors import RuleInputError

ADULT = Patient(date(1960, 2, 2))


def dispensing(on: str, price: int = 200000, patient: Patient = ADULT) -> Dispensing:
    day = date.fromisoformat(on)
    return Dispensing(day, patient, (Prescription("HPR 1", day, Hjemmel.SECTION_2, (Line(price),)),))


def test_frikort_from_the_dispensing_after_the_one_reaching_the_tak() -> None:
    # 2019: tak 2 369 kr; 39 % of 2 000 kr = 780 kr, capped at 520 kr per prescription group.
    days = ["2019-01-10", "2019-02-10", "2019-03-10", "2019-04-10", "2019-05-10", "2019-05-10", "2019-06-01",
            "2020-01-05"]
    ledger = price_person([dispensing(d) for d in days])
    assert [p.copay for p in ledger.priced] == [52000] * 5 + [0, 0] + [52000]
    assert [p.date for p in ledger.priced] == [date.fromisoformat(d) for d in days]
    year = ledger.years[2019]
    assert year.total_counted == 5 * 52000
    assert year.frikort_from == date(2019, 5, 10)
    assert year.overshoot == 5 * 52000 - 236900
    assert year.refund == 23100  # 231 kr ≥ the 200 kr bagatellgrense
    assert ledger.years[2020].total_counted == 52000 and ledger.years[2020].frikort_from is None


def test_dispensings_are_priced_in_date_order() -> None:
    ledger = price_person([dispensing("2021-06-01"), dispensing("2021-01-01")])
    assert [p.date for p in ledger.priced] == [date(2021, 1, 1), date(2021, 6, 1)]


def test_price_with_ledger_carries_the_year_state() -> None:
    state = YearState(2023, counted=300000)
    priced, after = price_with_ledger(dispensing("2023-03-03"), state)
    assert priced.copay == 52000
    assert after.counted == 352000 and after.reached_on == date(2023, 3, 3) and after.frikort
    priced_next, after_next = price_with_ledger(dispensing("2023-03-04"), after)
    assert priced_next.copay == 0 and after_next.reached_on == date(2023, 3, 3)


def test_price_with_ledger_refuses_a_state_of_another_year() -> None:
    with pytest.raises(RuleInputError, match="passer ikke"):
        price_with_ledger(dispensing("2023-03-03"), YearState(2022))


def test_ledger_step_texts() -> None:
    before = YearState(2023, counted=100000)
    under = ledger_step(before, YearState(2023, counted=152000), 52000)
    reached = ledger_step(before, YearState(2023, counted=310000, reached_on=date(2023, 5, 5)), 52000)
    already = ledger_step(YearState(2023, 310000, date(2023, 5, 5)), YearState(2023, 310000, date(2023, 5, 5)), 0)
    assert under.outcome == "under_taket" and "det gjenstår" in under.text
    assert reached.outcome == "tak_nådd" and "neste utlevering" in reached.text
    assert already.outcome == "frikort" and "allerede frikort" in already.text
    for step in (under, reached, already):
        assert str(step.reference) == "folketrygdloven § 5-3"


def test_ledger_step_does_not_promise_a_refund_under_the_threshold() -> None:
    # Issue 24 item 2. 2019: tak 2 369 kr; the dispensing that reaches it brings the year to 2 519 kr, so
    # 150 kr is paid above the tak. Through 2021 an overshoot under the 200 kr threshold was not refunded
    # (ftrl § 22-19 andre ledd; annual_cap computes refund 0), so the counter must not say it is paid back.
    before = YearState(2019, counted=199900)
    after = YearState(2019, counted=251900, reached_on=date(2019, 9, 9))
    step = ledger_step(before, after, 52000)
    assert step.outcome == "tak_nådd"
    assert "betales ikke tilbake" in step.text
    assert "150,00 kr" in step.text
    assert step.outputs["refund"] == 0


def test_ledger_step_promises_the_refund_that_will_be_paid() -> None:
    # 2019: 2 369 + 231 = 2 600 kr counted: 231 kr ≥ 200 kr, refunded. 2022: no threshold, 150 kr refunded.
    refunded = ledger_step(YearState(2019, 208000), YearState(2019, 260000, date(2019, 9, 9)), 52000)
    assert "231,00 kr" in refunded.text and "betales tilbake" in refunded.text
    assert "ikke tilbake" not in refunded.text and refunded.outputs["refund"] == 23100
    no_threshold = ledger_step(YearState(2022, 254100), YearState(2022, 307100, date(2022, 9, 9)), 53000)
    assert "150,00 kr" in no_threshold.text and "ikke tilbake" not in no_threshold.text
    assert no_threshold.outputs["refund"] == 15000
