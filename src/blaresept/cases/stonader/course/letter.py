"""The decision letter on a course abroad."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from blaresept.cases.contract import LetterFrame, RenderedLetter
from blaresept.cases.letters import base_context, environment, join_words
from blaresept.cases.stonader.course.form import CourseForm
from blaresept.cases.tables import Decision
from blaresept.rules.procedure import norwegian_date

TITLE = "Vedtak om kurs i utlandet for barn med sjelden medfødt tilstand"


@cache
def _environment() -> Environment:
    return environment("blaresept.cases.stonader.course")


def decision_letter(form: CourseForm, decision: Decision, frame: LetterFrame) -> RenderedLetter:
    granted = decision.outcome == "granted"
    context = base_context(frame.reference, frame.recipient, frame.sent_on, TITLE) | {
        "intro": frame.intro, "granted": granted, "course": form.course_name, "country": form.country,
        "course_start": norwegian_date(form.course_start), "condition": form.condition,
        "outcome_sentence": ("Helfo har innvilget søknaden om dekning av kurset." if granted else
                             "Helfo har avslått søknaden om dekning av kurset."),
        "received_text": norwegian_date(frame.received), "decided_text": norwegian_date(decision.decided_on),
        "automatic": decision.automatic, "reasons": tuple(decision.reasons), "note": decision.note,
        "legal_basis": join_words(tuple(decision.legal_basis)), "appeal_weeks": frame.appeal_weeks,
        "appeal_deadline_text": norwegian_date(frame.appeal_deadline),
    }
    return RenderedLetter(TITLE, _environment().get_template("decision_letter.html").render(context))
