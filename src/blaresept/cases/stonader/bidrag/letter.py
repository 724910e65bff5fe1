"""The bidrag decision letter: the computation line by line (expenses, minstebeløp, share, bidrag), the total and
the payment, what was not covered and why — inside the engine's frame (recipient, dates, the right to appeal)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment

from blaresept.cases.contract import LetterFrame, RenderedLetter
from blaresept.cases.letters import base_context, environment, join_words
from blaresept.cases.tables import Decision
from blaresept.money import format_kr
from blaresept.rules.procedure import norwegian_date

TITLE = "Vedtak om bidrag til spesielle formål"
SENTENCES = {
    "granted": "Helfo har innvilget kravet ditt om bidrag.",
    "partly_granted": "Helfo har delvis innvilget kravet ditt om bidrag.",
    "refused": "Helfo har avslått kravet ditt om bidrag.",
}


@cache
def _environment() -> Environment:
    env = environment("blaresept.cases.stonader.bidrag")
    env.filters["kr"] = format_kr
    return env


def decision_letter(applicant_name: str, decision: Decision, frame: LetterFrame) -> RenderedLetter:
    details: dict[str, Any] = dict(decision.details or {})
    context = base_context(frame.reference, frame.recipient, frame.sent_on, TITLE) | {
        "intro": frame.intro,
        "outcome": decision.outcome,
        "outcome_sentence": SENTENCES[decision.outcome],
        "applicant_name": applicant_name,
        "received_text": norwegian_date(frame.received),
        "decided_text": norwegian_date(decision.decided_on),
        "automatic": decision.automatic,
        "year": details.get("year"),
        "lines": details.get("lines", []),
        "payout": int(details.get("payout", 0)),
        "minimum": details.get("minimum"),
        "pooled": details.get("pooled", []),
        "refused": details.get("refused", []),
        "late": details.get("late", False),
        "deadline_text": norwegian_date(_date(details["deadline"])) if details.get("deadline") else "",
        "account": details.get("account_masked"),
        "note": decision.note,
        "legal_basis": join_words(tuple(decision.legal_basis)),
        "appeal_weeks": frame.appeal_weeks,
        "appeal_deadline_text": norwegian_date(frame.appeal_deadline),
    }
    return RenderedLetter(TITLE, _environment().get_template("bidrag_decision_letter.html").render(context))


def _date(value: str) -> Any:
    from datetime import date

    return date.fromisoformat(value)
