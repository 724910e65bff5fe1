"""The counter's check against the catalogue (issue 5), as the hook the dispense operation calls: every line
with a varenummer is checked on the dispensing date, with the patient's granted individual decisions. A
catalogue lookup that fails (no catalogue loaded, a package not in it) refuses the dispensing with the
catalogue's bokmål message instead of failing the request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.counter.requests import DispenseRequest
from blaresept.money import to_kroner
from blaresept.persons.identity import birth_date_of
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


def check_body(session: Session, request: DispenseRequest) -> dict[str, Any]:
    """The check of every line with a varenummer, as the API shows it: reimbursable or not, the hjemmel, the
    vilkår with their status (met, not met, to confirm, the prescriber's responsibility) and reasons, and the
    steps. Nothing is priced or stored."""
    from blaresept.catalog.check import check_dispensing
    from blaresept.catalog.service import CatalogError
    from blaresept.rules.blaresept.eligibility.facts import STATUS_TEXT

    person = session.scalar(select(Person).where(Person.fnr == request.fnr))
    birth_date = person.birth_date if person else birth_date_of(request.fnr)
    try:
        checks = check_dispensing(session, request, request.fnr, birth_date)
    except CatalogError as exc:
        raise RuleInputError(f"Kontrollen mot legemiddelkatalogen kunne ikke gjøres: {exc}") from exc
    lines = [{
        "prescription": c.prescription,
        "line": c.line,
        "varenummer": c.varenummer,
        "reimbursable": c.result.reimbursable,
        "undetermined": c.result.undetermined,
        "hjemmel_code": c.result.hjemmel_code,
        "refund_code": c.result.refund_code,
        "max_refund_price": str(to_kroner(c.result.max_refund_price)) if c.result.max_refund_price is not None
        else None,
        "copay_exempt": c.result.copay_exempt,
        "conditions": [{"number": k.number, "text": k.text, "status": k.status.value,
                        "status_text": STATUS_TEXT[k.status], "reason": k.reason} for k in c.result.conditions],
        "reasons": list(c.result.reasons),
        "steps": [s.as_dict() for s in c.result.steps],
    } for c in checks]
    total = sum(len(p.lines) for p in request.prescriptions)
    return {"date": request.date.isoformat(), "reimbursable": all(line["reimbursable"] for line in lines),
            "lines": lines, "unchecked": total - len(lines)}
