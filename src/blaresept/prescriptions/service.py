"""The register's operations, each in the caller's transaction: write a blue prescription (the doctor's, or a
paper or telephone prescription a pharmacy registers), cancel it, read it with what remains, and list a
patient's prescriptions for the counter.

Writing resolves everything against the catalogue on the date written: the item (a varenummer, or a name that
finds exactly one package), the pack size (for the days of supply), the refusjonskode (validated against the
package's reimbursement list; «K86» without a code system is read as the system the list has it in, and the
answer says which), and the check of §§ 2–6 with the vilkår the doctor confirms. Bad input raises a bokmål
error before anything is stored."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blaresept.catalog import service as catalog
from blaresept.persons.identity import check_fnr, check_hpr, masked
from blaresept.persons.tables import Person
from blaresept.prescriptions.tables import Prescription
from blaresept.rules.blaresept import prescription as rules
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, code_key, parse_refund_code
from blaresept.rules.errors import RuleInputError
from blaresept.timeutil import today

KINDS = {"electronic": "e-resept", "paper": "papirresept", "telephone": "telefonresept"}
HJEMMEL_CODES = {"§2": "200", "§3": "300", "§4": "400", "§5": "500", "§6": "600"}
STATUS_TEXT = {"valid": "gyldig", "used": "fullt utlevert", "expired": "utløpt", "cancelled": "tilbakekalt"}
_BARE_CODE = re.compile(r"^[A-Z]\d{2}(\d{1,2})?$")


class NotFound(LookupError):
    """No such prescription for this caller. Message in bokmål."""


class Conflict(Exception):
    """The prescription cannot change that way (already cancelled). Message in bokmål."""


@dataclass(frozen=True)
class Prescriber:
    hpr: str
    name: str
    specialties: tuple[str, ...] | None = None
    """Volven 7426 codes; None when not known."""
    hospital: bool | None = None


@dataclass(frozen=True)
class PrescriptionInput:
    """What the doctor writes (or the pharmacy copies from a paper or telephone prescription)."""

    fnr: str
    packs: int
    daily_dose: Decimal
    dosage_text: str
    reit: int
    hjemmel: str
    varenummer: str | None = None
    item: str | None = None
    refund_code: str | None = None
    conditions_confirmed: tuple[str, ...] = ()
    prescriber_reservation: bool = False
    instituted_by: str | None = None
    written: date | None = None
    kind: str = "electronic"
    notes: list[str] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------------------------------


def write(session: Session, prescriber: Prescriber, data: PrescriptionInput, registered_by: str) -> Prescription:
    """Validate against the catalogue on the date written and store the prescription (see the module text)."""
    from blaresept.persons.service import find_or_register

    hpr = check_hpr(prescriber.hpr)
    number = check_fnr(data.fnr)
    now = today()
    if data.kind not in KINDS:
        raise RuleInputError("Resepttypen må være e-resept, papirresept eller telefonresept.")
    if data.kind == "electronic":
        if data.written is not None and data.written != now:
            raise RuleInputError("En e-resept dateres av registeret i dag; datoen kan ikke settes.")
        written = now
    else:
        written = data.written or now
        if written > now:
            raise RuleInputError(f"Resepten kan ikke være skrevet frem i tid ({written.isoformat()}).")
    rules.check_in_scope(written)
    if not prescriber.name.strip():
        raise RuleInputError("Forskriverens navn mangler.")
    if not data.dosage_text.strip():
        raise RuleInputError("Doseringen mangler (f.eks. «1 tablett daglig»).")
    if not 0 <= data.reit <= rules.MAX_REIT:
        raise RuleInputError(f"Reit må være mellom 0 og {rules.MAX_REIT}.")
    if data.hjemmel not in HJEMMEL_CODES:
        raise RuleInputError("Hjemmelen må være §2, §3, §4, §5 eller §6.")
    if data.hjemmel in ("§5", "§6"):
        raise RuleInputError("Registeret tar imot legemidler med varenummer; forbruksmateriell og næringsmidler "
                             "(§ 5 og § 6) forskrives ikke her ennå.")
    notes = list(data.notes)
    package = _resolve_item(session, data, written, notes)
    per_pack = rules.units_per_pack(package.package_size)
    if per_pack is None:
        raise RuleInputError(f"Pakningsstørrelsen til {package.name} («{package.package_size or 'ukjent'}») er ikke "
                             "et tall, så forbruket i dager kan ikke beregnes.")
    days = rules.supply_days(data.packs, per_pack, data.daily_dose)
    limit, _ = rules.max_supply_days(written)
    if days > limit:
        raise RuleInputError(
            f"{data.packs} pakning(er) à {_number(per_pack)} {package.package_unit or 'enheter'} ved "
            f"{_number(data.daily_dose)} per døgn dekker {days} dager; ett uttak på blå resept kan dekke høyst tre "
            f"måneders forbruk ({limit} dager). Skriv færre pakninger per uttak og bruk reit.")
    refund_code = resolve_refund_code(package, data.refund_code, notes)
    until, _ = rules.valid_until(written)
    person = find_or_register(session, number)
    record = Prescription(
        reference=str(uuid.uuid4()), kind=data.kind, person_id=person.id, prescriber_hpr=hpr,
        prescriber_name=prescriber.name.strip(),
        prescriber_specialties=list(prescriber.specialties) if prescriber.specialties is not None else None,
        prescriber_hospital=prescriber.hospital, registered_by=registered_by, written=written, valid_until=until,
        varenummer=package.varenummer, item_name=package.name, atc=package.atc,
        prescription_group=package.prescription_group, pack=catalog_pack(package), units_per_pack=per_pack,
        packs=data.packs, daily_dose=data.daily_dose, dosage_text=data.dosage_text.strip(), reit=data.reit,
        hjemmel=data.hjemmel, refund_code=refund_code, conditions_confirmed=list(data.conditions_confirmed),
        prescriber_reservation=data.prescriber_reservation, instituted_by=(data.instituted_by or "").strip() or None,
        notes=notes,
    )
    _check_reimbursable(session, record, person)
    session.add(record)
    session.flush()
    return record


def catalog_pack(package: catalog.PackageView) -> str | None:
    if not package.package_size:
        return None
    return " ".join(f"{package.package_size} {package.package_unit or ''}".split())


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _resolve_item(session: Session, data: PrescriptionInput, on: date, notes: list[str]) -> catalog.PackageView:
    """The package prescribed: by varenummer, or by a brand or substance name that finds exactly one package."""
    try:
        if data.varenummer and data.varenummer.strip():
            package = catalog.package_on(session, data.varenummer, on)
        elif data.item and data.item.strip():
            hits = [h for h in catalog.search(session, data.item, on, limit=30) if h.kind == "pakning"]
            if not hits:
                raise RuleInputError(f"Fant ingen pakning for «{data.item.strip()}» i katalogen på "
                                     f"{on.isoformat()}.")
            if len(hits) > 1:
                shown = "; ".join(f"{h.number} {h.name} {h.detail or ''}".strip() for h in hits[:8])
                raise RuleInputError(f"«{data.item.strip()}» passer {len(hits)} pakninger; skriv varenummeret. "
                                     f"Treff: {shown}" + (" …" if len(hits) > 8 else "") + ".")
            package = catalog.package_on(session, hits[0].number, on)
            notes.append(f"«{data.item.strip()}» er funnet i katalogen som {package.name} "
                         f"(varenummer {package.varenummer}).")
        else:
            raise RuleInputError("Resepten må angi legemidlet: et varenummer eller et navn (merkevare eller "
                                 "virkestoff) som finnes i katalogen.")
    except catalog.CatalogError as exc:
        raise RuleInputError(str(exc)) from None
    if not package.available:
        raise RuleInputError(f"{package.name} (varenummer {package.varenummer}) er ikke markedsført på "
                             f"{on.isoformat()}.")
    return package


def resolve_refund_code(package: catalog.PackageView, text: str | None, notes: list[str]) -> str | None:
    """The refusjonskode in its stored form ('ICPC:K86', 'ICD:K21', '-73'), validated against the package's
    reimbursement list on the date. A bare code ('K86') is read in the system the list has it in."""
    listed = [code for r in package.reimbursements for code in r.codes]
    needs = any(r.requires_code for r in package.reimbursements)
    shown = ", ".join(dict.fromkeys(f"{_prefixed(c.system, c.code)} ({c.text or ''})".replace(" ()", "")
                                    for c in listed[:12]))
    if not text or not text.strip():
        if needs:
            raise RuleInputError(f"Refusjonskode mangler: {package.name} krever refusjonskode. Koder som gir refusjon "
                                 f"på datoen: {shown}.")
        return None
    raw = text.strip()
    try:
        written = parse_refund_code(raw)
        system, key = written.system.value, written.key
    except MalformedCode as exc:
        key = code_key(raw)
        if not _BARE_CODE.match(key):
            raise RuleInputError(str(exc)) from None
        systems = {c.system for c in listed if c.system in ("ICPC-2", "ICD-10") and _matches(c.code, c.system, key)}
        if len(systems) != 1:
            if len(systems) > 1:
                raise RuleInputError(f"«{raw}» finnes både som ICPC-2- og ICD-10-kode på refusjonslisten; skriv "
                                     f"ICPC:{key} eller ICD:{key}.") from None
            raise RuleInputError(f"«{raw}» står ikke på refusjonslisten for {package.name} på "
                                 f"{package.on.isoformat()}" + (f"; koder som gir refusjon: {shown}." if listed
                                                                 else ".")) from None
        system = systems.pop()
        found = next(c for c in listed if c.system == system and _matches(c.code, c.system, key))
        notes.append(f"Refusjonskoden «{raw}» er lest som {system} {found.code} «{found.text or ''}», kodeverket "
                     f"refusjonslisten for {package.name} har den i.")
    if listed and not any(c.system == system and _matches(c.code, c.system, key) for c in listed):
        raise RuleInputError(f"Refusjonskoden «{raw}» står ikke på refusjonslisten for {package.name} på "
                             f"{package.on.isoformat()}; koder som gir refusjon: {shown}.")
    return _prefixed(system, key)


def _matches(code: str, system: str, key: str) -> bool:
    listed = code_key(code)
    return listed == key or (system == "ICD-10" and len(key) > 3 and listed == key[:3])


def _prefixed(system: str, code: str) -> str:
    key = code_key(code)
    if system == "ICPC-2":
        return f"ICPC:{key}"
    if system == "ICD-10":
        return f"ICD:{key}"
    return key


def _check_reimbursable(session: Session, record: Prescription, person: Person) -> None:
    """The check of §§ 2–6 as if dispensed the day it is written: a prescription that could never be
    reimbursed is refused, and vilkår that are the prescriber's to meet must be confirmed."""
    from blaresept.catalog.check import check_prescription
    from blaresept.rules.blaresept.eligibility.facts import (
        CheckRequest,
        ConditionStatus,
        PatientFacts,
        PrescriptionLine,
    )

    result = check_prescription(session, CheckRequest(
        dispensed=record.written, patient=PatientFacts(person.birth_date),
        prescriber=prescriber_facts(record),
        prescription=PrescriptionLine(written=record.written, hjemmel=record.hjemmel, varenummer=record.varenummer,
                                      refund_code=record.refund_code, instituted_by=record.instituted_by),
        decisions=_decisions(session, person.fnr, record.written)))
    if not result.reimbursable:
        raise RuleInputError("Resepten gir ikke refusjon: "
                             + " ".join(result.reasons or ("ikke refusjonsberettiget.",)))
    confirmed = {c.strip() for c in record.conditions_confirmed}
    missing = [c for c in result.conditions if c.status is ConditionStatus.PRESCRIBER and (c.number or "") not in
               confirmed]
    if missing:
        raise RuleInputError("Bekreft at vilkårene som er forskriverens ansvar er oppfylt: " + "; ".join(
            f"vilkår {c.number}: {c.text}" for c in missing) + ".")


