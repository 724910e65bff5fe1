"""Helfo's letters from the register, in bokmål, rendered from Jinja2 templates to PDF: a place from the
waiting list, and a move by list reduction (with why, from when, and that it does not count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from blaresept.pdf import html_to_pdf
from blaresept.persons.identity import masked
from blaresept.rules.fastlege.dates import long_date

TITLES = {
    "waiting_list": "Du har fått plass hos fastlegen du sto på venteliste til",
    "reduction": "Du har fått ny fastlege fordi fastlegen din reduserer listen",
    "gp_left": "Du har fått ny fastlege fordi fastlegen din slutter",
}


@dataclass(frozen=True)
class LetterContent:
    kind: str
    reference: str
    name: str
    fnr: str
    sent_on: date
    effective_on: date
    new_gp: str
    practice: str
    address: str | None
    kommune: str
    old_gp: str | None
    counts: bool
    changes_left: int | None


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("blaresept.fastlege", "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def letter_html(letter: LetterContent) -> str:
    return _environment().get_template(f"letter_{letter.kind}.html").render(
        title=TITLES[letter.kind], letter=letter, fnr_masked=masked(letter.fnr),
        sent_on_text=long_date(letter.sent_on), effective_text=long_date(letter.effective_on))


def letter_pdf(letter: LetterContent) -> bytes:
    return html_to_pdf(letter_html(letter))
