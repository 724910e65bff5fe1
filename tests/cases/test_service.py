"""Case handling on SQLite and PostgreSQL: the automatic path, the caseworker path, supplements, every step of
the appeal chain, the flow's role checks, bad input that changes nothing, granted decisions for the check, and
the automation report."""

from __future__ import annotations

import logging
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blaresept.cases import service
from blaresept.cases.schemas import (
    AppealIn,
    DecisionIn,
    FormalIn,
    FurtherAppealIn,
    OutsideDecisionIn,
    ReconsiderationIn,
    ResolutionIn,
)
from blaresept.cases.service import CaseConflict, CaseError, CaseForbidden
from blaresept.cases.stonader.individual.granted import granted_decisions
from blaresept.cases.tables import Case, TimelineEvent
from tests.cases.conftest import (
    CASEWORKER,
    CHILD_FNR,
    DOCTOR,
    OTHER_DOCTOR,
    PARENT,
    PATIENT,
    PATIENT_FNR,
    at,
    drug_form,
    manual_form,
    refused_form,
)


def test_automatic_grant_runs_every_step_and_sends_the_letter(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, drug_form(), now=at(2024, 3, 4))
    session.commit()
    assert case.status == "closed" and case.outcome == "granted" and case.automatic is True
    assert [e.step for e in case.timeline] == ["RECEIVE", "CHECK_COMPLETENESS", "ASSESS", "DECIDE", "SEND_LETTER",
                                               "CLOSE"]
    assert case.timeline[0].actor_name == "Lege Lise Demo" and case.timeline[-1].actor_role == "system"
    assert case.deadline == date(2024, 4, 29) and not case.prioritised
    assert case.reference.startswith("IS-2024-")
    decision = case.active_decision
    assert decision is not None and decision.hjemmel_code == "300" and decision.refund_code == "ICD-10:G40"
    assert decision.appeal_deadline == date(2024, 4, 15)
    letter = service.letter_file(session, case.id, case.letters[0].id)
    assert letter.pdf.startswith(b"%PDF") and letter.filename.endswith(".pdf")
    granted = granted_decisions(session, PATIENT_FNR, date(2024, 6, 1))
    assert [(g.hjemmel, g.hjemmel_code, g.atc, g.varenummer, g.valid_to) for g in granted] == [
        ("§3", "300", "N03AX23", "123456", None)]
    assert granted_decisions(session, PATIENT_FNR, date(2024, 3, 3)) == []  # before the application


def test_incomplete_application_waits_for_the_doctors_supplement(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, drug_form(consent=False, tried=[]), now=at(2024, 3, 4))
    session.commit()
    assert case.status == "awaiting_supplement"
    assert {m.code for m in case.missing} == {"consent", "tried"}
    assert "samtykket" in case.timeline[-1].text
    with pytest.raises(CaseForbidden, match="Bare legen som sendte søknaden"):
        service.supplement_application(session, OTHER_DOCTOR, case.id, drug_form(), now=at(2024, 3, 5))
    with pytest.raises(CaseError, match="annen pasient"):
        service.supplement_application(session, DOCTOR, case.id, drug_form(patient_fnr=CHILD_FNR), now=at(2024, 3, 5))
    session.rollback()
    done = service.supplement_application(session, DOCTOR, case.id, drug_form(), now=at(2024, 3, 6))
    session.commit()
    assert done.status == "closed" and done.outcome == "granted"
    assert done.received_on == date(2024, 3, 4) and done.deadline == date(2024, 4, 29)  # the clock is not restarted
    assert len([e for e in done.timeline if e.step == "SUPPLEMENT"]) == 1


