"""The hjemmel written on a prescription, as a Volven 7427 code: '§2' → '200', '§3a' → '301', '601' → '601'."""

from __future__ import annotations

from blaresept.rules.errors import RuleInputError

WRITTEN = {"§2": "200", "§3": "300", "§3a": "301", "§3b": "302", "§4": "400", "§5": "500", "§6": "600"}
CODES = {"200", "300", "301", "302", "400", "500", "600", "601", "602", "603", "604",
         *(str(n) for n in range(501, 515))}
"""Volven 7427 codes for blåreseptforskriften §§ 2–6 (shared/reference/codes/kith_kodeverk_volven.json)."""
DISPLAY = {"200": "§ 2", "300": "§ 3", "301": "§ 3a", "302": "§ 3b", "400": "§ 4", "500": "§ 5", "600": "§ 6"}


def read_hjemmel(text: str) -> str:
    """The Volven 7427 code of a written hjemmel; RuleInputError (bokmål) for anything else."""
    key = text.replace(" ", "").replace("§5-14", "")
    if key in WRITTEN:
        return WRITTEN[key]
    if key.lower() in ("§3a", "§3b"):
        return WRITTEN[key.lower()]
    if key in CODES:
        return key
    raise RuleInputError(
        f"Ukjent hjemmel «{text}» på resepten (gyldige: §2, §3, §3a, §3b, §4, §5, §6 eller en refusjonshjemmel "
        "fra kodeverk 7427, som 200, 301, 501 eller 603)."
    )


def section_of(code: str) -> int:
    """Which section of blåreseptforskriften a 7427 code belongs to (2–6)."""
    return int(code[0])


def display(code: str) -> str:
    """'200' → '§ 2', '501' → '§ 5 punkt 1', '603' → '§ 6 punkt 3'."""
    if code in DISPLAY:
        return DISPLAY[code]
    return f"§ {code[0]} punkt {int(code[1:])}"
