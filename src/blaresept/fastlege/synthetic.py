"""Synthetic fødselsnumre for sample data and scenarios: a valid number (both check digits right) for a birth
date, the n-th one that exists. No real person is meant; the numbers are computed, never looked up."""

from __future__ import annotations

from datetime import date

from blaresept.persons.identity import IdentityError, check_fnr

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def synthetic_fnr(birth: date, n: int = 0) -> str:
    """The n-th valid fødselsnummer for the birth date (individual numbers in the range for its century)."""
    if 1900 <= birth.year <= 1999:
        numbers = range(0, 500)
    elif 2000 <= birth.year <= 2039:
        numbers = range(500, 1000)
    else:
        raise IdentityError("Syntetiske fødselsnumre lages bare for fødsler 1900–2039.")
    found = 0
    stem = birth.strftime("%d%m%y")
    for individual in numbers:
        digits = [int(c) for c in f"{stem}{individual:03d}"]
        k1 = 11 - sum(w * d for w, d in zip(W1, digits, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(w * d for w, d in zip(W2, [*digits, k1], strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        if found == n:
            return check_fnr(f"{stem}{individual:03d}{k1}{k2}")
        found += 1
    raise IdentityError("Ikke flere syntetiske fødselsnumre for denne datoen.")