def test_manual_case_in_queue_decided_by_caseworker(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, manual_form(), now=at(2024, 3, 4))
    session.commit()
    assert case.status == "in_queue" and {p.key for p in case.open_points} == {"severity", "prior_treatment[0]"}
    queue = service.caseworker_queue(session, now=at(2024, 3, 5))
    item = next(i for i in queue if i.case_id == case.id)
    assert item.working_days_left == 36 and item.patient_fnr_masked == "010370*****" and not item.overdue
    with pytest.raises(CaseError, match="ikke åpent"):
        service.assess_case(session, CASEWORKER, case.id, {"long_term_need": ResolutionIn(met=True)})
    session.rollback()
    with pytest.raises(CaseForbidden):
        service.assess_case(session, DOCTOR, case.id, {"severity": ResolutionIn(met=True)})
    session.rollback()
    partly = service.assess_case(session, CASEWORKER, case.id, {"severity": ResolutionIn(met=True, note="Utbredt")},
                                 now=at(2024, 3, 6))
    session.commit()
    assert partly.status == "in_queue" and [p.key for p in partly.open_points] == ["prior_treatment[0]"]
    with pytest.raises(CaseConflict, match="kan ikke utføres nå"):
        service.decide_case(session, CASEWORKER, case.id)
    session.rollback()
    assessed = service.assess_case(session, CASEWORKER, case.id, {"prior_treatment[0]": ResolutionIn(met=True)},
                                   now=at(2024, 3, 6))
    assert assessed.status == "assessed"
    decided = service.decide_case(session, CASEWORKER, case.id,
                                  DecisionIn(valid_to=date(2026, 3, 3), set_valid_to=True, note="Vurdert av farmasøyt"),
                                  now=at(2024, 3, 7))
    session.commit()
    assert decided.status == "closed" and decided.automatic is False and decided.outcome == "granted"
    assert decided.active_decision and decided.active_decision.granted[0].valid_to == date(2026, 3, 3)
    assert [e.step for e in decided.timeline][-3:] == ["DECIDE", "SEND_LETTER", "CLOSE"]
    assert all(i.case_id != case.id for i in service.caseworker_queue(session, now=at(2024, 3, 8)))


def test_caseworker_can_take_letter_and_close_as_separate_steps(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, manual_form(), now=at(2024, 3, 4))
    service.assess_case(session, CASEWORKER, case.id, {"severity": ResolutionIn(met=False, note="Lav alvorlighet"),
                                                       "prior_treatment[0]": ResolutionIn(met=True)})
    decided = service.decide_case(session, CASEWORKER, case.id, DecisionIn(send_letter=False), now=at(2024, 3, 7))
    assert decided.status == "decided" and decided.outcome == "refused" and not decided.letters
    with pytest.raises(CaseConflict):
        service.close_case(session, CASEWORKER, case.id)
    sent = service.send_letter(session, CASEWORKER, case.id, now=at(2024, 3, 8))
    assert sent.status == "letter_sent" and sent.letters[0].appeal_deadline == date(2024, 4, 19)
    closed = service.close_case(session, CASEWORKER, case.id, now=at(2024, 3, 8))
    session.commit()
    assert closed.status == "closed" and closed.active_decision and closed.active_decision.bidrag_note


def test_bad_input_changes_nothing(session: Session) -> None:
    with pytest.raises(CaseError, match="Fødselsnummeret"):
        service.submit_application(session, DOCTOR, drug_form(patient_fnr="01037040069"), now=at(2024, 3, 4))
    with pytest.raises(CaseError, match="slutter før den starter"):
        service.submit_application(session, DOCTOR, drug_form(need=[{"start": "2024-05-01", "end": "2024-04-01"}]),
                                   now=at(2024, 3, 4))
    with pytest.raises(CaseForbidden):
        service.submit_application(session, PATIENT, drug_form(), now=at(2024, 3, 4))
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_child_case_is_prioritised_and_parent_may_appeal(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, refused_form(patient_fnr=CHILD_FNR), now=at(2024, 3, 4))
    session.commit()
    assert case.prioritised and case.deadline == date(2024, 4, 2)  # 1 April 2024 is Easter Monday
    assert CHILD_FNR in service.patient_fnrs(session, PARENT.fnr or "")
    appeal = service.file_appeal(session, PARENT, case.id, AppealIn(grounds="Hun trenger medisinen hele året",
                                                                     on_behalf_of="Emma Nordmann"),
                                 now=at(2024, 3, 20))
    session.commit()
    assert appeal.status == "admissible" and appeal.on_behalf_of == "Emma Nordmann"
    with pytest.raises(CaseForbidden):
        service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="x"), now=at(2024, 3, 20))


