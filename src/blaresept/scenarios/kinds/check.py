"""kind: check — a blue prescription checked at dispensing against the catalogue on that date (docs/scenarios.md).

`catalog: sample` is the sample catalogue (the real FEST extract of 2017-04-12 and the hand-made supplement),
loaded once per process into a temporary SQLite database; a path names a FEST file (relative to the working
directory), likewise loaded once.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from blaresept.money import format_kr
from blaresept.rules.blaresept.eligibility.facts import (
    CheckRequest,
    ConditionStatus,
    EligibilityResult,
    IndividualDecision,
    PatientFacts,
    PrescriberFacts,
    PrescriptionLine,
    Specialty,
)
from blaresept.rules.blaresept.eligibility.hjemmel import read_hjemmel
from blaresept.rules.errors import RuleInputError
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run
from blaresept.scenarios.reader import Reader, ScenarioFormatError

SAMPLE = "sample"
SEXES = ("mann", "kvinne")
LISTS = {"conditions": (), "met": (ConditionStatus.MET,), "unmet": (ConditionStatus.UNMET,),
         "to_confirm": (ConditionStatus.TO_CONFIRM,), "prescriber": (ConditionStatus.PRESCRIBER,)}


def _number_key(number: str) -> tuple[int, str]:
    return (int(number), "") if number.isdigit() else (1 << 30, number)


def show_numbers(numbers: Any) -> str:
    """Vilkår numbers in a stable display form: '[12, 155]' (numeric order, then the rest)."""
    return "[" + ", ".join(sorted((str(n) for n in numbers), key=_number_key)) + "]"


def show_bool(value: bool) -> str:
    return "true" if value else "false"


_workdir: Path | None = None


def _temporary() -> Path:
    global _workdir
    if _workdir is None:
        _workdir = Path(tempfile.mkdtemp(prefix="blaresept-check-"))
        atexit.register(shutil.rmtree, _workdir, True)
    return _workdir


@cache
def catalog_engine(source: str) -> Engine:
    """A database with the named catalogue, built once per process (temporary SQLite)."""
    from blaresept.catalog.importer import import_file
    from blaresept.catalog.sample import load_sample
    from blaresept.fest.errors import FestError
    from blaresept.storage.db import make_engine, migrate

    name = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    url = f"sqlite:///{_temporary() / f'katalog-{name}.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    try:
        if source == SAMPLE:
            load_sample(engine)
        else:
            import_file(engine, Path(source))
    except FestError as exc:
        raise RuleInputError(f"Katalogen «{source}» kan ikke leses: {exc}") from None
    return engine


@dataclass
class CheckCase:
    catalog: str
    request: CheckRequest
    reason: str | None = None

    def run(self) -> Run:
        from blaresept.catalog.check import check_prescription
        from blaresept.catalog.service import CatalogError
        from blaresept.storage.db import session_factory

        engine = catalog_engine(self.catalog)
        with session_factory(engine)() as session:
            try:
                result = check_prescription(session, self.request)
            except CatalogError as exc:
                raise RuleInputError(str(exc)) from None
        return Run(actual_of(result, self.reason), result.steps, result)


def actual_of(result: EligibilityResult, reason: str | None = None) -> dict[str, str]:
    actual = {
        "reimbursable": show_bool(result.reimbursable),
        "hjemmel": result.hjemmel_code or "null",
        "max_refund_price": format_kr(result.max_refund_price) if result.max_refund_price is not None else "null",
        "copay_exempt": show_bool(result.copay_exempt),
    }
    for key, statuses in LISTS.items():
        actual[key] = show_numbers(result.numbers(*statuses))
    reasons = result.reasons
    if reason is not None:
        found = any(reason.casefold() in r.casefold() for r in reasons)
        actual["reason"] = reason if found else (" | ".join(reasons) or "(ingen grunner)")
    return actual


def _text_or_null(r: Reader, key: str) -> str | None:
    value = r.raw(key, None)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key in ("varenummer", "product_number"):
        raise ScenarioFormatError(f"{r.path}.{key}: skriv nummeret i anførselstegn («\"{value}\"»), så ledende "
                                  "nuller ikke forsvinner.")
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return str(value)
    raise ScenarioFormatError(f"{r.path}.{key}: forventet tekst, fikk {value!r}.")


def _hjemmel(r: Reader, key: str) -> str:
    text = r.text(key)
    try:
        read_hjemmel(text)
    except RuleInputError as exc:
        raise ScenarioFormatError(f"{r.path}.{key}: {exc}") from None
    return str(text)


def _count(r: Reader, key: str) -> int | None:
    value = r.raw(key, None)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioFormatError(f"{r.path}.{key}: forventet et heltall (0 eller mer), fikk {value!r}.")
    return value


def read_decision(r: Reader) -> IndividualDecision:
    return IndividualDecision(
        hjemmel=_hjemmel(r, "hjemmel"),
        valid_from=r.date("valid_from"),
        valid_to=r.optional_date("valid_to"),
        hjemmel_code=_text_or_null(r, "hjemmel_code"),
        atc=_text_or_null(r, "atc"),
        varenummer=_text_or_null(r, "varenummer"),
        product_group=_text_or_null(r, "product_group"),
        refund_code=_text_or_null(r, "refund_code"),
        reference=_text_or_null(r, "reference"),
    )


def read_specialties(r: Reader) -> tuple[Specialty, ...]:
    from blaresept.catalog import codes

    out = []
    for index, value in enumerate(r.list("specialties", [])):
        code = codes.specialty_code(str(value)) if isinstance(value, (str, int)) else None
        if code is None:
            raise ScenarioFormatError(f"{r.path}.specialties[{index}]: «{value}» er ikke en spesialitet i "
                                      "kodeverk 7426 (skriv navnet, f.eks. «indremedisin», eller koden).")
        out.append(Specialty(code, codes.specialty_name(code) or str(value)))
    return tuple(out)


def read_request(r: Reader) -> tuple[str, CheckRequest]:
    source = r.text("catalog")
    if source != SAMPLE and not Path(source).is_file():
        raise ScenarioFormatError(f"catalog: fant ikke FEST-filen «{source}» (bruk «sample» eller en sti).")
    patient_r = r.mapping("patient")
    patient = PatientFacts(birth_date=patient_r.date("birth_date"),
                           sex=patient_r.choice("sex", SEXES, None) if patient_r.has("sex") else None,
                           member=patient_r.boolean("member", True))
    patient_r.done()
    prescriber_r = r.mapping("prescriber")
    prescriber = PrescriberFacts(hpr=_text_or_null(prescriber_r, "hpr"), specialties=read_specialties(prescriber_r),
                                 hospital=prescriber_r.boolean("hospital", False))
    prescriber_r.done()
    p = r.mapping("prescription")
    line = PrescriptionLine(
        written=p.date("written"),
        hjemmel=_hjemmel(p, "hjemmel"),
        varenummer=_text_or_null(p, "varenummer"),
        product_number=_text_or_null(p, "product_number"),
        refund_code=_text_or_null(p, "refund_code"),
        instituted_by=_text_or_null(p, "instituted_by"),
        discharge_date=p.optional_date("discharge_date"),
        product_group=_text_or_null(p, "product_group"),
        supply_days=_count(p, "supply_days"),
        quantity=_count(p, "quantity"),
        units_this_year=_count(p, "units_this_year"),
        test_strips_per_day=_count(p, "test_strips_per_day"),
    )
    decisions = tuple(p.items("decisions", read_decision, []))
    p.done()
    if bool(line.varenummer) == bool(line.product_number):
        raise ScenarioFormatError("prescription: oppgi enten varenummer (legemiddel) eller product_number (§ 5 / § 6).")
    request = CheckRequest(dispensed=r.date("date"), patient=patient, prescriber=prescriber, prescription=line,
                           decisions=decisions, hospital_pharmacy=r.boolean("hospital_pharmacy", False))
    return source, request


def read_expect(r: Reader) -> tuple[dict[str, str], str | None, str | None]:
    expected: dict[str, str] = {}
    if r.has("reimbursable"):
        expected["reimbursable"] = show_bool(r.boolean("reimbursable"))
    if r.has("hjemmel"):
        expected["hjemmel"] = read_hjemmel(_hjemmel(r, "hjemmel"))
    for key in LISTS:
        if r.has(key):
            values = r.list(key)
            if not all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in values):
                raise ScenarioFormatError(f"{r.path}.{key}: forventet en liste av vilkårsnumre.")
            expected[key] = show_numbers(values)
    if r.has("max_refund_price"):
        amount = r.optional_money("max_refund_price")
        expected["max_refund_price"] = format_kr(amount) if amount is not None else "null"
    if r.has("copay_exempt"):
        expected["copay_exempt"] = show_bool(r.boolean("copay_exempt"))
    reason = r.text("reason", None)
    if reason is not None:
        expected["reason"] = reason
    error = r.text("error", None)
    if not expected and error is None:
        raise ScenarioFormatError(f"{r.path}: forventer ingenting (oppgi reimbursable, conditions … eller error).")
    return expected, error, reason


@register("check")
def read(r: Reader) -> tuple[CheckCase, dict[str, str], str | None]:
    source, request = read_request(r)
    e = r.mapping("expect")
    expected, error, reason = read_expect(e)
    e.done()
    return CheckCase(source, request, reason), expected, error
