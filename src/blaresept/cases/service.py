"""The case engine's operations under one name, for the API, the web pages, the CLI and tests.

Each public function is one operation in the caller's transaction (the API commits per request; scripts use
blaresept.storage.db.transaction). Input is checked before anything is written, so bad input raises a CaseError
with a bokmål message and changes nothing. Every step is checked against the flow (who may take it, in which
status) and written to the case's timeline. Personal numbers never go to the application log.

Where each operation lives:
- application.py  submit, supplement, assess_case, decide_case, send_letter, close_case  (the application track)
- appeals.py      file_appeal … record_trygderetten_ruling, summary_draft                 (the appeal chain)
- reads.py        caseworker_queue, get_case, cases_for_applicant, cases_for_patient, letter_file, automation_report
- views.py        what the operations return
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from blaresept.cases.actors import SYSTEM, Actor, actor_for
from blaresept.cases.appeals import (
    check_formal_requirements,
    draft_summary,
    file_appeal,
    file_further_appeal,
    forward_to_helseklage,
    granted_flags,
    reconsider,
    record_helseklage_decision,
    record_trygderetten_ruling,
    summary_draft,
)
from blaresept.cases.application import assess_case, close_case, decide_case, send_letter, submit, supplement
from blaresept.cases.clock import calendar_for, today
from blaresept.cases.errors import CaseConflict, CaseError, CaseForbidden, CaseNotFound
from blaresept.cases.reads import (
    automation_report,
    cases_for_applicant,
    cases_for_patient,
    caseworker_queue,
    get_case,
    letter_file,
)
from blaresept.cases.repository import patient_fnrs
from blaresept.cases.views import (
    AppealView,
    AutomationReport,
    CaseSummary,
    CaseView,
    ConditionView,
    DecisionView,
    EventView,
    GrantedItemView,
    LetterFile,
    LetterView,
    MissingView,
    PointView,
    QueueItem,
    RefusedItemView,
    appeal_view,
    case_summary,
    case_view,
    decision_view,
)

__all__ = [
    "SYSTEM", "Actor", "AppealView", "AutomationReport", "CaseConflict", "CaseError", "CaseForbidden",
    "CaseNotFound", "CaseSummary", "CaseView", "ConditionView", "DecisionView", "EventView", "GrantedItemView",
    "LetterFile", "LetterView", "MissingView", "PointView", "QueueItem", "RefusedItemView", "actor_for",
    "appeal_view", "assess_case", "automation_report", "calendar_for", "case_summary", "case_view",
    "cases_for_applicant", "cases_for_patient", "caseworker_queue", "check_formal_requirements", "close_case",
    "decide_case", "decision_view", "draft_summary", "file_appeal", "file_further_appeal", "forward_to_helseklage",
    "get_case", "granted_flags", "letter_file", "patient_fnrs", "reconsider", "record_helseklage_decision",
    "record_trygderetten_ruling", "send_letter", "submit", "submit_application", "summary_draft", "supplement",
    "supplement_application", "today",
]


def submit_application(session: Session, actor: Actor, form: object, now: datetime | None = None) -> CaseView:
    """Submit a form; its kind (the stønad) is the form's `kind` field."""
    from pydantic import BaseModel

    if not isinstance(form, BaseModel):
        raise CaseError("Skjemaet kan ikke leses.")
    kind = getattr(form, "kind", None)
    return submit(session, actor, str(getattr(kind, "value", kind)), form, now)


def supplement_application(session: Session, actor: Actor, case_id: int, form: object,
                           now: datetime | None = None) -> CaseView:
    from pydantic import BaseModel

    if not isinstance(form, BaseModel):
        raise CaseError("Skjemaet kan ikke leses.")
    return supplement(session, actor, case_id, form, now)