def test_appeal_runs_through_every_step(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, refused_form(), now=at(2024, 3, 4))
    session.commit()
    assert case.outcome == "refused" and case.automatic

    appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="Jeg trenger medisinen lenger."),
                                 now=at(2024, 3, 20))
    session.commit()
    assert appeal.status == "admissible" and appeal.deadline == date(2024, 4, 15)
    assert appeal.formal["by"] == "Helfo – automatisk behandling"
    with pytest.raises(CaseConflict):  # one appeal at a time
        service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="igjen"), now=at(2024, 3, 21))
    session.rollback()
    with pytest.raises(CaseConflict, match="kan ikke utføres nå"):  # not before Helfo has reconsidered
        service.forward_to_helseklage(session, CASEWORKER, appeal.id, now=at(2024, 3, 21))
    session.rollback()
    with pytest.raises(CaseForbidden):
        service.reconsider(session, PATIENT, appeal.id, ReconsiderationIn(outcome="upheld", note="x"))
    session.rollback()

    upheld = service.reconsider(session, CASEWORKER, appeal.id,
                                ReconsiderationIn(outcome="upheld", note="Behovet er fortsatt under tre måneder."),
                                now=at(2024, 3, 25))
    assert upheld.status == "upheld"
    forwarded = service.forward_to_helseklage(session, CASEWORKER, appeal.id, now=at(2024, 3, 26))
    assert forwarded.status == "forwarded" and forwarded.summary and "Jeg trenger medisinen" in forwarded.summary
    helseklage = service.record_helseklage_decision(
        session, CASEWORKER, appeal.id,
        OutsideDecisionIn(outcome="upheld", decided_on=date(2024, 5, 10), received_on=date(2024, 5, 13),
                          reasons="Vilkåret om langvarig behandling er ikke oppfylt."), now=at(2024, 5, 14))
    assert helseklage.helseklage["further_appeal_deadline"] == "2024-06-24"
    further = service.file_further_appeal(session, PATIENT, appeal.id,
                                          FurtherAppealIn(grounds="Jeg er uenig med Helseklage."),
                                          now=at(2024, 6, 3))
    assert further.status == "further_appealed" and further.further_appeal["within_deadline"] is True
    ruled = service.record_trygderetten_ruling(
        session, CASEWORKER, appeal.id,
        OutsideDecisionIn(outcome="reversed", decided_on=date(2024, 11, 1),
                          reasons="Beredskap store deler av året likestilles med bruk."), now=at(2024, 11, 5))
    session.commit()
    assert ruled.status == "ruled" and ruled.finished

    view = service.get_case(session, case.id)
    assert view.status == "closed" and view.outcome == "granted"
    assert [d.instance for d in view.decisions] == ["helfo", "trygderetten"]
    assert [d.active for d in view.decisions] == [False, True]
    steps = [e.step for e in view.timeline]
    for step in ("RECEIVE_APPEAL", "FORMAL_REQUIREMENTS", "RECONSIDER", "FORWARD", "HELSEKLAGE_DECISION",
                 "FURTHER_APPEAL", "TRYGDERETTEN_RULING"):
        assert step in steps
    assert {letter.kind for letter in view.letters} == {"decision", "forwarding"}
    assert granted_decisions(session, PATIENT_FNR, date(2024, 11, 6))[0].atc == "N03AX23"


def test_late_appeal_is_rejected_with_a_letter(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, refused_form(), now=at(2024, 3, 4))
    appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="For sent, beklager"),
                                 now=at(2024, 5, 2))
    assert appeal.status == "received" and appeal.deadline == date(2024, 4, 15)
    rejected = service.check_formal_requirements(session, CASEWORKER, appeal.id, FormalIn(), now=at(2024, 5, 3))
    session.commit()
    assert rejected.status == "rejected" and rejected.finished
    view = service.get_case(session, case.id)
    assert view.status == "closed" and view.letters[-1].kind == "appeal_rejected"