def prescriber_facts(record: Prescription) -> Any:
    from blaresept.catalog import codes
    from blaresept.rules.blaresept.eligibility.facts import PrescriberFacts, Specialty

    specialties = record.prescriber_specialties
    return PrescriberFacts(
        hpr=record.prescriber_hpr,
        specialties=None if specialties is None else tuple(
            Specialty(code, codes.specialty_name(code) or code) for code in specialties),
        hospital=record.prescriber_hospital)


def _decisions(session: Session, fnr: str, on: date) -> tuple[Any, ...]:
    from blaresept.catalog.check import _granted

    return _granted(session, fnr, on)


# --- cancelling and reading ----------------------------------------------------------------------------------------


def cancel(session: Session, hpr: str, prescription_id: int, reason: str) -> Prescription:
    """The doctor who wrote it cancels it; it can then not be dispensed. Only the writer can cancel."""
    record = _locked(session, prescription_id)
    if record is None or record.prescriber_hpr != check_hpr(hpr):
        raise NotFound("Fant ingen resept med dette nummeret skrevet av deg.")
    if record.cancelled_at is not None:
        raise Conflict(f"Resepten ble tilbakekalt {record.cancelled_on.isoformat() if record.cancelled_on else ''}"
                       .rstrip() + ".")
    if not reason.strip():
        raise RuleInputError("Skriv hvorfor resepten tilbakekalles.")
    record.cancelled_at = datetime.now(UTC)
    record.cancelled_on = today()
    record.cancel_reason = reason.strip()
    session.flush()
    return record


