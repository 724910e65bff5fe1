"""The counter's operations, each one transaction in the caller's session: quote (price, store nothing),
dispense (check, price with the person's ledger, store, count, issue the frikort), return (reverse exactly,
possibly undoing the frikort), claims, settlement of refunds, and a person's year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from blaresept.counter import periods as period_store
from blaresept.counter.requests import DispenseRequest, LineRequest
from blaresept.counter.tables import Dispensing, DispensingLine, LedgerYear
from blaresept.money import Ore, format_kr, to_kroner
from blaresept.persons.identity import IdentityError, birth_date_of, check_fnr, check_hpr, check_org_number, masked
from blaresept.persons.service import has_status
from blaresept.persons.tables import Person
from blaresept.rules import law
from blaresept.rules.blaresept import dispensing as core
from blaresept.rules.egenandelstak.annual_cap import AnnualCap, CountedCopay, annual_cap
from blaresept.rules.egenandelstak.ledger import YearState, ledger_step, price_with_ledger, tak_for
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import default_parameters
from blaresept.rules.steps import Step


class NotFound(LookupError):
    """Message in bokmål."""


class Conflict(Exception):
    """The request contradicts what is stored (already returned, claim id reused …). Message in bokmål."""


CheckHook = Callable[[Session, DispenseRequest, Person], list[Step]]
"""Checks a dispensing against the catalogue before it is priced; raises RuleInputError when something is
not reimbursable, returns the check's steps otherwise. Installed by the application when a catalogue exists."""


def kr(amount: Ore) -> str:
    """Money in API bodies: kroner as an exact decimal string ('78.00')."""
    return str(to_kroner(amount))


def to_core(request: DispenseRequest, patient: core.Patient) -> core.Dispensing:
    return core.Dispensing(
        date=request.date,
        patient=patient,
        prescriptions=tuple(
            core.Prescription(
                prescriber=prescriber_key(p.prescriber),
                written=p.written,
                hjemmel=p.hjemmel,
                lines=tuple(_line(line) for line in p.lines),
                refund_code=p.refund_code,
                yrkesskade=p.yrkesskade,
            )
            for p in request.prescriptions
        ),
    )


def prescriber_key(text: str) -> str:
    """The prescriber in one form, «HPR 9144889», whatever the spelling («9144889», «hpr-nr. 9144889»), so one
    doctor's prescriptions share one copay maximum (to 2025). A prescriber that is not an HPR number is refused."""
    try:
        return f"HPR {check_hpr(text)}"
    except IdentityError as exc:
        raise RuleInputError(f"Forskriveren må oppgis med HPR-nummer: {exc}") from None


def _line(line: LineRequest) -> core.Line:
    return core.Line(line.price, line.cheapest_price, line.reserved_by, line.max_refund_price)


def _patient(person_birth: date, minimum_pensioner: bool, frikort: bool) -> core.Patient:
    return core.Patient(birth_date=person_birth, minimum_pensioner=minimum_pensioner, frikort=frikort)


def _check_date(request: DispenseRequest) -> None:
    """No dispensing in the future (Norwegian time), and none after the parameters' range."""
    from blaresept.rules.blaresept.prescription import check_in_scope
    from blaresept.timeutil import today

    if request.date > today():
        raise RuleInputError(f"En utlevering kan ikke dateres frem i tid ({request.date.isoformat()}).")
    check_in_scope(request.date)


def _check_yrkesskade(request: DispenseRequest, person: Person | None) -> None:
    for number, prescription in enumerate(request.prescriptions, start=1):
        if prescription.yrkesskade and (person is None or not has_status(person, "Y", request.date)):
            raise RuleInputError(
                f"Resept {number} er merket yrkesskade, men personen har ingen godkjent yrkesskade "
                f"registrert på {request.date.isoformat()}."
            )


