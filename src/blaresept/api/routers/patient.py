"""The patient's own pages: who I am and my children, and my year (counted copay, tak, frikort,
dispensings with explanations, refunds). A patient sees only their own data and their children's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from blaresept.api.deps import PatientDep, SessionDep
from blaresept.api.schemas import MeOut, YearOut
from blaresept.audit.log import record_person_access
from blaresept.counter import service
from blaresept.inputs import ONE_LINE_PATTERN
from blaresept.persons.identity import masked
from blaresept.persons.service import children_of, find_or_register, visible_person

router = APIRouter(prefix="/patient", tags=["pasient"])


@router.get("/me", response_model=MeOut, summary="Meg og barna mine")
def me(session: SessionDep, patient: PatientDep) -> dict[str, Any]:
    assert patient.fnr is not None
    person = find_or_register(session, patient.fnr, patient.name)
    record_person_access(session, patient, "patient.me", person.id, "innsyn i egne opplysninger")
    return {
        "name": person.name or patient.name,
        "fnr": masked(person.fnr),
        "birth_date": person.birth_date.isoformat(),
        "children": [{"fnr": child.fnr, "name": child.name, "birth_date": child.birth_date.isoformat()}
                     for child in children_of(session, person)],
    }


@router.get("/years/{year}", response_model=YearOut, summary="Mitt år: egenandeler, frikort og utleveringer")
def my_year(
    year: Annotated[int, Path(ge=2009, le=2100)],
    session: SessionDep,
    patient: PatientDep,
    person: Annotated[str | None, Query(description="Fødselsnummeret til et barn (utelates for meg selv)",
                                        max_length=13, pattern=ONE_LINE_PATTERN)] = None,
) -> dict[str, Any]:
    target = visible_person(session, patient, person)
    record_person_access(session, patient, "patient.year", target.id, "innsyn i egenandeler og utleveringer")
    return service.person_year(session, target, year)
