"""The pharmacy's claim to Helfo (oppgjørskrav, M18 in spirit) and Helfo's settlement of it (oppgjørsresultat,
M22 in spirit).

A claim takes, per pharmacy and period, every dispensing and return *registered* in the period and not claimed
before — only those whose every line was checked against the catalogue and priced from it (a line that could not
be checked is never claimed). It is idempotent by the pharmacy's claim id, also when the same claim arrives many
times at once: the insert is INSERT … ON CONFLICT DO NOTHING, and a request that loses the race answers with the
stored claim.

Helfo's settlement re-checks each line against the catalogue and the rules as they stood on the dispensing date,
and the prescription in the register, and re-prices the dispensing with the exemptions Helfo has registered;
each line is approved (godkjent) or rejected (avvist) with the reasons (Volven 7410: 1 Avvist, 2 Godkjent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.counter.service import Conflict, NotFound, kr
from blaresept.counter.tables import Claim, ClaimSettlement, Dispensing, DispensingLine
from blaresept.money import format_kr
from blaresept.persons.identity import check_org_number, masked
from blaresept.persons.service import has_status
from blaresept.persons.tables import Person
from blaresept.rules.blaresept import dispensing as core
from blaresept.rules.blaresept.dispensing import Reservation
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.errors import RuleInputError

STATUS = {"approved": ("2", "Godkjent"), "rejected": ("1", "Avvist")}


def create_claim(session: Session, pharmacy_org: str, claim_ref: str, period_from: date,
                 period_to: date) -> dict[str, Any]:
    """The claim for the period (see the module text); the same id and period give the same claim."""
    org = check_org_number(pharmacy_org)
    if period_to < period_from:
        raise RuleInputError("Perioden slutter før den begynner.")
    if not claim_ref.strip():
        raise RuleInputError("Kravet mangler apotekets krav-id.")
    existing = _find(session, org, claim_ref)
    if existing is None:
        claim_id = _insert(session, org, claim_ref, period_from, period_to)
        if claim_id is not None:
            return _fill(session, claim_id)
        existing = _find(session, org, claim_ref)
        assert existing is not None  # the concurrent insert that won has committed
    if (existing.period_from, existing.period_to) != (period_from, period_to):
        raise Conflict(f"Krav-id «{claim_ref}» er brukt før for perioden {existing.period_from} – "
                       f"{existing.period_to}.")
    return claim_body(session, existing)


def _find(session: Session, org: str, claim_ref: str) -> Claim | None:
    return session.scalar(select(Claim).where(Claim.pharmacy_org == org, Claim.claim_ref == claim_ref))


def _insert(session: Session, org: str, claim_ref: str, period_from: date, period_to: date) -> int | None:
    """Insert the claim unless one with the id exists (also one being inserted right now: PostgreSQL waits for
    that transaction and then does nothing). The new row's id, or None."""
    values = {"pharmacy_org": org, "claim_ref": claim_ref, "period_from": period_from, "period_to": period_to,
              "total_helfo": 0, "lines": 0}
    statement: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(Claim).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(Claim).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=["pharmacy_org", "claim_ref"]).returning(Claim.id)
    return session.scalar(statement)


def _fill(session: Session, claim_id: int) -> dict[str, Any]:
    claim = session.get(Claim, claim_id)
    assert claim is not None
    records = list(session.scalars(
        select(Dispensing).where(Dispensing.pharmacy_org == claim.pharmacy_org, Dispensing.claim_id.is_(None),
                                 Dispensing.claimable.is_(True), Dispensing.registered_on >= claim.period_from,
                                 Dispensing.registered_on <= claim.period_to)
        .order_by(Dispensing.id).with_for_update()
    ))
    for record in records:
        record.claim_id = claim.id
    claim.total_helfo = sum(r.helfo for r in records)
    claim.lines = sum(len(r.lines) for r in records)
    session.flush()
    return claim_body(session, claim)