def quote(session: Session, request: DispenseRequest, check: CheckHook | None = None) -> dict[str, Any]:
    """Check and price as the counter would now, with the person's current year, and store nothing."""
    number = check_fnr(request.fnr)
    _check_date(request)
    person = session.scalar(select(Person).where(Person.fnr == number))
    ledger = None
    if person is not None:
        ledger = session.scalar(select(LedgerYear).where(LedgerYear.person_id == person.id,
                                                         LedgerYear.year == request.date.year))
    _check_yrkesskade(request, person)
    check_steps = check(session, request, person or Person(fnr=number, birth_date=birth_date_of(number))) \
        if check else []
    state = _state(request.date.year, ledger)
    patient = _patient(person.birth_date if person else birth_date_of(number),
                       bool(person and has_status(person, "M", request.date)), False)
    periods = period_store.open_periods(session, person.id, request.date) if person is not None else []
    priced, after = price_with_ledger(to_core(request, patient), state, periods=periods)
    steps = check_steps + list(priced.steps) + [ledger_step(state, after, priced.copay)]
    return _priced_body(priced, steps) | {"ledger": _ledger_body(after), "stored": False,
                                          "person": {"fnr": masked(number)}}


def dispense(session: Session, pharmacy_org: str, request: DispenseRequest,
             check: CheckHook | None = None, explained: list[Step] | None = None) -> dict[str, Any]:
    """Check, price with the person's ledger (locked), store the dispensing, count the copay and issue the
    frikort when the tak is reached (it applies from the next dispensing)."""
    from blaresept.persons.service import find_or_register

    org = check_org_number(pharmacy_org)
    _check_date(request)
    person = find_or_register(session, request.fnr)
    _check_yrkesskade(request, person)
    check_steps = check(session, request, person) if check else []
    if period_store.previous_year_may_be_open(request.date):
        lock_ledger(session, person.id, request.date.year - 1)  # its periods may still be open
    ledger = lock_ledger(session, person.id, request.date.year)
    before = _state(ledger.year, ledger)
    patient = _patient(person.birth_date, has_status(person, "M", request.date), False)
    periods = period_store.open_periods(session, person.id, request.date)
    priced, after = price_with_ledger(to_core(request, patient), before, periods=periods)
    steps = list(explained or []) + check_steps + list(priced.steps) + [ledger_step(before, after, priced.copay)]

    checked = {(s.inputs.get("number")) for s in check_steps if s.rule == "blaresept.eligibility.product"}
    record = Dispensing(
        kind="dispensing", person_id=person.id, pharmacy_org=org, date=request.date, year=request.date.year,
        price=priced.price, copay=priced.copay, patient_extra=priced.patient_extra, helfo=priced.helfo,
        frikort=before.frikort, reached_tak=after.frikort and not before.frikort,
        steps=[s.as_dict() for s in steps], registered_on=request.registered_on or request.date,
        late_reason=request.late_reason,
    )
    for line in priced.lines:
        prescription = request.prescriptions[line.prescription - 1]
        source = prescription.lines[line.line - 1]
        record.lines.append(DispensingLine(
            prescription_no=line.prescription, line_no=line.line, prescriber=prescriber_key(prescription.prescriber),
            written=prescription.written, hjemmel=prescription.hjemmel.value, refund_code=prescription.refund_code,
            varenummer=source.varenummer, description=source.description, price=line.price, basis=line.basis,
            mellomlegg=line.mellomlegg, above_max_refund=line.above_max_refund, copay=line.copay, helfo=line.helfo,
            prescription_id=source.prescription_id, packs=source.packs, supply_days=source.supply_days,
            reserved_by=source.reserved_by.value, catalog_priced=source.catalog_priced,
            checked=bool(check is not None and source.varenummer and source.varenummer.strip() in checked),
        ))
    record.claimable = bool(record.lines) and all(line.catalog_priced and line.checked for line in record.lines)
    session.add(record)
    session.flush()
    period_store.save_periods(session, person.id, record.id, priced)
    ledger.counted = after.counted
    ledger.dispensings += 1
    if after.frikort and not before.frikort:
        ledger.frikort_from = after.reached_on
        ledger.frikort_dispensing_id = record.id
    session.flush()
    return dispensing_body(record, person, ledger)


