"""Web forms as data: what was typed (kept as text, so a page with errors shows exactly what was sent), parsed
into the services' requests with one bokmål message per field that is wrong. The prescription form serves the
doctor (an e-prescription) and the pharmacy (a paper or telephone prescription); the counter form chooses
prescriptions to dispense."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from blaresept.money import MoneyError, Ore, kroner
from blaresept.persons.identity import IdentityError, check_fnr, check_hpr
from blaresept.prescriptions.service import PrescriptionInput

HJEMLER = {
    "§2": "§ 2 – forhåndsgodkjent refusjon (legemidler)",
    "§3": "§ 3 – individuell refusjon etter søknad",
    "§4": "§ 4 – allmennfarlige smittsomme sykdommer",
}
KINDS = {"paper": "Papirresept", "telephone": "Telefonresept"}
HOSPITAL = {"": "Ukjent", "nei": "Nei", "ja": "Ja"}
MAX_ITEMS = 20


def new_key() -> str:
    """A fresh idempotency key for one form: a double submit of the same form stores once."""
    return f"web-{uuid.uuid4()}"


def parse_date(text: str) -> date | None:
    """A date typed as ÅÅÅÅ-MM-DD (the date picker) or dd.mm.åååå."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_kroner(text: str) -> Ore:
    """An amount typed Norwegian style ('1 234,50', '149,50 kr', '149.50') in exact øre."""
    cleaned = re.sub(r"[\s\u00a0\u202f]|kr\.?$", "", text.strip().lower())
    if not cleaned:
        raise MoneyError("Skriv inn et beløp i kroner, for eksempel 149,50.")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise MoneyError(f"«{text}» er ikke et beløp i kroner. Skriv for eksempel 149,50.")
    amount = kroner(cleaned)
    if amount < 0:
        raise MoneyError("Beløpet kan ikke være negativt.")
    if amount > kroner("10000000"):
        raise MoneyError("Beløpet er urimelig stort (over 10 millioner kroner).")
    return amount


def _text(data: Mapping[str, Any], name: str, limit: int = 300) -> str:
    return str(data.get(name) or "").strip()[:limit]


# --- the prescription form ----------------------------------------------------------------------------------------


@dataclass
class PrescriptionForm:
    """The fields of a prescription as typed. `kind`, `skrevet`, `hpr` and `forskriver` only on the pharmacy's
    paper or telephone form."""

    fnr: str = ""
    legemiddel: str = ""
    pakninger: str = "1"
    dose: str = "1"
    dosering: str = ""
    reit: str = "0"
    hjemmel: str = "§2"
    refusjonskode: str = ""
    vilkar: str = ""
    legereservasjon: bool = False
    spesialitet: str = ""
    sykehus: str = ""
    instituert: str = ""
    kind: str = "paper"
    skrevet: str = ""
    hpr: str = ""
    forskriver: str = ""

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> PrescriptionForm:
        values: dict[str, Any] = {name: _text(data, name) for name in cls.__dataclass_fields__}
        values["legereservasjon"] = bool(data.get("legereservasjon"))
        return cls(**values)


def _int(text: str, name: str, low: int, high: int, what: str, errors: dict[str, str]) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        errors[name] = f"{what} må være et helt tall fra {low} til {high}."
        return low
    return int(text)


def prescription_input(form: PrescriptionForm, paper: bool) -> tuple[PrescriptionInput | None, dict[str, str]]:
    """The register's input, or the errors by field id."""
    errors: dict[str, str] = {}
    try:
        fnr = check_fnr(form.fnr)
    except IdentityError as exc:
        fnr, errors["fnr"] = "", str(exc)
    if not form.legemiddel:
        errors["legemiddel"] = "Skriv varenummeret eller navnet på legemidlet (merkevare eller virkestoff og styrke)."
    packs = _int(form.pakninger, "pakninger", 1, 99, "Antall pakninger", errors)
    reit = _int(form.reit, "reit", 0, 11, "Reit", errors)
    try:
        dose = Decimal(form.dose.replace(",", "."))
        if not Decimal(0) < dose <= Decimal(1000):
            raise InvalidOperation
    except InvalidOperation:
        dose = Decimal(1)
        errors["dose"] = "Dose per døgn må være et tall større enn null, for eksempel 1 eller 0,5."
    if not form.dosering:
        errors["dosering"] = "Skriv doseringen, for eksempel «1 tablett om morgenen»."
    if form.hjemmel not in HJEMLER:
        errors["hjemmel"] = "Velg hjemmel."
    written = None
    kind = "electronic"
    if paper:
        kind = form.kind if form.kind in KINDS else ""
        if not kind:
            errors["kind"] = "Velg papirresept eller telefonresept."
        written = parse_date(form.skrevet)
        if written is None:
            errors["skrevet"] = "Skriv datoen resepten ble skrevet som dd.mm.åååå."
        try:
            check_hpr(form.hpr)
        except IdentityError as exc:
            errors["hpr"] = str(exc)
        if not form.forskriver:
            errors["forskriver"] = "Skriv forskriverens navn."
    if errors:
        return None, errors
    digits = form.legemiddel.replace(" ", "")
    return PrescriptionInput(
        fnr=fnr, packs=packs, daily_dose=dose, dosage_text=form.dosering, reit=reit, hjemmel=form.hjemmel,
        varenummer=digits if digits.isdigit() else None, item=None if digits.isdigit() else form.legemiddel,
        refund_code=form.refusjonskode or None,
        conditions_confirmed=tuple(v for v in re.split(r"[,\s]+", form.vilkar) if v),
        prescriber_reservation=form.legereservasjon, instituted_by=form.instituert or None, written=written,
        kind=kind), {}


def hospital_of(form: PrescriptionForm) -> bool | None:
    return {"ja": True, "nei": False}.get(form.sykehus)


def specialties_of(form: PrescriptionForm) -> list[str] | None:
    parts = [p.strip() for p in form.spesialitet.split(",") if p.strip()]
    return parts or None


# --- the counter form ---------------------------------------------------------------------------------------------


@dataclass
class ItemForm:
    prescription_id: int
    chosen: bool = False
    packs: str = ""
    varenummer: str = ""
    patient_reserved: bool = False
    price: str = ""


@dataclass
class CounterForm:
    """The counter as typed: the patient, which of their prescriptions to dispense and how, a late registration,
    the idempotency key of this form and the token of the quote shown."""

    fnr: str = ""
    nokkel: str = field(default_factory=new_key)
    items: dict[int, ItemForm] = field(default_factory=dict)
    late_on: str = ""
    late_reason: str = ""
    quote_token: str = ""

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> CounterForm:
        form = cls(fnr=_text(data, "fnr", 20), nokkel=_text(data, "nokkel", 200) or new_key(),
                   late_on=_text(data, "etter-dato", 20), late_reason=_text(data, "etter-grunn"),
                   quote_token=_text(data, "quote_token", 100))
        for key in data:
            found = re.fullmatch(r"r(\d{1,9})-(valg|pakninger|vare|reservert|pris)", str(key))
            if not found or len(form.items) > MAX_ITEMS:
                continue
            number = int(found.group(1))
            item = form.items.setdefault(number, ItemForm(number))
            value = _text(data, str(key), 30)
            if found.group(2) == "valg":
                item.chosen = bool(value)
            elif found.group(2) == "pakninger":
                item.packs = value
            elif found.group(2) == "vare":
                item.varenummer = value
            elif found.group(2) == "reservert":
                item.patient_reserved = bool(value)
            else:
                item.price = value
        return form

    def chosen(self) -> list[ItemForm]:
        return [item for item in self.items.values() if item.chosen]
