"""The frist rules against dates worked out by hand on the Norwegian calendar."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.frister.calendar import norwegian_calendar
from blaresept.rules.errors import RuleInputError
from blaresept.rules.frister.assessment import assess, assessment_deadline
from blaresept.rules.frister.breach import breach_on, breach_rights
from blaresept.rules.frister.choice import provider_choice
from blaresept.rules.frister.formidling import ProviderSlot, contact_window, matching_providers, reply_deadline
from blaresept.rules.parameters import OutOfScope, default_parameters

P = default_parameters()
CAL = norwegian_calendar(2008, 2027)


def test_day_before_maundy_thursday_2024_names_the_easter_holidays() -> None:
    # Received Wed 27.3.2024. Thu 28 skjærtorsdag, Fri 29 langfredag, Mon 1.4 andre påskedag do not count:
    # 2,3,4,5,8,9,10,11,12,15 April → Monday 15 April.
    result = assessment_deadline(date(2024, 3, 27), False, P, CAL)
    assert result.deadline == date(2024, 4, 15)
    assert [name for _, name in result.holidays] == ["Skjærtorsdag", "Langfredag", "Andre påskedag"]
    text = result.steps[0].text
    assert "skjærtorsdag 28. mars 2024" in text and "andre påskedag 1. april 2024" in text
    assert result.steps[0].reference.section == "§ 2-2"


def test_thirty_working_days_before_the_reform_and_ten_after() -> None:
    # Fri 30.10.2015 + 30 working days (no holidays in November) → Fri 11.12.2015.
    assert assessment_deadline(date(2015, 10, 30), False, P, CAL).deadline == date(2015, 12, 11)
    # Mon 2.11.2015 + 10 → Mon 16.11.2015.
    assert assessment_deadline(date(2015, 11, 2), False, P, CAL).deadline == date(2015, 11, 16)


def test_serious_illness_is_sooner_without_a_date_and_unsourced_before_the_reform() -> None:
    after = assessment_deadline(date(2024, 1, 8), True, P, CAL)
    assert after.sooner and after.steps[1].outcome == "raskere"
    before = assessment_deadline(date(2014, 1, 8), True, P, CAL)
    assert not before.sooner and before.steps[1].outcome == "ingen_kilde"


def test_before_2009_is_refused() -> None:
    with pytest.raises(OutOfScope):
        assessment_deadline(date(2008, 12, 1), False, P, CAL)


def test_assessment_needs_a_deadline_with_a_right_and_none_without() -> None:
    base = assessment_deadline(date(2024, 3, 27), False, P, CAL)
    with pytest.raises(RuleInputError):
        assess(base, date(2024, 4, 2), True, None)
    with pytest.raises(RuleInputError):
        assess(base, date(2024, 4, 2), False, date(2024, 6, 1))
    with pytest.raises(RuleInputError):
        assess(base, date(2024, 4, 2), True, date(2024, 4, 1))
    late = assess(base, date(2024, 4, 16), True, date(2024, 6, 3))
    assert not late.on_time and late.deadline == date(2024, 6, 3)


def test_breach_is_from_the_day_after_the_deadline() -> None:
    deadline = date(2024, 6, 3)
    assert not breach_on(deadline, None, deadline).breached
    assert breach_on(deadline, None, date(2024, 6, 4)).breached
    assert not breach_on(deadline, date(2024, 6, 3), date(2024, 9, 1)).breached
    late = breach_on(deadline, date(2024, 6, 10), date(2024, 6, 10))
    assert late.breached and late.since == date(2024, 6, 4)


def test_who_notifies_helfo_changes_on_2015_11_01() -> None:
    assert breach_rights(date(2015, 10, 31), P).notifier == "pasienten"
    assert breach_rights(date(2015, 11, 1), P).notifier == "spesialisthelsetjenesten"
    assert breach_rights(date(2024, 1, 1), P).travel_in_full


def test_choice_of_provider_by_period() -> None:
    assert not provider_choice(date(2015, 10, 31), "helfo_godkjent", P).allowed
    assert provider_choice(date(2015, 11, 1), "helfo_godkjent", P).allowed
    assert provider_choice(date(2022, 12, 31), "helfo_godkjent", P).allowed
    assert not provider_choice(date(2023, 1, 1), "helfo_godkjent", P).allowed
    assert provider_choice(date(2023, 6, 1), "helfo_godkjent", P, started_before_2023=True).allowed
    assert not provider_choice(date(2024, 1, 1), "helfo_godkjent", P, started_before_2023=True).allowed
    assert provider_choice(date(2023, 1, 1), "rhf_avtale", P).allowed
    assert provider_choice(date(2023, 1, 1), "rhf_avtale", P).scheme == "rett til valg av behandlingssted"


def test_formidling_windows() -> None:
    assert contact_window(date(2024, 12, 20), P).search_from == date(2024, 12, 23)
    # Offer Fri 20.12.2024: 23, 24 (julaften is a working day), 27, 30, 31 Dec, 2, 3, 6, 7, 8 Jan → Wed 8.1.2025.
    reply = reply_deadline(date(2024, 12, 20), P, CAL)
    assert reply.deadline == date(2025, 1, 8)
    assert "første juledag 25. desember 2024" in reply.step.text


def test_matching_providers_need_agreement_and_capacity() -> None:
    slots = [ProviderSlot("a", "A", "ortopedi", 0, True), ProviderSlot("b", "B", "ortopedi", 2, False),
             ProviderSlot("c", "C", "ortopedi", 3, True), ProviderSlot("d", "D", "øye", 9, True)]
    assert [s.code for s in matching_providers("ortopedi", slots, date(2024, 1, 1)).providers] == ["c"]


def test_a_deadline_past_year_9999_is_refused_in_bokmal() -> None:
    from blaresept.frister.calendar import calendar_around

    with pytest.raises(RuleInputError, match="år 9999"):
        assessment_deadline(date(9999, 12, 24), False, P, calendar_around(9999))
