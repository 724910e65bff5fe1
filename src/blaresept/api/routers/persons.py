"""Helfo's register of persons: exemption statuses over periods and parent–child relations (caseworker)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import Field

from blaresept.api.deps import CaseworkerDep, SessionDep
from blaresept.api.problems import Problem
from blaresept.api.schemas import PersonDetailOut, PersonIn, Strict
from blaresept.audit.log import record_person_access
from blaresept.inputs import ONE_LINE_PATTERN, Day
from blaresept.persons.service import (
    STATUS_NAMES,
    GuardianshipRefused,
    StatusPeriod,
    add_guardian,
    end_guardian,
    find_or_register,
    find_person,
    register_person,
)
from blaresept.persons.tables import Person

router = APIRouter(prefix="/persons", tags=["personer"])

Fnr = Annotated[str, Path(min_length=11, max_length=13, pattern=ONE_LINE_PATTERN,
                          description="Fødselsnummer eller D-nummer (11 sifre)")]


def _detail(person: Person) -> dict[str, Any]:
    return {
        "fnr": person.fnr,
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "statuses": [{"category": s.category, "category_name": STATUS_NAMES.get(s.category, s.category),
                      "valid_from": s.valid_from.isoformat(),
                      "valid_to": s.valid_to.isoformat() if s.valid_to else None, "note": s.note}
                     for s in person.statuses],
    }


@router.get("/{fnr}", response_model=PersonDetailOut, summary="En person med fritaksstatuser")
def get_person(fnr: Fnr, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    person = find_person(session, fnr)
    record_person_access(session, caseworker, "persons.read", person.id, "saksbehandling")
    return _detail(person)


@router.put("/{fnr}", response_model=PersonDetailOut, summary="Registrer en person og fritaksstatusene")
def put_person(fnr: Fnr, body: PersonIn, session: SessionDep, caseworker: CaseworkerDep) -> dict[str, Any]:
    statuses = [StatusPeriod(s.category, s.valid_from, s.valid_to, s.note) for s in body.statuses]
    try:
        person = register_person(session, fnr, body.name, statuses)
    except ValueError as exc:
        raise Problem(422, str(exc)) from None
    record_person_access(session, caseworker, "persons.write", person.id, "saksbehandling")
    return _detail(person)


class GuardianshipIn(Strict):
    valid_from: Day | None = Field(None, description="Første dag forelderen ser barnets opplysninger (barnets "
                                                      "fødselsdato om den utelates)")
    valid_to: Day | None = Field(None, description="Siste dag; åpen om den utelates")


class EndIn(Strict):
    valid_to: Day = Field(description="Siste dag forelderen ser barnets opplysninger")


@router.put("/{fnr}/children/{child_fnr}", response_model=PersonDetailOut,
            summary="Registrer at personen er forelder (foresatt) til barnet")
def put_child(fnr: Fnr, child_fnr: Fnr, session: SessionDep, caseworker: CaseworkerDep,
              body: GuardianshipIn | None = None) -> dict[str, Any]:
    guardian = find_or_register(session, fnr)
    child = find_or_register(session, child_fnr)
    body = body or GuardianshipIn(valid_from=None, valid_to=None)
    try:
        add_guardian(session, guardian, child, body.valid_from, body.valid_to)
    except GuardianshipRefused as exc:
        raise Problem(422, str(exc)) from None
    record_person_access(session, caseworker, "persons.guardian", child.id, "saksbehandling")
    return _detail(guardian)


@router.post("/{fnr}/children/{child_fnr}/end", response_model=PersonDetailOut,
             summary="Avslutt at personen er forelder (foresatt) til barnet fra en dato")
def end_child(fnr: Fnr, child_fnr: Fnr, body: EndIn, session: SessionDep, caseworker: CaseworkerDep
              ) -> dict[str, Any]:
    guardian = find_person(session, fnr)
    child = find_person(session, child_fnr)
    try:
        end_guardian(session, guardian, child, body.valid_to)
    except GuardianshipRefused as exc:
        raise Problem(422, str(exc)) from None
    record_person_access(session, caseworker, "persons.guardian_end", child.id, "saksbehandling")
    return _detail(guardian)