def test_late_appeal_with_accepted_reason_and_changed_decision(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, refused_form(), now=at(2024, 3, 4))
    appeal = service.file_appeal(session, CASEWORKER, case.id,
                                 AppealIn(grounds="Trenger behandling i beredskap", received_on=date(2024, 5, 2),
                                          late_reason="Innlagt på sykehus i hele klageperioden"),
                                 now=at(2024, 5, 3))
    formal = service.check_formal_requirements(session, CASEWORKER, appeal.id, FormalIn(), now=at(2024, 5, 3))
    assert formal.status == "formal_open" and formal.formal["open_points"] == ["deadline_exception"]
    formal = service.check_formal_requirements(session, CASEWORKER, appeal.id, FormalIn(exception_accepted=True),
                                               now=at(2024, 5, 6))
    assert formal.status == "admissible" and formal.formal["exception_used"]
    session.commit()
    with pytest.raises(CaseConflict, match="samme resultat"):
        service.reconsider(session, CASEWORKER, appeal.id,
                           ReconsiderationIn(outcome="changed", note="x",
                                             resolutions={"long_term_need": ResolutionIn(met=False)}))
    session.rollback()
    changed = service.reconsider(session, CASEWORKER, appeal.id, ReconsiderationIn(
        outcome="changed", note="Beredskap store deler av året er likestilt med bruk.",
        resolutions={"long_term_need": ResolutionIn(met=True, note="Beredskap")}), now=at(2024, 5, 7))
    session.commit()
    assert changed.status == "changed"
    view = service.get_case(session, case.id)
    assert view.outcome == "granted" and view.active_decision and view.active_decision.instance == "helfo_reconsidered"
    assert [letter.kind for letter in view.letters] == ["decision", "decision"]


def test_helseklage_remits_and_helfo_assesses_again(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, refused_form(), now=at(2024, 3, 4))
    appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="Uenig"), now=at(2024, 3, 10))
    service.reconsider(session, CASEWORKER, appeal.id, ReconsiderationIn(outcome="upheld", note="Ingen endring"))
    service.forward_to_helseklage(session, CASEWORKER, appeal.id, now=at(2024, 3, 12))
    session.commit()
    with pytest.raises(CaseError, match="må ligge mellom"):
        service.record_helseklage_decision(session, CASEWORKER, appeal.id, OutsideDecisionIn(
            outcome="remitted", decided_on=date(2024, 3, 1), reasons="x"), now=at(2024, 4, 1))
    session.rollback()
    remitted = service.record_helseklage_decision(session, CASEWORKER, appeal.id, OutsideDecisionIn(
        outcome="remitted", decided_on=date(2024, 4, 1), reasons="Behovet er ikke godt nok utredet."),
        now=at(2024, 4, 3))
    session.commit()
    assert remitted.status == "helseklage_remitted"
    view = service.get_case(session, case.id)
    assert view.status == "in_queue" and view.active_decision is None
    assert granted_decisions(session, PATIENT_FNR, date(2024, 4, 3)) == []
    again = service.assess_case(session, CASEWORKER, case.id,
                                {"long_term_need": ResolutionIn(met=True, note="Utredet: langvarig")},
                                now=at(2024, 4, 4))
    assert again.status == "assessed"
    done = service.decide_case(session, CASEWORKER, case.id, now=at(2024, 4, 5))
    session.commit()
    assert done.outcome == "granted" and done.status == "closed"


def test_granted_decision_cannot_be_appealed(session: Session) -> None:
    case = service.submit_application(session, DOCTOR, drug_form(), now=at(2024, 3, 4))
    with pytest.raises(CaseConflict, match="innvilget i sin helhet"):
        service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="x"), now=at(2024, 3, 5))