def return_dispensing(session: Session, pharmacy_org: str, dispensing_id: int, on: date | None = None
                      ) -> dict[str, Any]:
    """Reverse a dispensing exactly (retur): a return record with the negated amounts, dated the day it is
    registered (so it is in that day's list and that period's claim); the counted copay of the original's year
    goes down and a frikort the person no longer reaches is withdrawn."""
    from blaresept.timeutil import today

    org = check_org_number(pharmacy_org)
    on = on or today()
    original = session.get(Dispensing, dispensing_id)
    if original is None or original.kind != "dispensing" or original.pharmacy_org != org:
        raise NotFound("Fant ingen utlevering med dette nummeret fra ditt apotek.")
    if period_store.previous_year_may_be_open(original.date):
        lock_ledger(session, original.person_id, original.year - 1)
    ledger = lock_ledger(session, original.person_id, original.year)
    already = session.scalar(select(Dispensing.id).where(Dispensing.reverses_id == original.id))
    if already is not None:
        raise Conflict(f"Utlevering {original.id} er allerede returnert (retur {already}).")
    person = session.get(Person, original.person_id)
    assert person is not None
    tak = tak_for(original.year, default_parameters())
    counted_after = ledger.counted - original.copay
    withdrawn = ledger.frikort_from is not None and counted_after < tak
    text = (f"Utlevering {original.id} er returnert. Egenandelen på {format_kr(original.copay)} trekkes fra "
            f"tellende egenandel for {original.year}, som nå er {format_kr(counted_after)}.")
    if withdrawn:
        text += " Egenandelstaket er ikke lenger nådd, så frikortet trekkes tilbake."
    step = Step(
        rule="egenandelstak.return", reference=law.ftrl("§ 5-3"), version=date(original.year, 1, 1),
        outcome="frikort_trukket" if withdrawn else "reversert", text=text,
        inputs={"dispensing": original.id, "copay": original.copay, "counted_before": ledger.counted},
        outputs={"counted_after": counted_after, "frikort_withdrawn": withdrawn},
    )
    reversal = Dispensing(
        kind="return", reverses_id=original.id, person_id=original.person_id, pharmacy_org=org,
        date=on, registered_on=on, year=original.year, price=-original.price, copay=-original.copay,
        patient_extra=-original.patient_extra, helfo=-original.helfo, frikort=original.frikort,
        reached_tak=False, steps=[step.as_dict()], claimable=original.claimable,
    )
    for line in original.lines:
        reversal.lines.append(DispensingLine(
            prescription_no=line.prescription_no, line_no=line.line_no, prescriber=line.prescriber,
            written=line.written, hjemmel=line.hjemmel, refund_code=line.refund_code, varenummer=line.varenummer,
            description=line.description, price=-line.price, basis=-line.basis, mellomlegg=-line.mellomlegg,
            above_max_refund=-line.above_max_refund, copay=-line.copay, helfo=-line.helfo,
            prescription_id=line.prescription_id, packs=line.packs, supply_days=line.supply_days,
            reserved_by=line.reserved_by, catalog_priced=line.catalog_priced, checked=line.checked,
        ))
    session.add(reversal)
    session.flush()
    period_steps = period_store.give_back(session, original.person_id, original.id, reversal.id)
    if period_steps:
        reversal.steps = [s.as_dict() for s in period_steps] + [step.as_dict()]
    ledger.counted = counted_after
    if withdrawn:
        ledger.frikort_from = None
        ledger.frikort_dispensing_id = None
    session.flush()
    return dispensing_body(reversal, person, ledger)


def lock_ledger(session: Session, person_id: int, year: int) -> LedgerYear:
    """The person's ledger row for the year, created if missing and locked for this transaction, in one
    statement: INSERT … ON CONFLICT DO UPDATE takes the row lock on PostgreSQL (like SELECT … FOR UPDATE);
    SQLite transactions already hold the write lock."""
    values = {"person_id": person_id, "year": year, "counted": 0, "dispensings": 0}
    statement: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(LedgerYear).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(LedgerYear).values(**values)
    statement = statement.on_conflict_do_update(index_elements=["person_id", "year"],
                                                set_={"year": statement.excluded.year})
    return session.scalars(statement.returning(LedgerYear),
                           execution_options={"populate_existing": True}).one()


