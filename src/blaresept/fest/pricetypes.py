"""Price types, keyed on the code (V) and cross-checked against the display name (DN).

Volven 7453 (medicines): 2 Refusjonspris, 3 AIP, 4 AUP, 5 Trinnpris, 13 Refusjonspris H-resept.
Volven 7423 (handelsvarer): E maksimal refusjonspris per enhet, P per pakning, N innkjøpspris.
Source: shared/reference/codes/kith_kodeverk_volven.json (7453, 7423). The M30 information model v2.5
(§ 4.3.2) lists 3 and 4 the other way round; the real feed and Volven agree with the table here, which is why
the code is the key and a DN that disagrees stops the import instead of being guessed at.
"""

from __future__ import annotations

MEDICINE = {
    "2": ("refusjonspris", "Refusjonspris"),
    "3": ("aip", "AIP"),
    "4": ("aup", "AUP"),
    "5": ("trinnpris", "Trinnpris"),
    "13": ("refusjonspris_h", "Refusjonspris H-resept"),
}
GOODS = {
    "E": ("maks_per_enhet", "Maksimal refusjonspris per enhet"),
    "P": ("maks_per_pakning", "Maksimal refusjonspris per pakning"),
    "N": ("innkjopspris", "Innkjøpspris"),
}
LABELS = {kind: label for table in (MEDICINE, GOODS) for kind, label in table.values()}


def kind_of(code: str | None, text: str | None, goods: bool) -> tuple[str, str | None]:
    """The price kind for a type code, and an error message (bokmål) when the DN contradicts the code.

    An unknown code is kept as 'type:<V>' so it can be stored and shown, but never used as a known price."""
    table = GOODS if goods else MEDICINE
    found = table.get(code or "")
    if found is None:
        return f"type:{code}", None
    kind, label = found
    if text is not None and text.strip().casefold() != label.casefold():
        number = "7423" if goods else "7453"
        return kind, (f"pristypen V=«{code}» betyr «{label}» i kodeverk {number}, men DN er «{text}». "
                      "Prisene kan ikke tolkes sikkert.")
    return kind, None
