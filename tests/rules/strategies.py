"""Hypothesis strategies for random dispensings on any date 2009–2026, and an independent reference for the
copay written straight from issue 3 and rules-facts.md (not from the parameter files), so that a property
test can also catch a wrong parameter value."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription, Reservation

FIRST = date(2009, 1, 1)
LAST = date(2026, 12, 31)
PRESCRIBERS = ("HPR 1000001", "HPR 2000002", "HPR 3000003")
REFUND_CODES = (None, None, None, "ICD:K21", "ICD:D80.1", "-90", "-53", "Z21", "ICPC:D84", "B24")

# rules-facts.md § 1: the rate and the maximum by period (the maximum per prescription group to 2025,
# per dispensing from 2026).
RATES = ((date(2026, 1, 1), "0.60"), (date(2023, 1, 1), "0.50"), (date(2016, 1, 1), "0.39"),
         (date(2010, 1, 1), "0.38"), (date(2009, 1, 1), "0.36"))
# rules-facts.md § 3: children under 12 (2009), under 16 (2010 – 2026-07-31), under 18 (from 2026-08-01).
CHILD_AGE = ((date(2026, 8, 1), 18), (date(2010, 1, 1), 16), (date(2009, 1, 1), 12))
# seed 004, Refusjonsregler pkt. 3 (ICD-10 codes and the dash codes), the only source (2009); from 2010 only HIV
# (B20–B24, Z21) stays exempt (rules-facts.md § 10: no later source for the others; HIV is a § 4 disease).
EXEMPT_CODES_2009 = {"D80", "D81", "D82", "D83", "D84", "B20", "B21", "B22", "B23", "B24", "Z21", "-53", "-90"}
EXEMPT_CODES_FROM_2010 = {"B20", "B21", "B22", "B23", "B24", "Z21"}


def exempt_codes(on: date) -> set[str]:
    return EXEMPT_CODES_2009 if on < date(2010, 1, 1) else EXEMPT_CODES_FROM_2010


def in_force(table: tuple[tuple[date, object], ...], on: date) -> object:
    return next(value for start, value in table if on >= start)


def maximum_on(on: date) -> int:
    return 40000 if on >= date(2026, 1, 1) else 52000


def per_dispensing(on: date) -> bool:
    return on >= date(2026, 1, 1)


def flags(chance_in_ten: int = 1) -> st.SearchStrategy[bool]:
    """A boolean that is true about chance_in_ten times in ten."""
    return st.integers(0, 9).map(lambda n: n < chance_in_ten)


prices = st.integers(min_value=0, max_value=400_000)  # 0 – 4 000 kr in øre


@st.composite
def lines(draw: st.DrawFn) -> Line:
    price = draw(prices)
    reserved_by = draw(st.sampled_from(list(Reservation)))
    cheapest = draw(st.none() | prices) if reserved_by is not Reservation.PATIENT else draw(prices)
    max_refund = draw(st.none() | st.none() | prices)
    return Line(price=price, cheapest_price=cheapest, reserved_by=reserved_by, max_refund_price=max_refund)


@st.composite
def prescriptions(draw: st.DrawFn, on: date) -> Prescription:
    return Prescription(
        prescriber=draw(st.sampled_from(PRESCRIBERS)),
        written=on - timedelta(days=draw(st.integers(0, 2))),  # few dates, so groups often share one
        hjemmel=draw(st.sampled_from([Hjemmel.SECTION_2] * 6 + list(Hjemmel))),
        lines=tuple(draw(st.lists(lines(), min_size=1, max_size=3))),
        refund_code=draw(st.sampled_from(REFUND_CODES)),
        yrkesskade=draw(flags()),
    )


@st.composite
def dispensings(draw: st.DrawFn, first: date = FIRST, last: date = LAST) -> Dispensing:
    on = draw(st.dates(min_value=first, max_value=last))
    birth = draw(st.dates(min_value=date(1915, 1, 1), max_value=on))
    patient = Patient(birth_date=birth, minimum_pensioner=draw(flags()), frikort=draw(flags()))
    return Dispensing(date=on, patient=patient,
                      prescriptions=tuple(draw(st.lists(prescriptions(on), min_size=1, max_size=4))))


def age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def reference_basis(line: Line) -> int:
    """Seed 004 Refusjonsregler pkt. 2: the cheapest price when the patient reserved, the dispensed price
    otherwise, at most the maximum refund price."""
    basis = line.price
    if line.reserved_by is Reservation.PATIENT and line.cheapest_price is not None:
        basis = min(basis, line.cheapest_price)
    if line.max_refund_price is not None:
        basis = min(basis, line.max_refund_price)
    return basis


def reference_copay(dispensing: Dispensing) -> int:
    """The copay of a whole dispensing, computed with Decimal arithmetic straight from the rules."""
    on = dispensing.date
    patient = dispensing.patient
    if age(patient.birth_date, on) < int(str(in_force(CHILD_AGE, on))):
        return 0
    if patient.minimum_pensioner or patient.frikort:
        return 0
    groups: dict[str, int] = {}
    for prescription in dispensing.prescriptions:
        if prescription.hjemmel is Hjemmel.SECTION_4 or prescription.yrkesskade:
            continue
        if prescription.refund_code is not None:
            system, _, code = prescription.refund_code.rpartition(":")
            main = code if code.startswith("-") else code.replace(".", "")[:3]
            if not system.upper().startswith("ICPC") and main in exempt_codes(on):
                continue
        key = "all" if per_dispensing(on) else f"{prescription.prescriber}|{prescription.written}"
        groups[key] = groups.get(key, 0) + sum(reference_basis(line) for line in prescription.lines)
    rate = Decimal(str(in_force(RATES, on)))
    total = 0
    for basis in groups.values():
        uncapped = int((rate * basis).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        total += min(uncapped, maximum_on(on))
    return total
