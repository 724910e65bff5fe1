"""The pure rules of individual stønad: deadlines on the Norwegian calendar, the long-term need, validity, the
appeal's formal requirements. The scenario files (tests/scenarios/application/) cover the application paths."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.appeal import AppealFacts, FormalOutcome, formal_requirements
from blaresept.rules.individual.automatic import Outcome, assess, covered_days
from blaresept.rules.individual.deadlines import (
    Calendar,
    appeal_deadline,
    deadline_after_weeks,
    norway_calendar,
    processing_deadline,
)
from blaresept.rules.individual.decision import add_years, decision_content
from blaresept.rules.individual.model import (
    Applicant,
    Application,
    Diagnosis,
    Kind,
    NeedPeriod,
    RequestedDrug,
    Resolution,
    TriedDrug,
    WeightyReason,
)
from blaresept.rules.parameters import default_parameters

PARAMS = default_parameters()
CAL = norway_calendar(2009, 2027)


def application(**changes: object) -> Application:
    base: dict[str, object] = dict(
        kind=Kind.DRUG,
        received=date(2024, 3, 4),
        patient_birth_date=date(1980, 1, 15),
        applicant=Applicant(hpr="9144889", name="Lege Lise Demo", phone="22000000"),
        consent=True,
        diagnosis=Diagnosis("ICD-10", "G40", "Epilepsi", section2_refund_code=True),
        drugs=(RequestedDrug("Briviact", atc="N03AX23", marketing_authorisation=date(2016, 1, 14), vedlegg1=True),),
        need=(NeedPeriod(date(2024, 3, 1)),),
        tried=(TriedDrug("Lamotrigin", WeightyReason.SIDE_EFFECTS),),
    )
    base.update(changes)
    return Application(**base)  # type: ignore[arg-type]


def test_calendar_knows_norwegian_holidays() -> None:
    assert not CAL.is_working_day(date(2024, 5, 17))  # Grunnlovsdag
    assert not CAL.is_working_day(date(2024, 5, 1))
    assert not CAL.is_working_day(date(2024, 3, 28))  # skjærtorsdag
    assert not CAL.is_working_day(date(2024, 4, 1))  # 2. påskedag
    assert CAL.is_working_day(date(2024, 12, 24))  # julaften is not a public holiday
    assert not CAL.is_working_day(date(2024, 12, 28))  # Saturday
    assert CAL.next_working_day(date(2024, 5, 17)) == date(2024, 5, 21)  # past Whit Monday
    assert CAL.add_working_days(date(2024, 3, 27), 1) == date(2024, 4, 2)
    assert CAL.working_days_between(date(2024, 3, 27), date(2024, 4, 2)) == 1
    assert CAL.working_days_between(date(2024, 4, 2), date(2024, 3, 27)) == -1


def test_calendar_outside_its_years_is_an_error() -> None:
    small = Calendar(frozenset(), 2024, 2024)
    with pytest.raises(RuleInputError, match="dekker 2024–2024"):
        small.is_working_day(date(2025, 1, 2))


def test_deadline_same_weekday_then_next_working_day() -> None:
    assert deadline_after_weeks(date(2024, 3, 22), 8, CAL) == (date(2024, 5, 17), date(2024, 5, 21))
    assert deadline_after_weeks(date(2024, 1, 8), 6, CAL) == (date(2024, 2, 19), date(2024, 2, 19))


def test_processing_deadline_marks_prioritised_cases() -> None:
    child = processing_deadline(date(2024, 3, 4), date(2013, 3, 5), False, PARAMS, CAL)
    assert child.prioritised and child.weeks == 4
    assert "barn under 12 år" in child.reasons[0]
    turned_12 = processing_deadline(date(2024, 3, 4), date(2012, 3, 4), False, PARAMS, CAL)
    assert not turned_12.prioritised and turned_12.weeks == 8
    serious = processing_deadline(date(2024, 3, 4), date(1950, 1, 1), True, PARAMS, CAL)
    assert serious.prioritised and serious.due == date(2024, 4, 2)
    assert serious.step.parameters and serious.step.reference.section == "§ 11 a"


def test_appeal_deadline_six_weeks_from_receipt() -> None:
    due, step = appeal_deadline(date(2024, 4, 5), PARAMS, CAL)
    assert due == date(2024, 5, 21)  # 17 May falls on Grunnlovsdag, then Whitsun: 21 May
    assert "Klagefristen er 6 uker" in step.text
    further, step = appeal_deadline(date(2024, 1, 10), PARAMS, CAL, further=True)
    assert further == date(2024, 2, 21) and step.reference.act.short == "trygderettsloven"


def test_covered_days_union_within_best_year() -> None:
    assert covered_days(()) == 0
    assert covered_days((NeedPeriod(date(2024, 1, 1), date(2024, 1, 31)),)) == 31
    # overlapping periods count once
    assert covered_days((NeedPeriod(date(2024, 1, 1), date(2024, 1, 31)),
                         NeedPeriod(date(2024, 1, 15), date(2024, 2, 14)))) == 45
    # periods more than a year apart are not added up
    assert covered_days((NeedPeriod(date(2022, 1, 1), date(2022, 2, 14)),
                         NeedPeriod(date(2024, 1, 1), date(2024, 2, 14)))) == 45
    # an ongoing period fills the year
    assert covered_days((NeedPeriod(date(2024, 1, 1)),)) == 365


def test_automatic_grant_explains_every_condition() -> None:
    result = assess(application(), PARAMS)
    assert result.outcome is Outcome.GRANTED and result.automatic
    assert all(step.reference and step.text for step in result.steps)
    rules = [s.rule for s in result.steps]
    assert "individual.long_term_need" in rules and rules[-1] == "individual.automatic"


def test_resolution_overrides_and_is_not_automatic() -> None:
    short = application(need=(NeedPeriod(date(2024, 3, 1), date(2024, 3, 31)),))
    assert assess(short, PARAMS).outcome is Outcome.REFUSED
    overruled = assess(short, PARAMS, {"long_term_need": Resolution(True, "Beredskap store deler av året")})
    assert overruled.outcome is Outcome.GRANTED and not overruled.automatic
    assert "Beredskap" in overruled.conditions[0].text


def test_decision_cannot_be_made_while_points_are_open() -> None:
    manual = application(tried=(TriedDrug("Lamotrigin", WeightyReason.OTHER, "Smak"),))
    assessment = assess(manual, PARAMS)
    assert assessment.outcome is Outcome.MANUAL and assessment.open_keys == ("prior_treatment[0]",)
    with pytest.raises(RuleInputError, match="prior_treatment"):
        decision_content(manual, assessment, PARAMS)


def test_caseworker_validity_and_child_validity() -> None:
    app = application(received=date(2020, 9, 1), patient_birth_date=date(2012, 2, 29),
                      need=(NeedPeriod(date(2020, 9, 1)),))
    content = decision_content(app, assess(app, PARAMS), PARAMS)
    assert content.granted[0].valid_to == date(2030, 2, 27)  # the day before turning 18 (28 Feb 2030)
    chosen = decision_content(app, assess(app, PARAMS), PARAMS, valid_to=date(2022, 8, 31), valid_to_set=True)
    assert chosen.granted[0].valid_to == date(2022, 8, 31)
    with pytest.raises(RuleInputError, match="før søknadsdatoen"):
        decision_content(app, assess(app, PARAMS), PARAMS, valid_to=date(2019, 1, 1), valid_to_set=True)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_refusal_carries_bidrag_note_and_legal_basis() -> None:
    app = application(need=(NeedPeriod(date(2024, 3, 1), date(2024, 3, 31)),))
    content = decision_content(app, assess(app, PARAMS), PARAMS)
    assert content.refused and content.bidrag_note and "§ 5-22" in content.bidrag_note
    assert "folketrygdloven § 5-22" in content.legal_basis
    assert "blåreseptforskriften § 3 første ledd" in content.refused[0].legal_basis
    old = application(received=date(2016, 3, 1), need=(NeedPeriod(date(2016, 3, 1), date(2016, 3, 31)),),
                      applicant=Applicant(hpr="1", name="Spesialist", phone="1", specialist_in_field=True))
    old_content = decision_content(old, assess(old, PARAMS), PARAMS)
    assert old_content.bidrag_note and "kontakt Helfo" in old_content.bidrag_note


def facts(**changes: object) -> AppealFacts:
    base: dict[str, object] = dict(decision_received=date(2024, 3, 4), appeal_received=date(2024, 4, 10))
    base.update(changes)
    return AppealFacts(**base)  # type: ignore[arg-type]


def test_appeal_within_deadline_is_admissible() -> None:
    result = formal_requirements(facts(), PARAMS, CAL)
    assert result.outcome is FormalOutcome.ADMISSIBLE and result.within_deadline
    assert result.deadline == date(2024, 4, 15)


def test_late_appeal_without_reason_is_rejected_with_reason_is_open_then_judged() -> None:
    late = facts(appeal_received=date(2024, 5, 2))
    assert formal_requirements(late, PARAMS, CAL).outcome is FormalOutcome.REJECTED
    reason = facts(appeal_received=date(2024, 5, 2), late_reason="Innlagt på sykehus i hele perioden")
    assert formal_requirements(reason, PARAMS, CAL).open_points == ("deadline_exception",)
    accepted = facts(appeal_received=date(2024, 5, 2), late_reason="Innlagt", exception_accepted=True)
    result = formal_requirements(accepted, PARAMS, CAL)
    assert result.outcome is FormalOutcome.ADMISSIBLE and result.exception_used
    refused = facts(appeal_received=date(2024, 5, 2), late_reason="Glemte det", exception_accepted=False)
    assert formal_requirements(refused, PARAMS, CAL).outcome is FormalOutcome.REJECTED


def test_appeal_from_non_party_is_rejected_and_form_defects_can_be_corrected() -> None:
    assert formal_requirements(facts(appellant_is_party=False), PARAMS, CAL).outcome is FormalOutcome.REJECTED
    unsigned = formal_requirements(facts(signed=False, concrete=False), PARAMS, CAL)
    assert unsigned.outcome is FormalOutcome.OPEN and set(unsigned.open_points) == {"signed", "concrete"}
    with pytest.raises(RuleInputError, match="før vedtaket ble mottatt"):
        formal_requirements(facts(appeal_received=date(2024, 3, 1)), PARAMS, CAL)


def test_an_unknown_day_of_receipt_is_never_taken_as_the_sending_day() -> None:
    """fvl § 29: the deadline runs from when the decision reached the party. Sent 4 March 2024, the receipt day
    unknown: an appeal on 10 April is in time whatever the receipt day (the earliest deadline is 15 April); one on
    2 May may or may not be late — open for the caseworker, never rejected, even without a reason given."""
    in_time = formal_requirements(facts(decision_received=None, decision_sent=date(2024, 3, 4)), PARAMS, CAL)
    assert in_time.outcome is FormalOutcome.ADMISSIBLE and in_time.within_deadline is True
    assert in_time.deadline is None and "i tide uansett" in in_time.steps[0].text
    for exception in (None, False):
        late = formal_requirements(facts(decision_received=None, decision_sent=date(2024, 3, 4),
                                         appeal_received=date(2024, 5, 2), exception_accepted=exception),
                                   PARAMS, CAL)
        assert late.outcome is FormalOutcome.OPEN and late.open_points == ("decision_received",)
        assert late.within_deadline is None and late.deadline is None
        assert "ikke kjent når vedtaket kom fram" in late.failures[0].text
        assert str(late.failures[0].reference) == "forvaltningsloven § 29"
    heard = formal_requirements(facts(decision_received=None, decision_sent=date(2024, 3, 4),
                                      appeal_received=date(2024, 5, 2), exception_accepted=True), PARAMS, CAL)
    assert heard.outcome is FormalOutcome.ADMISSIBLE
    nothing_known = formal_requirements(facts(decision_received=None), PARAMS, CAL)
    assert nothing_known.outcome is FormalOutcome.OPEN and nothing_known.open_points == ("decision_received",)
    # a known day of receipt after the sending day moves the deadline: received 6 March → 17 April
    known = formal_requirements(facts(decision_received=date(2024, 3, 6), decision_sent=date(2024, 3, 4),
                                      appeal_received=date(2024, 4, 17)), PARAMS, CAL)
    assert known.outcome is FormalOutcome.ADMISSIBLE and known.deadline == date(2024, 4, 17)
    with pytest.raises(RuleInputError, match="før det ble sendt"):
        formal_requirements(facts(decision_received=date(2024, 3, 1), decision_sent=date(2024, 3, 4)), PARAMS, CAL)


def test_every_individual_parameter_has_a_source() -> None:
    for name, parameter in PARAMS.items():
        if name.startswith(("individual.", "procedure.")):
            for value in parameter.values:
                assert value.references, name