def claim_body(session: Session, claim: Claim) -> dict[str, Any]:
    records = list(session.scalars(select(Dispensing).where(Dispensing.claim_id == claim.id)
                                   .order_by(Dispensing.id)))
    settlement = session.scalar(select(ClaimSettlement).where(ClaimSettlement.claim_id == claim.id))
    return {
        "id": claim.id,
        "claim_id": claim.claim_ref,
        "pharmacy_org": claim.pharmacy_org,
        "period_from": claim.period_from.isoformat(),
        "period_to": claim.period_to.isoformat(),
        "total_helfo": kr(claim.total_helfo),
        "dispensings": len(records),
        "lines": [{"line_id": line.id, "dispensing": r.id, "kind": r.kind, "date": r.date.isoformat(),
                   "registered_on": (r.registered_on or r.date).isoformat(),
                   "line": f"{line.prescription_no}.{line.line_no}", "prescription_id": line.prescription_id,
                   "varenummer": line.varenummer, "description": line.description, "packs": line.packs,
                   "hjemmel": line.hjemmel, "helfo": kr(line.helfo)}
                  for r in records for line in r.lines],
        "settlement": settlement_body(settlement) if settlement else None,
    }


def get_claim(session: Session, pharmacy_org: str, claim_ref: str) -> dict[str, Any]:
    claim = _find(session, pharmacy_org, claim_ref)
    if claim is None:
        raise NotFound(f"Fant ikke kravet «{claim_ref}».")
    return claim_body(session, claim)


def pharmacy_claims(session: Session, pharmacy_org: str) -> list[dict[str, Any]]:
    return [claim_body(session, c) for c in session.scalars(
        select(Claim).where(Claim.pharmacy_org == pharmacy_org).order_by(Claim.id.desc()).limit(50))]


def received_claims(session: Session) -> list[dict[str, Any]]:
    """Helfo's view: every claim, newest first, with whether it is settled (no personal data)."""
    settled = set(session.scalars(select(ClaimSettlement.claim_id)))
    return [{"id": c.id, "claim_id": c.claim_ref, "pharmacy_org": c.pharmacy_org,
             "period_from": c.period_from.isoformat(), "period_to": c.period_to.isoformat(),
             "total_helfo": kr(c.total_helfo), "lines": c.lines, "settled": c.id in settled}
            for c in session.scalars(select(Claim).order_by(Claim.id.desc()).limit(200))]


# --- Helfo's settlement ---------------------------------------------------------------------------------------------


def settle(session: Session, claim_id: int, settled_by: str) -> dict[str, Any]:
    """Helfo re-checks every line of the claim and stores its answer; settling again gives the same answer."""
    claim = session.scalar(select(Claim).where(Claim.id == claim_id).with_for_update())
    if claim is None:
        raise NotFound("Fant ikke kravet.")
    existing = session.scalar(select(ClaimSettlement).where(ClaimSettlement.claim_id == claim.id))
    if existing is not None:
        return claim_body(session, claim)
    records = list(session.scalars(select(Dispensing).where(Dispensing.claim_id == claim.id)
                                   .order_by(Dispensing.id)))
    rejected_before = _rejected_lines(session)
    lines: list[dict[str, Any]] = []
    for record in records:
        person = session.get(Person, record.person_id)
        assert person is not None
        if record.kind == "return":
            lines.extend(_credit_lines(session, record, rejected_before))
            continue
        helfo_share = _helfo_recomputed(record, person)
        for index, line in enumerate(record.lines):
            reasons = recheck_line(session, record, line, person)
            if index < len(helfo_share) and helfo_share[index][0] < line.helfo:
                reasons.append(helfo_share[index][1])
            lines.append(_line_result(record, line, reasons))
    approved = sum(line["approved_ore"] for line in lines)
    settlement = ClaimSettlement(claim_id=claim.id, settled_by=settled_by, claimed=claim.total_helfo,
                                 approved=approved, rejected_lines=sum(1 for line in lines
                                                                       if line["status"] == "rejected"),
                                 lines=lines)
    session.add(settlement)
    session.flush()
    return claim_body(session, claim)


