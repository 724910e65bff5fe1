"""The engine's letters in bokmål, rendered from Jinja2 templates to PDF with WeasyPrint: the common frame
(`letter_base.html`, `base_context`) every stønad's decision letter extends, the forwarding of an appeal to
Helseklage (with Helfo's summary of the case), and the rejection of an appeal that does not meet the formal
requirements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from blaresept.cases.contract import Recipient
from blaresept.rules.procedure import norwegian_date


@dataclass(frozen=True)
class ForwardingLetter:
    reference: str
    recipient: Recipient
    sent_on: date
    appeal_received: date
    decision_date: date
    summary: tuple[str, ...]
    further_weeks: int


@dataclass(frozen=True)
class RejectionLetter:
    reference: str
    recipient: Recipient
    sent_on: date
    appeal_received: date
    decision_date: date
    reasons: tuple[str, ...]
    appeal_weeks: int
    appeal_deadline: date
    extra: dict[str, Any] = field(default_factory=dict)


def environment(*packages: str) -> Environment:
    """A Jinja environment that finds templates in the given packages' `templates/` first, then the engine's
    (`letter_base.html`, the appeal letters). A stønad's decision letter extends `letter_base.html`."""
    return Environment(
        loader=ChoiceLoader([PackageLoader(p, "templates") for p in (*packages, "blaresept.cases")]),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _environment() -> Environment:
    return environment()


def base_context(reference: str, recipient: Recipient, sent_on: date, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "reference": reference,
        "sent_on_text": norwegian_date(sent_on),
        "patient_name": recipient.name,
        "patient_fnr_masked": recipient.fnr_masked,
        "guardian_note": recipient.guardian_note,
    }


def forwarding_html(letter: ForwardingLetter) -> str:
    context = base_context(letter.reference, letter.recipient, letter.sent_on, "Klagen din er sendt til Helseklage") | {
        "appeal_received_text": norwegian_date(letter.appeal_received),
        "decision_text": norwegian_date(letter.decision_date),
        "summary": letter.summary,
        "further_weeks": letter.further_weeks,
    }
    return _environment().get_template("forwarding_letter.html").render(context)


def rejection_html(letter: RejectionLetter) -> str:
    context = base_context(letter.reference, letter.recipient, letter.sent_on, "Klagen din er avvist") | {
        "appeal_received_text": norwegian_date(letter.appeal_received),
        "decision_text": norwegian_date(letter.decision_date),
        "reasons": letter.reasons,
        "appeal_weeks": letter.appeal_weeks,
        "appeal_deadline_text": norwegian_date(letter.appeal_deadline),
    }
    return _environment().get_template("rejection_letter.html").render(context)


def to_pdf(html: str) -> bytes:
    """Render the letter's HTML to PDF (WeasyPrint, A4)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def join_words(parts: tuple[str, ...]) -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]