def _locked(session: Session, prescription_id: int) -> Prescription | None:
    return session.scalar(select(Prescription).where(Prescription.id == prescription_id).with_for_update())


def lock(session: Session, prescription_id: int) -> Prescription | None:
    """The prescription locked for this transaction (two pharmacies never both take the last uttak)."""
    return _locked(session, prescription_id)


@dataclass(frozen=True)
class Used:
    uttak: int
    packs: int
    dispensings: tuple[dict[str, Any], ...]


def used(session: Session, prescription_id: int) -> Used:
    """The dispensings against the prescription that are not returned."""
    from blaresept.counter.tables import Dispensing, DispensingLine

    returned = select(Dispensing.reverses_id).where(Dispensing.reverses_id.is_not(None))
    rows = session.execute(
        select(Dispensing.id, Dispensing.date, Dispensing.pharmacy_org, DispensingLine.varenummer,
               DispensingLine.description, DispensingLine.packs, DispensingLine.supply_days)
        .join(DispensingLine, DispensingLine.dispensing_id == Dispensing.id)
        .where(DispensingLine.prescription_id == prescription_id, Dispensing.kind == "dispensing",
               Dispensing.id.not_in(returned))
        .order_by(Dispensing.date, Dispensing.id)).all()
    return Used(len(rows), sum(r.packs or 0 for r in rows), tuple(
        {"dispensing": r.id, "date": r.date.isoformat(), "pharmacy_org": r.pharmacy_org, "varenummer": r.varenummer,
         "description": r.description, "packs": r.packs, "supply_days": r.supply_days} for r in rows))