def _line_result(record: Dispensing, line: DispensingLine, reasons: list[str]) -> dict[str, Any]:
    status = "rejected" if reasons else "approved"
    return {"line_id": line.id, "dispensing": record.id, "kind": record.kind, "date": record.date.isoformat(),
            "varenummer": line.varenummer, "description": line.description, "claimed_ore": line.helfo,
            "approved_ore": 0 if reasons else line.helfo, "status": status, "reasons": reasons}


def _rejected_lines(session: Session) -> dict[tuple[int, int, int], str]:
    """Lines rejected in earlier settlements, by (dispensing, prescription no, line no)."""
    out: dict[tuple[int, int, int], str] = {}
    for settlement in session.scalars(select(ClaimSettlement)):
        for line in settlement.lines:
            if line["status"] == "rejected":
                row = session.get(DispensingLine, line["line_id"])
                if row is not None:
                    out[(row.dispensing_id, row.prescription_no, row.line_no)] = "; ".join(line["reasons"])
    return out


def _credit_lines(session: Session, record: Dispensing, rejected: dict[tuple[int, int, int], str]
                  ) -> list[dict[str, Any]]:
    """A return credits what was paid: a line Helfo rejected was never paid, so its credit is rejected too."""
    out = []
    for line in record.lines:
        key = (record.reverses_id or 0, line.prescription_no, line.line_no)
        reasons = [f"Utlevering {record.reverses_id} ble avvist i et tidligere oppgjør, så det er ingenting å "
                   "kreditere."] if key in rejected else []
        out.append(_line_result(record, line, reasons))
    return out


def recheck_line(session: Session, record: Dispensing, line: DispensingLine, person: Person) -> list[str]:
    """Why Helfo rejects the line (empty when it is approved): the register, the catalogue and the rules on the
    dispensing date."""
    from blaresept.catalog import service as catalog
    from blaresept.catalog.check import _granted, check_prescription
    from blaresept.prescriptions.service import prescriber_facts
    from blaresept.prescriptions.tables import Prescription
    from blaresept.rules.blaresept.catalog_price import CatalogPrices, catalog_line
    from blaresept.rules.blaresept.eligibility.facts import CheckRequest, PatientFacts, PrescriptionLine

    reasons: list[str] = []
    if not (line.catalog_priced and line.checked and line.varenummer):
        return ["Linjen er ikke kontrollert mot katalogen og priset fra den."]
    prescription = session.get(Prescription, line.prescription_id) if line.prescription_id else None
    if prescription is None:
        return ["Linjen viser ikke til en resept i reseptregisteret."]
    if prescription.person_id != record.person_id:
        reasons.append("Fødselsnummeret på utleveringen er ikke det samme som på resepten.")
    if prescription.cancelled_on is not None and prescription.cancelled_on < record.date:
        reasons.append(f"Resepten ble tilbakekalt {prescription.cancelled_on.isoformat()}, før utleveringen "
                       f"{record.date.isoformat()}.")
    if record.date > prescription.valid_until:
        reasons.append(f"Resepten var gyldig til og med {prescription.valid_until.isoformat()}; utleveringen "
                       f"{record.date.isoformat()} er etter at den gikk ut.")
    try:
        result = check_prescription(session, CheckRequest(
            dispensed=record.date, patient=PatientFacts(person.birth_date), prescriber=prescriber_facts(prescription),
            prescription=PrescriptionLine(written=line.written, hjemmel=line.hjemmel, varenummer=line.varenummer,
                                          refund_code=line.refund_code, instituted_by=prescription.instituted_by,
                                          supply_days=line.supply_days),
            decisions=_granted(session, person.fnr, record.date)))
        if not result.reimbursable:
            reasons.extend(result.reasons or ("Varen gir ikke refusjon på utleveringsdatoen.",))
        package = catalog.package_on(session, line.varenummer, record.date)
        cheapest = package.substitution.cheapest.aup if package.substitution and package.substitution.cheapest \
            else None
        priced, _ = catalog_line(
            CatalogPrices(package.name, package.price("aup"), package.price("trinnpris"), cheapest),
            line.packs or 1, on=record.date, patient_reserved=line.reserved_by == Reservation.PATIENT.value,
            prescriber_reserved=line.reserved_by == Reservation.PRESCRIBER.value)
        if line.price > priced.price:
            reasons.append(f"Prisen {format_kr(line.price)} er over katalogens høyeste pris {format_kr(priced.price)} "
                           f"for {package.name} på {record.date.isoformat()}.")
    except (catalog.CatalogError, RuleInputError) as exc:
        reasons.append(f"Linjen kunne ikke kontrolleres mot katalogen: {exc}")
    return reasons


