"""The § 3/§ 6 decision letter: what was granted (with validity) and refused (with reasons), the hjemmel the
doctor writes on the prescription, and the § 5-22 note on a refusal — inside the engine's frame (recipient,
dates, the right to appeal and its deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment

from blaresept.cases.contract import LetterFrame, RenderedLetter
from blaresept.cases.letters import base_context, environment, join_words
from blaresept.cases.tables import Decision
from blaresept.rules.procedure import norwegian_date

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


@cache
def _environment() -> Environment:
    return environment("blaresept.cases.stonader.individual")


def decision_title(kind: str) -> str:
    what = "legemidler" if kind == "drug" else "næringsmidler"
    return f"Vedtak om individuell stønad til {what} på blå resept"


def decision_letter(kind: str, applicant_name: str, decision: Decision, frame: LetterFrame) -> RenderedLetter:
    item_heading, code_heading = ITEM_HEADINGS[kind]
    what = "legemidler" if kind == "drug" else "næringsmidler"
    sentence = {
        "granted": f"Helfo har innvilget søknaden om individuell stønad til {what}.",
        "partly_granted": f"Helfo har delvis innvilget søknaden om individuell stønad til {what}.",
        "refused": f"Helfo har avslått søknaden om individuell stønad til {what}.",
    }[decision.outcome]
    if kind == "drug":
        prescription = (f"Legen skriver hjemmelen {decision.hjemmel} (refusjonshjemmel {decision.hjemmel_code}) på "
                        "blåresepten; refusjonskode trengs ikke når du har et individuelt vedtak.")
    else:
        prescription = (f"Legen skriver hjemmelen {decision.hjemmel} (refusjonshjemmel {decision.hjemmel_code}) på "
                        "resepten. Næringsmidler dekkes bare når de er kjøpt etter resept.")
    granted = tuple(LetterRow(g["name"], g.get("atc") or g.get("article_group"), date.fromisoformat(g["valid_from"]),
                              date.fromisoformat(g["valid_to"]) if g.get("valid_to") else None)
                    for g in decision.granted)
    refused = tuple(LetterRow(r["name"], r.get("atc") or r.get("article_group"), reasons=tuple(r["reasons"]))
                    for r in decision.refused)
    title = decision_title(kind)
    context = base_context(frame.reference, frame.recipient, frame.sent_on, title) | {
        "intro": frame.intro,
        "outcome": decision.outcome,
        "outcome_sentence": sentence,
        "applicant_name": applicant_name,
        "received_text": norwegian_date(frame.received),
        "decided_text": norwegian_date(decision.decided_on),
        "automatic": decision.automatic,
        "kind": kind,
        "item_heading": item_heading,
        "code_heading": code_heading,
        "granted": granted,
        "refused": refused,
        "prescription_note": prescription,
        "bidrag_note": decision.bidrag_note,
        "note": decision.note,
        "legal_basis": join_words(tuple(decision.legal_basis)),
        "hjemmel": decision.hjemmel,
        "hjemmel_code": decision.hjemmel_code,
        "refund_code": decision.refund_code.replace(":", " ") if decision.refund_code else None,
        "appeal_weeks": frame.appeal_weeks,
        "appeal_deadline_text": norwegian_date(frame.appeal_deadline),
    }
    return RenderedLetter(title, _environment().get_template("decision_letter.html").render(context))
