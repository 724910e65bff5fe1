"""The counter dispenses against prescriptions in the register: the pharmacist chooses prescriptions and how many
packs; the catalogue fills item and price (blaresept.rules.blaresept.catalog_price); the register says what
remains; the check of §§ 2–6 runs with the days of supply; and the confirmation is bound to its quote.

The quote's token is a SHA-256 fingerprint of everything the price depends on: the request as the server read it,
the priced answer (with the parameter versions in its steps and the ledger it saw, including the number of the
person's dispensings this year), the catalogue release, and what remains of each prescription. The dispense
recomputes the fingerprint inside its transaction, with the ledger and the prescriptions locked, and refuses with
a bokmål message when it differs: an edited request, another dispensing for the person in between, a new
catalogue release, or a prescription dispensed or cancelled elsewhere.

Dates: a dispensing is dated today in Norway by the server. A dispensing made earlier (the system was down, it was
made on paper) is registered late as its own action, with a reason, at most LATE_DAYS days back and never in the
future; it is dated the day it was made and registered today."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.catalog import service as catalog
from blaresept.counter import service
from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.counter.service import CheckHook
from blaresept.money import Ore, format_kr
from blaresept.persons.identity import check_fnr
from blaresept.persons.tables import Person
from blaresept.prescriptions import service as register
from blaresept.prescriptions.tables import Prescription
from blaresept.rules.blaresept import prescription as rules
from blaresept.rules.blaresept.catalog_price import CatalogPrices, catalog_line
from blaresept.rules.blaresept.dispensing import Hjemmel
from blaresept.rules.errors import RuleInputError
from blaresept.rules.steps import Step
from blaresept.timeutil import today

LATE_DAYS = 14
"""How far back a dispensing may be registered late. Not a legal quantity: a bound chosen so a late registration
covers a system outage or a weekend on paper, but cannot move a dispensing into another claim period long closed
(docs/prescriptions.md)."""
TOKEN_PREFIX = "q1-"


class StaleQuote(Exception):
    """The dispensing no longer matches its quote. Message in bokmål."""


@dataclass(frozen=True)
class Item:
    """One prescription to dispense now."""

    prescription_id: int
    packs: int | None = None
    varenummer: str | None = None
    """A substitute in the prescribed package's byttegruppe at the same pack size; the prescribed one if None."""
    patient_reserved: bool = False
    price: Ore | None = None
    """The pharmacy's own price per pack, below the catalogue's ceiling."""


@dataclass(frozen=True)
class CounterRequest:
    fnr: str
    items: tuple[Item, ...]
    late_on: date | None = None
    late_reason: str | None = None