def _helfo_recomputed(record: Dispensing, person: Person) -> list[tuple[int, str]]:
    """Helfo's share of each line re-priced with the exemptions Helfo has registered for the dispensing date,
    and the reason to give when it is lower than claimed."""
    minimum = has_status(person, "M", record.date)
    lines = []
    for line in record.lines:
        patient_reserved = line.reserved_by == Reservation.PATIENT.value
        lines.append(core.Line(
            price=line.price,
            cheapest_price=line.price - line.mellomlegg if patient_reserved else None,
            reserved_by=Reservation(line.reserved_by) if line.reserved_by else Reservation.NONE,
            max_refund_price=line.basis if line.above_max_refund else None))
    numbers = sorted({line.prescription_no for line in record.lines})
    prescriptions = []
    for number in numbers:
        mine = [(line, lines[i]) for i, line in enumerate(record.lines) if line.prescription_no == number]
        first = mine[0][0]
        prescriptions.append(core.Prescription(first.prescriber, first.written, core.Hjemmel(first.hjemmel),
                                               tuple(item for _, item in mine), first.refund_code))
    dispensing = core.Dispensing(record.date, core.Patient(person.birth_date, minimum_pensioner=minimum,
                                                           frikort=record.frikort), tuple(prescriptions))
    priced = price_dispensing(dispensing)
    by_position = {(p.prescription, p.line): p for p in priced.lines}
    claimed_exempt = any("minstepensjonist" in (s.get("text") or "") and "betaler ikke" in (s.get("text") or "")
                         for s in record.steps)
    out = []
    for line in record.lines:
        again = by_position[(numbers.index(line.prescription_no) + 1,
                             sum(1 for other in record.lines if other.prescription_no == line.prescription_no
                                 and other.line_no <= line.line_no))]
        if claimed_exempt and not minimum:
            why = (f"Egenandelsfritaket som minstepensjonist er ikke registrert hos Helfo på utleveringsdatoen "
                   f"{record.date.isoformat()}; Helfos andel er {format_kr(again.helfo)}, ikke "
                   f"{format_kr(line.helfo)}.")
        else:
            why = (f"Helfos andel av linjen er {format_kr(again.helfo)} etter Helfos kontroll, ikke "
                   f"{format_kr(line.helfo)}.")
        out.append((again.helfo, why))
    return out


def settlement_body(settlement: ClaimSettlement) -> dict[str, Any]:
    return {
        "settled_at": settlement.settled_at.isoformat() if settlement.settled_at else None,
        "claimed": kr(settlement.claimed),
        "approved": kr(settlement.approved),
        "rejected_lines": settlement.rejected_lines,
        "lines": [{"line_id": line["line_id"], "dispensing": line["dispensing"], "kind": line["kind"],
                   "date": line["date"], "varenummer": line["varenummer"], "description": line["description"],
                   "claimed": kr(line["claimed_ore"]), "approved": kr(line["approved_ore"]),
                   "status": line["status"], "status_code": STATUS[line["status"]][0],
                   "status_text": STATUS[line["status"]][1], "reasons": line["reasons"]}
                  for line in settlement.lines],
    }


def masked_person(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return masked(person.fnr) if person else ""
