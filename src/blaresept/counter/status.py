"""What the pharmacy counter sees about a person before it dispenses: whether Helfo knows them, their birth
date and age, the exemption statuses that hold on the day, and where they stand against the egenandelstak
(counted copay, frikort). Nothing about their earlier dispensings at other pharmacies."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.counter.service import _ledger_body, _state
from blaresept.counter.tables import LedgerYear
from blaresept.persons.identity import birth_date_of, check_fnr, is_d_number, masked
from blaresept.persons.service import STATUS_NAMES, statuses_of
from blaresept.persons.tables import Person


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def counter_status(session: Session, fnr: str, on: date) -> dict[str, Any]:
    """The person with the number as the counter sees them on the date. A valid number Helfo does not know yet
    is not registered here (the first dispensing does that); its birth date comes from the number."""
    number = check_fnr(fnr)
    person = session.scalar(select(Person).where(Person.fnr == number))
    ledger = None
    if person is not None:
        ledger = session.scalar(select(LedgerYear).where(LedgerYear.person_id == person.id,
                                                         LedgerYear.year == on.year))
    birth = person.birth_date if person is not None else birth_date_of(number)
    statuses = [
        {"category": s.category, "name": STATUS_NAMES.get(s.category, s.category),
         "valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat() if s.valid_to else None}
        for s in (statuses_of(person) if person is not None else []) if s.holds_on(on)
    ]
    return {
        "fnr": masked(number),
        "registered": person is not None,
        "name": person.name if person is not None else None,
        "birth_date": birth.isoformat(),
        "age": age_on(birth, on),
        "d_number": is_d_number(number),
        "date": on.isoformat(),
        "statuses": statuses,
        "ledger": _ledger_body(_state(on.year, ledger)),
    }