def _state(year: int, ledger: LedgerYear | None) -> YearState:
    if ledger is None:
        return YearState(year)
    return YearState(year, ledger.counted, ledger.frikort_from)


def _priced_body(priced: core.PricedDispensing, steps: list[Step]) -> dict[str, Any]:
    return {
        "date": priced.date.isoformat(),
        "totals": {"price": kr(priced.price), "copay": kr(priced.copay),
                   "patient_extra": kr(priced.patient_extra), "helfo": kr(priced.helfo)},
        "lines": [{"prescription": line.prescription, "line": line.line, "price": kr(line.price),
                   "basis": kr(line.basis), "copay": kr(line.copay), "mellomlegg": kr(line.mellomlegg),
                   "above_max_refund": kr(line.above_max_refund), "patient_extra": kr(line.patient_extra),
                   "helfo": kr(line.helfo)} for line in priced.lines],
        "groups": [{"key": g.key, "label": g.label, "basis": kr(g.basis), "uncapped": kr(g.uncapped),
                    "maximum": kr(g.maximum), "copay": kr(g.copay), "capped": g.capped} for g in priced.groups],
        "periods": period_store.priced_periods(priced),
        "steps": [s.as_dict() for s in steps],
    }


def _ledger_body(state: YearState) -> dict[str, Any]:
    tak = tak_for(state.year, default_parameters())
    return {"year": state.year, "counted": kr(state.counted), "tak": kr(tak),
            "remaining": kr(max(0, tak - state.counted)),
            "frikort_from": state.reached_on.isoformat() if state.reached_on else None}


def dispensing_body(record: Dispensing, person: Person, ledger: LedgerYear | None) -> dict[str, Any]:
    """The stored dispensing (or return) as the API shows it."""
    body: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "reverses": record.reverses_id,
        "date": record.date.isoformat(),
        "registered_on": (record.registered_on or record.date).isoformat(),
        "late_reason": record.late_reason,
        "pharmacy_org": record.pharmacy_org,
        "person": {"fnr": masked(person.fnr)},
        "frikort_applied": record.frikort,
        "reached_tak": record.reached_tak,
        "totals": {"price": kr(record.price), "copay": kr(record.copay),
                   "patient_extra": kr(record.patient_extra), "helfo": kr(record.helfo)},
        "lines": [{"prescription": line.prescription_no, "line": line.line_no, "prescriber": line.prescriber,
                   "written": line.written.isoformat(), "hjemmel": line.hjemmel, "refund_code": line.refund_code,
                   "varenummer": line.varenummer, "description": line.description, "price": kr(line.price),
                   "basis": kr(line.basis), "copay": kr(line.copay), "mellomlegg": kr(line.mellomlegg),
                   "above_max_refund": kr(line.above_max_refund),
                   "patient_extra": kr(line.mellomlegg + line.above_max_refund), "helfo": kr(line.helfo),
                   "prescription_id": line.prescription_id, "packs": line.packs, "supply_days": line.supply_days}
                  for line in record.lines],
        "periods": period_store.stored_periods(record),
        "steps": record.steps,
    }
    if ledger is not None:
        body["ledger"] = _ledger_body(YearState(ledger.year, ledger.counted, ledger.frikort_from))
    return body


def get_dispensing(session: Session, pharmacy_org: str, dispensing_id: int) -> dict[str, Any]:
    record = session.get(Dispensing, dispensing_id)
    if record is None or record.pharmacy_org != pharmacy_org:
        raise NotFound("Fant ingen utlevering med dette nummeret fra ditt apotek.")
    person = session.get(Person, record.person_id)
    assert person is not None
    return dispensing_body(record, person, None)


