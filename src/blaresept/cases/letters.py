"""Letters in bokmål, rendered from Jinja2 templates to PDF with WeasyPrint: the decision (with the right to
appeal and the deadline date), the forwarding of an appeal to Helseklage (with Helfo's summary of the case), and
the rejection of an appeal that does not meet the formal requirements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from blaresept.rules.individual.content import norwegian_date

ITEM_HEADINGS = {"drug": ("Legemiddel", "ATC-kode"), "nutrition": ("Næringsmiddel", "Artikkelgruppe")}


@dataclass(frozen=True)
class LetterRow:
    name: str
    code: str | None
    valid_from: date | None = None
    valid_to: date | None = None
    reasons: tuple[str, ...] = ()

    @property
    def valid_from_text(self) -> str:
        return norwegian_date(self.valid_from) if self.valid_from else "–"

    @property
    def valid_to_text(self) -> str:
        return norwegian_date(self.valid_to) if self.valid_to else "ingen sluttdato"


@dataclass(frozen=True)
class Recipient:
    name: str
    fnr_masked: str
    guardian_note: str | None = None


@dataclass(frozen=True)
class DecisionLetter:
    reference: str
    kind: str  # "drug" or "nutrition"
    recipient: Recipient
    sent_on: date
    received: date
    decided_on: date
    applicant_name: str
    outcome: str  # granted, partly_granted, refused
    automatic: bool
    hjemmel: str
    hjemmel_code: str
    refund_code: str | None
    legal_basis: tuple[str, ...]
    granted: tuple[LetterRow, ...]
    refused: tuple[LetterRow, ...]
    bidrag_note: str | None
    appeal_weeks: int
    appeal_deadline: date
    intro: str | None = None
    note: str | None = None


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


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("blaresept.cases", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _base(reference: str, recipient: Recipient, sent_on: date, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "reference": reference,
        "sent_on_text": norwegian_date(sent_on),
        "patient_name": recipient.name,
        "patient_fnr_masked": recipient.fnr_masked,
        "guardian_note": recipient.guardian_note,
    }


def decision_title(kind: str) -> str:
    what = "legemidler" if kind == "drug" else "næringsmidler"
    return f"Vedtak om individuell stønad til {what} på blå resept"


def decision_html(letter: DecisionLetter) -> str:
    item_heading, code_heading = ITEM_HEADINGS[letter.kind]
    what = "legemidler" if letter.kind == "drug" else "næringsmidler"
    sentence = {
        "granted": f"Helfo har innvilget søknaden om individuell stønad til {what}.",
        "partly_granted": f"Helfo har delvis innvilget søknaden om individuell stønad til {what}.",
        "refused": f"Helfo har avslått søknaden om individuell stønad til {what}.",
    }[letter.outcome]
    if letter.kind == "drug":
        prescription = (f"Legen skriver hjemmelen {letter.hjemmel} (refusjonshjemmel {letter.hjemmel_code}) på "
                        "blåresepten; refusjonskode trengs ikke når du har et individuelt vedtak.")
    else:
        prescription = (f"Legen skriver hjemmelen {letter.hjemmel} (refusjonshjemmel {letter.hjemmel_code}) på "
                        "resepten. Næringsmidler dekkes bare når de er kjøpt etter resept.")
    context = _base(letter.reference, letter.recipient, letter.sent_on, decision_title(letter.kind)) | {
        "intro": letter.intro,
        "outcome": letter.outcome,
        "outcome_sentence": sentence,
        "applicant_name": letter.applicant_name,
        "received_text": norwegian_date(letter.received),
        "decided_text": norwegian_date(letter.decided_on),
        "automatic": letter.automatic,
        "kind": letter.kind,
        "item_heading": item_heading,
        "code_heading": code_heading,
        "granted": letter.granted,
        "refused": letter.refused,
        "prescription_note": prescription,
        "bidrag_note": letter.bidrag_note,
        "note": letter.note,
        "legal_basis": _join(letter.legal_basis),
        "hjemmel": letter.hjemmel,
        "hjemmel_code": letter.hjemmel_code,
        "refund_code": letter.refund_code,
        "appeal_weeks": letter.appeal_weeks,
        "appeal_deadline_text": norwegian_date(letter.appeal_deadline),
    }
    return _environment().get_template("decision_letter.html").render(context)


def forwarding_html(letter: ForwardingLetter) -> str:
    context = _base(letter.reference, letter.recipient, letter.sent_on, "Klagen din er sendt til Helseklage") | {
        "appeal_received_text": norwegian_date(letter.appeal_received),
        "decision_text": norwegian_date(letter.decision_date),
        "summary": letter.summary,
        "further_weeks": letter.further_weeks,
    }
    return _environment().get_template("forwarding_letter.html").render(context)


def rejection_html(letter: RejectionLetter) -> str:
    context = _base(letter.reference, letter.recipient, letter.sent_on, "Klagen din er avvist") | {
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


def _join(parts: tuple[str, ...]) -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]