@dataclass
class Built:
    """The dispense request the counter service prices, and what the pharmacist is told about each item."""

    request: DispenseRequest
    items: list[dict[str, Any]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    fingerprint: dict[str, Any] = field(default_factory=dict)


def dispensing_date(request: CounterRequest) -> date:
    """Today in Norway, or the day a late registration says it was made (bounded, never in the future)."""
    now = today()
    if request.late_on is None:
        if request.late_reason:
            raise RuleInputError("En begrunnelse hører bare til en etterregistrering (med datoen utleveringen ble "
                                 "gjort).")
        rules.check_in_scope(now)
        return now
    if not (request.late_reason or "").strip():
        raise RuleInputError("En etterregistrering må ha en begrunnelse (f.eks. «systemet var nede»).")
    if request.late_on > now:
        raise RuleInputError(f"Utleveringen kan ikke registreres frem i tid ({request.late_on.isoformat()}); "
                             f"i dag er {now.isoformat()}.")
    if request.late_on == now:
        raise RuleInputError("En utlevering gjort i dag registreres som vanlig utlevering, ikke som "
                             "etterregistrering.")
    if request.late_on < now - timedelta(days=LATE_DAYS):
        raise RuleInputError(f"En utlevering kan etterregistreres høyst {LATE_DAYS} dager tilbake (tidligste dato er "
                             f"{(now - timedelta(days=LATE_DAYS)).isoformat()}).")
    rules.check_in_scope(request.late_on)
    return request.late_on


def build(session: Session, request: CounterRequest, *, lock: bool = False) -> Built:
    """Read the prescriptions (locked when dispensing), check what remains, and price each item from the
    catalogue on the date. RuleInputError (bokmål) for anything that cannot be dispensed."""
    number = check_fnr(request.fnr)
    on = dispensing_date(request)
    if not request.items:
        raise RuleInputError("Velg minst én resept å utlevere.")
    ids = [item.prescription_id for item in request.items]
    if len(set(ids)) != len(ids):
        raise RuleInputError("Samme resept er valgt to ganger; velg antall pakninger på én linje.")
    person = session.scalar(select(Person).where(Person.fnr == number))
    built_lines: list[PrescriptionRequest] = []
    out = Built(DispenseRequest(number, on))
    release: int | None = None
    for position, item in enumerate(request.items, start=1):
        record = register.lock(session, item.prescription_id) if lock else session.get(Prescription,
                                                                                        item.prescription_id)
        if record is None or person is None or record.person_id != person.id:
            raise service.NotFound(f"Fant ingen resept nummer {item.prescription_id} for denne pasienten.")
        done = register.used(session, record.id)
        left = rules.remaining(record.packs, record.reit, done.uttak, done.packs, record.valid_until)
        packs = item.packs if item.packs is not None else min(record.packs, left.packs)
        remaining_step = rules.check_dispensable(
            on=on, written=record.written, until=record.valid_until, cancelled=record.cancelled_at is not None,
            left=left, packs=packs, per_uttak=record.packs)
        package, prescribed, note = _choose(session, record, item, on)
        release = package.release.id
        cheapest = package.substitution.cheapest.aup if package.substitution and package.substitution.cheapest \
            else None
        line, price_step = catalog_line(
            CatalogPrices(package.name, package.price("aup"), package.price("trinnpris"), cheapest), packs, on=on,
            patient_reserved=item.patient_reserved, prescriber_reserved=record.prescriber_reservation,
            pharmacy_price=item.price)
        days = rules.supply_days(packs, Decimal(record.units_per_pack), Decimal(record.daily_dose))
        built_lines.append(PrescriptionRequest(
            prescriber=record.prescriber_hpr, written=record.written, hjemmel=Hjemmel(record.hjemmel),
            refund_code=record.refund_code,
            prescriber_specialties=tuple(record.prescriber_specialties)
            if record.prescriber_specialties is not None else None,
            prescriber_hospital=record.prescriber_hospital, instituted_by=record.instituted_by,
            lines=(LineRequest(price=line.price, cheapest_price=line.cheapest_price, reserved_by=line.reserved_by,
                               varenummer=package.varenummer, description=package.name, prescription_id=record.id,
                               packs=packs, supply_days=days, catalog_priced=True),)))
        out.steps.extend([remaining_step, price_step])
        out.items.append({
            "position": position, "prescription_id": record.id, "prescribed": prescribed,
            "varenummer": package.varenummer, "name": package.name, "pack": register.catalog_pack(package),
            "packs": packs, "supply_days": days, "substituted": package.varenummer != record.varenummer,
            "note": note, "price": service.kr(line.price),
            "cheapest_price": service.kr(line.cheapest_price) if line.cheapest_price is not None else None,
            "reserved_by": line.reserved_by.value,
            "remaining_after": {"uttak": left.uttak - 1, "packs": left.packs - packs,
                                "valid_until": record.valid_until.isoformat()},
        })
        out.fingerprint[str(record.id)] = {"left": [left.uttak, left.packs], "cancelled": record.cancelled_at
                                           is not None}
    out.request = DispenseRequest(number, on, tuple(built_lines),
                                  registered_on=today() if request.late_on else None,
                                  late_reason=(request.late_reason or "").strip() or None)
    out.fingerprint["release"] = release
    return out


def _choose(session: Session, record: Prescription, item: Item, on: date
            ) -> tuple[catalog.PackageView, dict[str, str], str | None]:
    """The package to dispense: the prescribed one, the pharmacist's substitute from the byttegruppe at the same
    pack size, or — with no reservation and no trinnpris — the cheapest equivalent the pharmacy offers."""
    try:
        prescribed = catalog.package_on(session, record.varenummer, on)
    except catalog.CatalogError as exc:
        raise RuleInputError(str(exc)) from None
    shown = {"varenummer": prescribed.varenummer, "name": prescribed.name}
    members = {m.varenummer: m for m in prescribed.substitution.members} if prescribed.substitution else {}
    same_pack = {v for v, m in members.items() if m.pack == register.catalog_pack(prescribed)}
    wanted = (item.varenummer or "").strip()
    if wanted and wanted != prescribed.varenummer:
        if record.prescriber_reservation:
            raise RuleInputError(f"Legen har reservert seg mot bytte: bare {prescribed.name} (varenummer "
                                 f"{prescribed.varenummer}) kan utleveres på denne resepten.")
        if wanted not in same_pack:
            raise RuleInputError(f"Varenummer {wanted} er ikke likeverdig med {prescribed.name}: det er ikke i samme "
                                 f"byttegruppe med samme pakningsstørrelse på {on.isoformat()}.")
        chosen = catalog.package_on(session, wanted, on)
        return chosen, shown, f"Byttet til {chosen.name} (likeverdig, samme pakningsstørrelse)."
    if wanted or record.prescriber_reservation or item.patient_reserved or prescribed.price("trinnpris") is not None:
        return prescribed, shown, None
    cheapest = prescribed.substitution.cheapest if prescribed.substitution else None
    own = prescribed.price("aup")
    if cheapest is not None and cheapest.aup is not None and own is not None and cheapest.aup < own \
            and cheapest.varenummer in same_pack:
        chosen = catalog.package_on(session, cheapest.varenummer, on)
        return chosen, shown, (f"Apoteket tilbyr billigste likeverdige pakning, {chosen.name} "
                               f"({format_kr(cheapest.aup)} mot {format_kr(own)}).")
    return prescribed, shown, None


def _token(built: Built, priced: dict[str, Any]) -> str:
    material = {"request": service_payload(built.request), "priced": priced, "state": built.fingerprint}
    digest = hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()
    return TOKEN_PREFIX + digest


def service_payload(request: DispenseRequest) -> dict[str, Any]:
    return {"fnr": request.fnr, "date": request.date.isoformat(), "registered_on": str(request.registered_on),
            "late_reason": request.late_reason, "prescriptions": [
                {"id": p.lines[0].prescription_id, "varenummer": p.lines[0].varenummer, "packs": p.lines[0].packs,
                 "price": p.lines[0].price, "cheapest": p.lines[0].cheapest_price,
                 "reserved_by": p.lines[0].reserved_by.value} for p in request.prescriptions]}


def quote(session: Session, request: CounterRequest, check: CheckHook | None) -> dict[str, Any]:
    """Check and price against the prescriptions without storing, with the token the dispense must carry."""
    built = build(session, request)
    body = service.quote(session, built.request, check)
    body["steps"] = [s.as_dict() for s in built.steps] + body["steps"]
    ledger_state = _ledger_state(session, built.request)
    body["items"] = built.items
    body["late_registration"] = _late(built.request)
    body["quote_token"] = _token(built, _stable(body) | {"ledger_state": ledger_state})
    return body


def dispense(session: Session, pharmacy_org: str, request: CounterRequest, token: str,
             check: CheckHook | None) -> dict[str, Any]:
    """Dispense what was quoted: the prescriptions and the ledger locked, the quote recomputed and compared with
    its token, then the counter's dispense (check, price with the ledger, store, count)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        raise StaleQuote("Utleveringen mangler pristilbudet (quote_token): beregn prisen med POST /pharmacy/quote "
                         "og send med tokenet du fikk.")
    built = build(session, request, lock=True)
    person = session.scalar(select(Person).where(Person.fnr == built.request.fnr))
    if person is not None:
        service.lock_ledger(session, person.id, built.request.date.year)
    again = service.quote(session, built.request, check)
    again["steps"] = [s.as_dict() for s in built.steps] + again["steps"]
    if _token(built, _stable(again) | {"ledger_state": _ledger_state(session, built.request)}) != token:
        raise StaleQuote("Noe er endret siden prisen ble beregnet (skjemaet, en annen utlevering til pasienten, "
                         "katalogen eller det som gjenstår på resepten). Ingenting er lagret: beregn prisen på nytt "
                         "og bekreft den nye prisen.")
    stored = service.dispense(session, pharmacy_org, built.request, check, built.steps)
    stored["items"] = built.items
    stored["late_registration"] = _late(built.request)
    return stored


def _stable(body: dict[str, Any]) -> dict[str, Any]:
    return {k: body.get(k) for k in ("date", "totals", "lines", "groups", "periods", "ledger", "steps")}


def _ledger_state(session: Session, request: DispenseRequest) -> list[Any]:
    from blaresept.counter.tables import LedgerYear

    person = session.scalar(select(Person).where(Person.fnr == request.fnr))
    ledger = session.scalar(select(LedgerYear).where(LedgerYear.person_id == person.id,
                                                     LedgerYear.year == request.date.year)) if person else None
    return [ledger.counted, ledger.dispensings, str(ledger.frikort_from)] if ledger else [0, 0, "None"]


def _late(request: DispenseRequest) -> dict[str, Any] | None:
    if request.registered_on is None:
        return None
    return {"dispensed_on": request.date.isoformat(), "registered_on": request.registered_on.isoformat(),
            "reason": request.late_reason}


def check(session: Session, request: CounterRequest) -> dict[str, Any]:
    """The catalogue check of the chosen prescriptions with the days of supply (nothing priced or stored)."""
    from blaresept.counter.catalog_check import check_body

    built = build(session, request)
    body = check_body(session, built.request)
    body["items"] = built.items
    return body