def test_automation_report(session: Session) -> None:
    for _ in range(3):
        service.submit_application(session, DOCTOR, drug_form(), now=at(2024, 3, 4))
    manual = service.submit_application(session, DOCTOR, manual_form(), now=at(2024, 3, 4))
    service.assess_case(session, CASEWORKER, manual.id, {"severity": ResolutionIn(met=True),
                                                         "prior_treatment[0]": ResolutionIn(met=True)})
    service.decide_case(session, CASEWORKER, manual.id, now=at(2024, 3, 5))
    service.submit_application(session, DOCTOR, manual_form(), now=at(2024, 3, 4))  # still open: not counted
    session.commit()
    report = service.automation_report(session, date(2024, 1, 1), date(2024, 12, 31))
    assert (report.decided, report.automatic, report.manual) == (4, 3, 1)
    assert report.share == Fraction(3, 4) and report.share_text == "75,0 %"
    assert report.by_kind == {"drug": (4, 3)}
    assert service.automation_report(session, date(2023, 1, 1), date(2023, 12, 31)).share_text == "ingen vedtak"


def test_personal_numbers_stay_out_of_the_log_and_the_timeline(session: Session,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case = service.submit_application(session, DOCTOR, refused_form(), now=at(2024, 3, 4))
    service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="Uenig"), now=at(2024, 3, 10))
    session.commit()
    assert PATIENT_FNR not in caplog.text
    texts = session.scalars(select(TimelineEvent.text)).all()
    assert texts and all(PATIENT_FNR not in t for t in texts)


def _partly_granted_first_refused(session: Session) -> tuple[int, int]:
    """Two drugs outside vedlegg 1 (prior treatment open for each); the caseworker refuses the first and grants
    the second: a partly granted decision whose first item is refused."""
    second = {"name": "Fycompa", "atc": "N03AX22", "varenummer": "654321", "marketing_authorisation": "2012-07-23"}
    form = drug_form(drugs=[{"name": "Briviact", "atc": "N03AX23", "varenummer": "123456",
                             "marketing_authorisation": "2016-01-14"}, second])
    case = service.submit_application(session, DOCTOR, form, now=at(2024, 3, 4))
    assert {p.key for p in case.open_points} >= {"prior_treatment[0]", "prior_treatment[1]"}
    answers = {p.key: ResolutionIn(met=True) for p in case.open_points}
    answers["prior_treatment[0]"] = ResolutionIn(met=False, note="Lamotrigin kan brukes")
    service.assess_case(session, CASEWORKER, case.id, answers, now=at(2024, 3, 5))
    decided = service.decide_case(session, CASEWORKER, case.id, now=at(2024, 3, 5))
    session.commit()
    assert decided.outcome == "partly_granted"
    decision = decided.decisions[-1]
    assert [g.name for g in decision.granted] == ["Fycompa"] and [r.name for r in decision.refused] == ["Briviact"]
    appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(grounds="Jeg trenger Briviact."),
                                 now=at(2024, 3, 20))
    session.commit()
    return case.id, appeal.id


def test_unchanged_reconsideration_of_a_partly_granted_decision_issues_nothing_new(session: Session) -> None:
    case_id, appeal_id = _partly_granted_first_refused(session)
    with pytest.raises(CaseConflict, match="samme resultat"):
        service.reconsider(session, CASEWORKER, appeal_id, ReconsiderationIn(
            outcome="changed", note="Samme vurdering",
            resolutions={"prior_treatment[0]": ResolutionIn(met=False)}), now=at(2024, 3, 25))
    session.rollback()
    view = service.get_case(session, case_id)
    assert len(view.decisions) == 1 and [letter.kind for letter in view.letters] == ["decision"]


def test_reconsideration_that_swaps_the_granted_item_is_decided(session: Session) -> None:
    _case_id, appeal_id = _partly_granted_first_refused(session)
    changed = service.reconsider(session, CASEWORKER, appeal_id, ReconsiderationIn(
        outcome="changed", note="Briviact i stedet for Fycompa",
        resolutions={"prior_treatment[0]": ResolutionIn(met=True), "prior_treatment[1]": ResolutionIn(met=False)}),
        now=at(2024, 3, 25))
    session.commit()
    assert changed.status == "changed"
    view = service.get_case(session, changed.case_id)
    new = view.active_decision
    assert new is not None and new.instance == "helfo_reconsidered" and new.outcome == "partly_granted"
    assert [g.name for g in new.granted] == ["Briviact"] and [r.name for r in new.refused] == ["Fycompa"]
    assert [letter.kind for letter in view.letters] == ["decision", "decision"]
