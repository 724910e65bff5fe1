"""What the engine reads for people: the caseworker queue, a case, the cases of an applicant or a patient, a
letter's PDF, and the share of decisions made automatically."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blaresept.cases.clock import calendar_for, today
from blaresept.cases.contract import stonad_for
from blaresept.cases.errors import CaseError, CaseNotFound
from blaresept.cases.flow import AppealStatus, CaseStatus
from blaresept.cases.repository import load_case
from blaresept.cases.tables import Appeal, Case, Decision, Letter
from blaresept.cases.views import (
    AutomationReport,
    CaseSummary,
    CaseView,
    LetterFile,
    PointView,
    QueueItem,
    case_summary,
    case_view,
)
from blaresept.persons.identity import masked


def caseworker_queue(session: Session, now: datetime | None = None) -> list[QueueItem]:
    """What waits for a caseworker: applications with open points, and appeals at a Helfo step. Prioritised
    cases first, then by deadline."""
    on = today(now)
    items: list[QueueItem] = []
    cases = session.scalars(select(Case).where(Case.status.in_([CaseStatus.IN_QUEUE.value,
                                                                CaseStatus.COMPLETE.value])))
    for case in cases:
        cal = calendar_for(on, case.deadline)
        left = cal.working_days_between(on, case.deadline)
        items.append(QueueItem(
            case.id, None, case.reference or "", stonad_for(case.kind).label,
            "Vurder søknaden" if not case.overrides_allowed else "Vurder søknaden på nytt (opphevet vedtak)",
            case.received_on, case.deadline, case.prioritised, left, on > case.deadline,
            tuple(PointView(p["key"], p["text"], p["reference"]) for p in case.open_points or []),
            masked(case.patient_fnr),
        ))
    tasks = {
        AppealStatus.RECEIVED.value: "Vurder formkravene i klagen",
        AppealStatus.FORMAL_OPEN.value: "Avklar formkravene i klagen",
        AppealStatus.ADMISSIBLE.value: "Vurder klagen på nytt",
        AppealStatus.UPHELD.value: "Send klagen til Helseklage",
        AppealStatus.FORWARDED.value: "Registrer Helseklages vedtak når det kommer",
        AppealStatus.FURTHER_APPEALED.value: "Registrer Trygderettens kjennelse når den kommer",
    }
    appeals = session.scalars(select(Appeal).where(Appeal.status.in_(list(tasks))))
    for appeal in appeals:
        case = appeal.case
        items.append(QueueItem(
            case.id, appeal.id, case.reference or "", stonad_for(case.kind).label, tasks[appeal.status],
            appeal.received_on, None, case.prioritised, None, False, (), masked(case.patient_fnr),
        ))
    items.sort(key=lambda i: (not i.prioritised, i.deadline or date.max, i.received_on, i.case_id))
    return items


def get_case(session: Session, case_id: int) -> CaseView:
    return case_view(load_case(session, case_id))


def cases_for_applicant(session: Session, subject: str) -> list[CaseSummary]:
    cases = session.scalars(select(Case).where(Case.applicant_subject == subject).order_by(Case.id.desc()))
    return [case_summary(c) for c in cases]


def cases_for_patient(session: Session, fnrs: Iterable[str]) -> list[CaseSummary]:
    cases = session.scalars(select(Case).where(Case.patient_fnr.in_(list(fnrs))).order_by(Case.id.desc()))
    return [case_summary(c) for c in cases]


def letter_file(session: Session, case_id: int, letter_id: int) -> LetterFile:
    letter = session.get(Letter, letter_id)
    if letter is None or letter.case_id != case_id:
        raise CaseNotFound(f"Saken har ikke noe brev med id {letter_id}.")
    case = letter.case
    return LetterFile(letter.filename, letter.pdf, case.id, case.patient_fnr, case.applicant_subject)


def automation_report(session: Session, date_from: date, date_to: date) -> AutomationReport:
    """How many first-instance decisions in the period were made automatically (Helfo: 89 % of drug applications
    in 2024, shared/reference/scale-figures.md § 3)."""
    if date_to < date_from:
        raise CaseError("Sluttdatoen kan ikke være før startdatoen.")
    rows = session.execute(
        select(Case.kind, Decision.automatic, func.count())
        .join(Case, Case.id == Decision.case_id)
        .where(Decision.instance == "helfo", Decision.decided_on >= date_from, Decision.decided_on <= date_to)
        .group_by(Case.kind, Decision.automatic)
    ).all()
    by_kind: dict[str, list[int]] = {}
    for kind, automatic, count in rows:
        entry = by_kind.setdefault(kind, [0, 0])
        entry[0] += count
        if automatic:
            entry[1] += count
    decided = sum(v[0] for v in by_kind.values())
    automatic_count = sum(v[1] for v in by_kind.values())
    return AutomationReport(date_from, date_to, decided, automatic_count, decided - automatic_count,
                            Fraction(automatic_count, decided) if decided else None,
                            {k: (v[0], v[1]) for k, v in by_kind.items()})
