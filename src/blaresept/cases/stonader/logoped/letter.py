"""The decision letter on a referral sent for prior approval (logoped or audiopedagog)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from blaresept.cases.contract import LetterFrame, RenderedLetter
from blaresept.cases.letters import base_context, environment, join_words
from blaresept.cases.tables import Decision
from blaresept.rules.procedure import norwegian_date

TITLE = "Vedtak om forhåndsgodkjenning av behandling hos logoped eller audiopedagog"


@cache
def _environment() -> Environment:
    return environment("blaresept.cases.stonader.logoped")


def decision_letter(decision: Decision, frame: LetterFrame) -> RenderedLetter:
    granted = decision.outcome == "granted"
    details = decision.details or {}
    context = base_context(frame.reference, frame.recipient, frame.sent_on, TITLE) | {
        "intro": frame.intro, "granted": granted,
        "outcome_sentence": ("Helfo har godkjent henvisningen." if granted else "Helfo har avslått søknaden om "
                             "forhåndsgodkjenning."),
        "received_text": norwegian_date(frame.received), "decided_text": norwegian_date(decision.decided_on),
        "automatic": decision.automatic, "treatments_left": details.get("treatments_left"),
        "reasons": tuple(decision.reasons), "note": decision.note,
        "legal_basis": join_words(tuple(decision.legal_basis)), "appeal_weeks": frame.appeal_weeks,
        "appeal_deadline_text": norwegian_date(frame.appeal_deadline),
    }
    return RenderedLetter(TITLE, _environment().get_template("decision_letter.html").render(context))
