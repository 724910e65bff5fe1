"""The refusjonskode written on a prescription: its code system and the key it is matched on.

Written as `ICPC:D84`, `ICD:K21` (or `ICD:K21.0`, with or without the dot) or a DMP minus-code `-90`
(optionally with a prefix). FEST's refund codes are ICPC-2 (Volven 7170), ICD-10 (7110, and 7435 for the
ICD side) and DMP's own minus-codes (7434 ICPC side, 7435 ICD side) — implementation guide v3.5 § 11.2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class CodeSystem(StrEnum):
    ICPC2 = "ICPC-2"
    ICD10 = "ICD-10"
    DMP = "DMP"


PREFIXES = {"ICPC": CodeSystem.ICPC2, "ICPC2": CodeSystem.ICPC2, "ICPC-2": CodeSystem.ICPC2,
            "ICD": CodeSystem.ICD10, "ICD10": CodeSystem.ICD10, "ICD-10": CodeSystem.ICD10}
_ICPC = re.compile(r"^[A-Z]\d{2}$")
_ICD = re.compile(r"^[A-Z]\d{2}(\d{1,2})?$")
_MINUS = re.compile(r"^-[0-9A-Z]{1,3}$")


class MalformedCode(ValueError):
    """A refund code that cannot be read; the message is in bokmål."""


def code_key(code: str) -> str:
    """The form codes are compared in: upper case, no dot or spaces ('t81.4' → 'T814', '-90' → '-90')."""
    return code.strip().upper().replace(".", "").replace(" ", "")


@dataclass(frozen=True)
class WrittenCode:
    """A refund code as written on the prescription, read."""

    text: str
    system: CodeSystem
    key: str

    @property
    def display(self) -> str:
        if self.system is CodeSystem.DMP:
            return self.key
        return f"{self.system.value} {self.key if len(self.key) <= 3 else self.key[:3] + '.' + self.key[3:]}"


def parse_refund_code(text: str) -> WrittenCode:
    """Read a written refund code; MalformedCode (bokmål) when it cannot be one."""
    raw = text.strip()
    if not raw:
        raise MalformedCode("Refusjonskoden er tom.")
    prefix, sep, rest = raw.partition(":")
    if not sep:
        key = code_key(raw)
        if _MINUS.match(key):
            return WrittenCode(raw, CodeSystem.DMP, key)
        raise MalformedCode(
            f"Refusjonskoden «{raw}» mangler kodeverk: skriv ICPC:… eller ICD:… (eller en minus-kode som -90)."
        )
    system = PREFIXES.get(prefix.strip().upper())
    if system is None:
        raise MalformedCode(f"Ukjent kodeverk «{prefix.strip()}» i refusjonskoden «{raw}» (kjente: ICPC, ICD).")
    key = code_key(rest)
    if _MINUS.match(key):
        return WrittenCode(raw, CodeSystem.DMP, key)
    if system is CodeSystem.ICPC2 and not _ICPC.match(key):
        raise MalformedCode(f"«{rest.strip()}» er ikke en ICPC-2-kode (en bokstav og to sifre, som D84).")
    if system is CodeSystem.ICD10 and not _ICD.match(key):
        raise MalformedCode(f"«{rest.strip()}» er ikke en ICD-10-kode (en bokstav og to sifre, gjerne med "
                            "underkode, som K21 eller K21.0).")
    return WrittenCode(raw, system, key)


def matches(written: WrittenCode, system: str, code: str) -> bool:
    """Whether a written code is the catalogue's refund code (system 'ICPC-2', 'ICD-10' or 'DMP').

    Minus-codes match on either side; ICPC-2 and ICD-10 are kept apart; an ICD-10 subcode matches its
    3-character category in the catalogue (K21.0 → K21)."""
    key = code_key(code)
    if written.system is CodeSystem.DMP or system == CodeSystem.DMP.value:
        return written.key == key
    if written.system.value != system:
        return False
    if written.key == key:
        return True
    return written.system is CodeSystem.ICD10 and len(key) == 3 and written.key[:3] == key


def listed(written: WrittenCode, entries: tuple[str, ...]) -> str | None:
    """The first entry of a code list ('ICD:B20', 'ICPC:A70', '-90') the written code falls under (a code and its
    subcodes: 'ICD:B181' covers B18.1 and B18.10)."""
    for entry in entries:
        prefix, sep, rest = entry.partition(":")
        system = PREFIXES.get(prefix.upper()) if sep else CodeSystem.DMP
        key = code_key(rest if sep else entry)
        if system is CodeSystem.DMP or key.startswith("-"):
            if written.key == key:
                return entry
        elif written.system is system and written.key.startswith(key):
            return entry
    return None
