"""Settlement of the year: every person above the egenandelstak and the refund of the overshoot. Caseworkers
see each person; analysts only the totals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from blaresept.api.deps import SessionDep, require_roles
from blaresept.api.schemas import SettlementOut
from blaresept.audit.log import record_many
from blaresept.auth.principal import Principal, Role
from blaresept.counter import service
from blaresept.persons.identity import masked
from blaresept.rules.egenandelstak.ledger import tak_for
from blaresept.rules.parameters import default_parameters

router = APIRouter(prefix="/settlement", tags=["oppgjør"])

Reader = Annotated[Principal, Depends(require_roles(Role.CASEWORKER, Role.ANALYST))]


@router.get("/{year}", response_model=SettlementOut, summary="Tilbakebetaling av egenandel over taket for et år")
def settlement(year: Annotated[int, Path(ge=2009, le=2100)], session: SessionDep, reader: Reader) -> dict[str, Any]:
    rows = service.settlement(session, year)
    body: dict[str, Any] = {
        "year": year,
        "tak": service.kr(tak_for(year, default_parameters())),
        "persons": len(rows),
        "total_refund": service.kr(sum(r.refund for r in rows)),
    }
    if reader.role is Role.CASEWORKER:
        record_many(session, reader, "settlement.list", [r.fnr for r in rows], f"oppgjør av egenandelstak {year}")
        body["rows"] = [{"fnr": masked(r.fnr), "total_counted": service.kr(r.total_counted),
                         "frikort_from": r.frikort_from.isoformat() if r.frikort_from else None,
                         "overshoot": service.kr(r.overshoot), "refund": service.kr(r.refund)} for r in rows]
    return body
