"""Rules shared by every Helfo stønad's case handling: the outcome of a decision, processing time and appeal
deadlines on Norwegian working days, and an appeal's formal requirements.

The deadline and appeal rules still live in `rules/individual/deadlines.py` and `appeal.py` (where they were
written for § 3/§ 6); this package is the name the case engine and every stønad import them by, so those files
can move here without touching their callers.
"""

from blaresept.rules.individual.appeal import AppealFacts, FormalOutcome, FormalResult, formal_requirements
from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.individual.deadlines import (
    Calendar,
    ProcessingDeadline,
    appeal_deadline,
    deadline_after_weeks,
    norway_calendar,
)
from blaresept.rules.procedure.outcome import DECISION_LABELS, DecisionOutcome

__all__ = [
    "DECISION_LABELS",
    "AppealFacts",
    "Calendar",
    "DecisionOutcome",
    "FormalOutcome",
    "FormalResult",
    "ProcessingDeadline",
    "appeal_deadline",
    "deadline_after_weeks",
    "formal_requirements",
    "norwegian_date",
    "norway_calendar",
]