def pharmacy_day(session: Session, pharmacy_org: str, on: date) -> dict[str, Any]:
    """The pharmacy's own dispensings and returns on a date, newest first, with the day's totals. Persons are
    shown with the personal digits masked."""
    records = list(session.scalars(
        select(Dispensing).where(Dispensing.pharmacy_org == pharmacy_org,
                                 or_(Dispensing.date == on, Dispensing.registered_on == on))
        .order_by(Dispensing.id.desc())))
    people = {p.id: p for p in session.scalars(select(Person).where(
        Person.id.in_({r.person_id for r in records})))} if records else {}
    returned = {r.reverses_id for r in records if r.reverses_id is not None}
    returned |= set(session.scalars(select(Dispensing.reverses_id).where(
        Dispensing.reverses_id.in_([r.id for r in records]))))
    return {
        "date": on.isoformat(),
        "count": len(records),
        "totals": {"price": kr(sum(r.price for r in records)), "copay": kr(sum(r.copay for r in records)),
                   "patient_extra": kr(sum(r.patient_extra for r in records)),
                   "helfo": kr(sum(r.helfo for r in records))},
        "dispensings": [{
            "id": r.id, "kind": r.kind, "reverses": r.reverses_id, "returned": r.id in returned,
            "date": r.date.isoformat(), "registered_on": (r.registered_on or r.date).isoformat(),
            "late_reason": r.late_reason,
            "person": {"fnr": masked(people[r.person_id].fnr)},
            "lines": len(r.lines), "frikort_applied": r.frikort,
            "totals": {"price": kr(r.price), "copay": kr(r.copay), "patient_extra": kr(r.patient_extra),
                       "helfo": kr(r.helfo)},
        } for r in records],
    }


def counted_copays(session: Session, person_id: int, year: int) -> list[CountedCopay]:
    """The person's counted copays in the year, in order, with returned dispensings left out."""
    returned = select(Dispensing.reverses_id).where(Dispensing.reverses_id.is_not(None))
    rows = session.execute(
        select(Dispensing.date, Dispensing.copay).where(
            Dispensing.person_id == person_id, Dispensing.year == year, Dispensing.kind == "dispensing",
            Dispensing.id.not_in(returned))
        .order_by(Dispensing.date, Dispensing.id)
    ).all()
    return [CountedCopay(d, c) for d, c in rows]


def settle(session: Session, person_id: int, year: int) -> AnnualCap:
    return annual_cap(year, counted_copays(session, person_id, year))


@dataclass(frozen=True)
class SettlementRow:
    person_id: int
    fnr: str
    year: int
    total_counted: Ore
    frikort_from: date | None
    overshoot: Ore
    refund: Ore


def settlement(session: Session, year: int) -> list[SettlementRow]:
    """Every person whose counted copay in the year reached the tak, with the refund of the overshoot."""
    tak = tak_for(year, default_parameters())
    people = session.execute(
        select(LedgerYear.person_id, Person.fnr).join(Person, Person.id == LedgerYear.person_id)
        .where(LedgerYear.year == year, LedgerYear.counted >= tak).order_by(LedgerYear.person_id)
    ).all()
    rows = []
    for person_id, fnr in people:
        result = settle(session, person_id, year)
        rows.append(SettlementRow(person_id, fnr, year, result.total_counted, result.frikort_from,
                                  result.overshoot, result.refund))
    return rows


def person_year(session: Session, person: Person, year: int) -> dict[str, Any]:
    """A person's year: counted copay, tak, frikort, refund, and each dispensing with its explanation."""
    ledger = session.scalar(select(LedgerYear).where(LedgerYear.person_id == person.id, LedgerYear.year == year))
    cap = settle(session, person.id, year)
    records = list(session.scalars(select(Dispensing).where(Dispensing.person_id == person.id,
                                                            Dispensing.year == year)
                                   .order_by(Dispensing.date, Dispensing.id)))
    state = _state(year, ledger)
    return {
        "person": {"fnr": masked(person.fnr), "name": person.name, "birth_date": person.birth_date.isoformat()},
        "ledger": _ledger_body(state),
        "refund": {"total_counted": kr(cap.total_counted), "overshoot": kr(cap.overshoot), "refund": kr(cap.refund),
                   "steps": [s.as_dict() for s in cap.steps]},
        "dispensings": [dispensing_body(r, person, None) for r in records],
    }


def count_dispensings(session: Session) -> int:
    return int(session.scalar(select(func.count(Dispensing.id))) or 0)
