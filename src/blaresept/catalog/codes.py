"""Code texts: ICPC-2 and ICD-10 (Norwegian), DMP's minus-codes, Helfo's product groups and HPR specialties.

ICD-10 is matched with or without the dot ('Z95.2' = 'Z952'); the NAV list has no dots and lacks the 3-character
categories that have subcodes (K21), so those come from Volven 7435, which FEST itself uses for ICD-side
refund codes. Files under catalog/data/ (provenance in catalog/data/SOURCES.md, from
shared/reference/codes/SOURCES.md).
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

from blaresept.rules.blaresept.eligibility.refund_code import CodeSystem, code_key

OID = "2.16.578.1.12.4.1.1."
SYSTEMS = {"7170": CodeSystem.ICPC2, "7110": CodeSystem.ICD10, "7435": CodeSystem.ICD10,
           "7434": CodeSystem.ICPC2}
"""The Volven code systems FEST refund codes come from, and the side they belong to (§ 11.2)."""


def _data(name: str) -> Any:
    path = resources.files("blaresept.catalog") / "data" / name
    raw = path.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return json.loads(raw.decode("utf-8"))


@cache
def volven() -> dict[str, dict[str, str]]:
    """The Volven code systems the catalogue uses: {number: {code: text}}."""
    return {k: v for k, v in _data("volven_subset.json").items() if not k.startswith("_")}


@cache
def _icpc2() -> dict[str, str]:
    return {e["code"]: e["text"] for e in _data("icpc2_no_navikt.json")}


@cache
def _icd10() -> dict[str, str]:
    codes = {code_key(e["code"]): e["text"] for e in _data("icd10_no_navikt.json.gz")}
    for code, text in volven()["7435"].items():  # 3-character categories the NAV list leaves out
        codes.setdefault(code_key(code), text.strip())
    return codes


def system_of(oid: str | None, code: str) -> CodeSystem:
    """Which kind of code a FEST refund code is: a minus-code is DMP's own, else by its Volven system."""
    if code.strip().startswith("-"):
        return CodeSystem.DMP
    number = (oid or "").rsplit(".", 1)[-1]
    return SYSTEMS.get(number, CodeSystem.ICD10 if number else CodeSystem.ICPC2)


def side_of(oid: str | None) -> str:
    """'ICPC' or 'ICD': which column of the reimbursement list a code stands in."""
    number = (oid or "").rsplit(".", 1)[-1]
    return "ICPC" if number in ("7170", "7434") else "ICD"


def code_text(system: CodeSystem | str, code: str) -> str | None:
    """The Norwegian text of a code, or None when the lists do not have it."""
    key = code_key(code)
    if key.startswith("-"):
        return volven()["7434"].get(key) or (volven()["7435"].get(key) or "").strip() or None
    if system in (CodeSystem.ICPC2, "ICPC", "ICPC-2"):
        return _icpc2().get(key)
    return _icd10().get(key)


def specialty_name(code: str) -> str | None:
    """HPR specialty (Volven 7426) by code."""
    return _specialties().get(code.strip())


def specialty_code(name_or_code: str) -> str | None:
    """The 7426 code of a specialty given by name (any case) or code."""
    text = name_or_code.strip()
    if text in _specialties():
        return text
    wanted = text.casefold()
    for code, name in _specialties().items():
        if name.casefold() == wanted:
            return code
    return None


@cache
def _specialties() -> dict[str, str]:
    return {c["code"]: c["display"] for c in _data("fat_7426.json")["concepts"]}


def product_group_name(code: str) -> str | None:
    """Helfo product group (Volven 7403, FAT 2025 list; the Volven snapshot as fallback)."""
    return _product_groups().get(code.strip())


@cache
def _product_groups() -> dict[str, str]:
    groups = dict(volven().get("7403", {}))
    groups.update({c["code"]: c["display"] for c in _data("fat_7403.json")["concepts"]})
    return groups


def hjemmel_text(code: str) -> str | None:
    """Refusjonshjemmel (Volven 7427): '200' → '§5-14 §2'."""
    return volven()["7427"].get(code.strip())