def status_of(record: Prescription, left: rules.Remaining, on: date) -> str:
    if record.cancelled_at is not None:
        return "cancelled"
    if left.uttak <= 0 or left.packs <= 0:
        return "used"
    if on > record.valid_until:
        return "expired"
    return "valid"


def body(session: Session, record: Prescription, person: Person | None = None) -> dict[str, Any]:
    """The prescription as the API shows it, with what remains and the dispensings against it."""
    person = person or session.get(Person, record.person_id)
    assert person is not None
    done = used(session, record.id)
    left = rules.remaining(record.packs, record.reit, done.uttak, done.packs, record.valid_until)
    status = status_of(record, left, today())
    per_pack = Decimal(record.units_per_pack)
    dose = Decimal(record.daily_dose)
    return {
        "id": record.id,
        "reference": record.reference,
        "kind": record.kind,
        "kind_text": KINDS[record.kind],
        "status": status,
        "status_text": STATUS_TEXT[status],
        "patient": {"fnr": masked(person.fnr), "name": person.name},
        "prescriber": {"hpr": record.prescriber_hpr, "name": record.prescriber_name,
                       "specialties": record.prescriber_specialties, "hospital": record.prescriber_hospital},
        "written": record.written.isoformat(),
        "valid_until": record.valid_until.isoformat(),
        "item": {"varenummer": record.varenummer, "name": record.item_name, "atc": record.atc, "pack": record.pack,
                 "units_per_pack": _plain(per_pack), "prescription_group": record.prescription_group},
        "packs": record.packs,
        "daily_dose": _plain(dose),
        "dosage_text": record.dosage_text,
        "supply_days_per_uttak": rules.supply_days(record.packs, per_pack, dose),
        "reit": record.reit,
        "hjemmel": record.hjemmel,
        "refund_code": record.refund_code,
        "conditions_confirmed": record.conditions_confirmed,
        "prescriber_reservation": record.prescriber_reservation,
        "instituted_by": record.instituted_by,
        "notes": record.notes,
        "remaining": {"uttak": left.uttak, "packs": left.packs, "valid_until": left.valid_until.isoformat()},
        "dispensings": list(done.dispensings),
        "cancelled_on": record.cancelled_on.isoformat() if record.cancelled_on else None,
        "cancel_reason": record.cancel_reason,
    }


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def get_for_doctor(session: Session, hpr: str, prescription_id: int) -> Prescription:
    record = session.get(Prescription, prescription_id)
    if record is None or record.prescriber_hpr != check_hpr(hpr):
        raise NotFound("Fant ingen resept med dette nummeret skrevet av deg.")
    return record


def doctor_list(session: Session, hpr: str, limit: int = 100) -> list[Prescription]:
    return list(session.scalars(select(Prescription).where(Prescription.prescriber_hpr == check_hpr(hpr))
                                .order_by(Prescription.id.desc()).limit(limit)))


def for_patient(session: Session, fnr: str) -> tuple[Person | None, list[Prescription]]:
    """Every prescription of the person, newest first (the counter shows which can be dispensed and why not)."""
    number = check_fnr(fnr)
    person = session.scalar(select(Person).where(Person.fnr == number))
    if person is None:
        return None, []
    return person, list(session.scalars(select(Prescription).where(Prescription.person_id == person.id)
                                        .order_by(Prescription.written.desc(), Prescription.id.desc())))


def patient_list(session: Session, fnr: str) -> dict[str, Any]:
    """The counter's view of a person's prescriptions: the valid ones first, with what remains."""
    number = check_fnr(fnr)
    person, records = for_patient(session, number)
    bodies = [body(session, r, person) for r in records]
    bodies.sort(key=lambda b: b["status"] != "valid")
    return {"fnr": masked(number), "name": person.name if person else None,
            "valid": sum(1 for b in bodies if b["status"] == "valid"), "prescriptions": bodies}


def count(session: Session) -> int:
    return int(session.scalar(select(func.count(Prescription.id))) or 0)
