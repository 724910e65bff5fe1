"""The decision letter on a card order (inside the engine's frame), and the provisional replacement certificate:
the EU model certificate (Administrative Commission decision S2, annex) as a PDF."""

from __future__ import annotations

from datetime import date
from functools import cache

from jinja2 import Environment

from blaresept.cases.contract import LetterFrame, RenderedLetter
from blaresept.cases.letters import base_context, environment, join_words, to_pdf
from blaresept.cases.tables import Decision
from blaresept.persons.identity import birth_date_of
from blaresept.rules.procedure import norwegian_date


@cache
def _environment() -> Environment:
    return environment("blaresept.cases.stonader.ehic")


TITLE = "Vedtak om europeisk helsetrygdkort"


def decision_letter(decision: Decision, frame: LetterFrame) -> RenderedLetter:
    details = decision.details or {}
    granted = decision.outcome == "granted"
    context = base_context(frame.reference, frame.recipient, frame.sent_on, TITLE) | {
        "intro": frame.intro,
        "granted": granted,
        "outcome_sentence": ("Helfo har innvilget bestillingen av europeisk helsetrygdkort." if granted else
                             "Helfo har avslått bestillingen av europeisk helsetrygdkort."),
        "received_text": norwegian_date(frame.received),
        "decided_text": norwegian_date(decision.decided_on),
        "automatic": decision.automatic,
        "instance": decision.instance,
        "card_number": details.get("card_number"),
        "valid_from_text": norwegian_date(date.fromisoformat(details["valid_from"])) if granted and details.get(
            "valid_from") else None,
        "valid_to_text": norwegian_date(date.fromisoformat(details["valid_to"])) if granted and details.get(
            "valid_to") else None,
        "reasons": tuple(decision.reasons),
        "note": decision.note,
        "legal_basis": join_words(tuple(decision.legal_basis)),
        "appeal_weeks": frame.appeal_weeks,
        "appeal_deadline_text": norwegian_date(frame.appeal_deadline),
    }
    return RenderedLetter(TITLE, _environment().get_template("decision_letter.html").render(context))


COUNTRY_NAMES = {
    "AT": "Østerrike", "BE": "Belgia", "BG": "Bulgaria", "CH": "Sveits", "CY": "Kypros", "CZ": "Tsjekkia",
    "DE": "Tyskland", "DK": "Danmark", "EE": "Estland", "ES": "Spania", "FI": "Finland", "FR": "Frankrike",
    "GB": "Storbritannia", "GR": "Hellas", "HR": "Kroatia", "HU": "Ungarn", "IE": "Irland", "IS": "Island",
    "IT": "Italia", "LI": "Liechtenstein", "LT": "Litauen", "LU": "Luxembourg", "LV": "Latvia", "MT": "Malta",
    "NL": "Nederland", "PL": "Polen", "PT": "Portugal", "RO": "Romania", "SE": "Sverige", "SI": "Slovenia",
    "SK": "Slovakia",
}


def certificate_pdf(*, name: str, fnr: str, card_number: str, card_valid_to: date, valid_from: date,
                    valid_to: date, country: str, issued_on: date, number: int) -> bytes:
    """The provisional replacement certificate (PRC) for one person, as PDF."""
    html = _environment().get_template("certificate.html").render(
        title="Provisorisk erstatningssertifikat for europeisk helsetrygdkort",
        name=name, birth_date=birth_date_of(fnr).strftime("%d/%m/%Y"), fnr=fnr, card_number=card_number,
        card_valid_to=card_valid_to.strftime("%d/%m/%Y"), valid_from=valid_from.strftime("%d/%m/%Y"),
        valid_to=valid_to.strftime("%d/%m/%Y"), issued_on=issued_on.strftime("%d/%m/%Y"),
        country=COUNTRY_NAMES.get(country, country), number=number,
    )
    return to_pdf(html)
