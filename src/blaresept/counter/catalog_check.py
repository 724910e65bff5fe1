"""The counter's check against the catalogue (issue 5), as the hook the dispense operation calls: every line
with a varenummer is checked on the dispensing date, with the patient's granted individual decisions. A
catalogue lookup that fails (no catalogue loaded, a package not in it) refuses the dispensing with the
catalogue's bokmål message instead of failing the request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from blaresept.counter.requests import DispenseRequest
from blaresept.persons.tables import Person
from blaresept.rules.errors import RuleInputError
from blaresept.rules.steps import Step


def check_against_catalog(session: Session, request: DispenseRequest, person: Person) -> list[Step]:
    from blaresept.catalog.check import counter_check
    from blaresept.catalog.service import CatalogError

    try:
        return counter_check(session, request, person)
    except CatalogError as exc:
        raise RuleInputError(f"Kontrollen mot legemiddelkatalogen kunne ikke gjøres: {exc}") from exc
