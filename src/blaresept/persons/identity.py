"""Norwegian personal numbers (fødselsnummer, D-nummer) and organisation numbers, checked with python-stdnum.
Every message is in bokmål; the numbers themselves are never put in log lines."""

from __future__ import annotations

from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer, orgnr


class IdentityError(ValueError):
    """A personal or organisation number that is not valid."""


def check_fnr(number: str) -> str:
    """The compact form of a valid fødselsnummer or D-nummer, or a clear error."""
    compact = fodselsnummer.compact(number or "")
    if not compact.isdigit() or len(compact) != 11:
        raise IdentityError("Fødselsnummeret må ha 11 sifre.")
    try:
        fodselsnummer.validate(compact)
    except ValidationError as exc:
        raise IdentityError(
            "Fødselsnummeret er ikke gyldig (kontrollsifrene eller datoen stemmer ikke). "
            "Sjekk at alle 11 sifrene er riktige."
        ) from exc
    if int(compact[2:4]) > 40:
        raise IdentityError("Et H-nummer (hjelpenummer fra helsetjenesten) kan ikke brukes her. Blåresept krever "
                            "fødselsnummer eller D-nummer fra Folkeregisteret.")
    return str(compact)


def birth_date_of(number: str) -> date:
    """The birth date a valid fødselsnummer or D-nummer encodes."""
    value = fodselsnummer.get_birth_date(check_fnr(number))
    assert isinstance(value, date)
    return value


def is_d_number(number: str) -> bool:
    return int(check_fnr(number)[0]) >= 4


def check_org_number(number: str) -> str:
    compact = orgnr.compact(number or "")
    try:
        orgnr.validate(compact)
    except ValidationError as exc:
        raise IdentityError("Organisasjonsnummeret er ikke gyldig (9 sifre med riktig kontrollsiffer).") from exc
    return str(compact)


def masked(number: str) -> str:
    """A personal number shown without the personal digits: '010370*****'."""
    return number[:6] + "*****" if len(number) == 11 else "***********"


_HPR_PREFIX = ("hpr-nummer", "hpr-nr.", "hpr-nr", "hprnr", "hpr nr.", "hpr nr", "hpr")


def check_hpr(number: str) -> str:
    """The HPR number (Helsepersonellregisteret) in one form, so «HPR 9144889», «hpr-nr. 9144889» and «9144889»
    are one prescriber: the prefix, spaces and leading zeros removed. HPR numbers are whole numbers of at most
    nine digits; no public check digit is known, so only the form is checked (docs/prescriptions.md)."""
    text = (number or "").strip()
    lowered = text.lower()
    for prefix in _HPR_PREFIX:
        if lowered.startswith(prefix):
            text = text[len(prefix):]
            break
    digits = text.replace(" ", "").replace(":", "").replace(".", "").lstrip("0")
    if not digits.isascii() or not digits.isdigit() or not 4 <= len(digits) <= 9:
        raise IdentityError(f"«{(number or '').strip()[:30]}» er ikke et HPR-nummer (et tall på 4–9 sifre, f.eks. "
                            "«9144889» eller «HPR 9144889»).")
    return digits
