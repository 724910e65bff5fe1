"""Fastlegeordningen: a person's own fastlege and «Bytt fastlege» (change, waiting list), a fastlege's own list,
and Helfo's management of lists, registered moves and the monthly run. Dates default to today (Europe/Oslo);
every answer that decides something carries its explanation (steps), and a refusal says why in bokmål."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from blaresept.api.deps import PrincipalDep, SessionDep
from blaresept.api.problems import Problem
from blaresept.audit.log import record_person_access
from blaresept.auth.principal import Role
from blaresept.fastlege import access, changes, register, views
from blaresept.fastlege.tables import ListLetter
from blaresept.inputs import ONE_LINE_PATTERN, Text
from blaresept.persons.service import children_of, find_person
from blaresept.rules.fastlege.model import ChangeKind
from blaresept.timeutil import today

router = APIRouter(prefix="/fastlege", tags=["fastlege"])

FIRST_DAY, LAST_DAY = dt.date(2009, 1, 1), dt.date(2100, 12, 31)  # Blåresept's rules start in 2009
DateQuery = Annotated[dt.date | None, Query(description="Datoen (standard: i dag)", ge=FIRST_DAY, le=LAST_DAY)]
ListId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DateField = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Datoen (standard: i dag)")
FnrQuery = Annotated[str | None, Query(description="Fødselsnummeret (et barn, eller for Helfo: hvem som helst)",
                                       max_length=13, pattern=ONE_LINE_PATTERN)]


class ChangeIn(BaseModel):
    fnr: Text | None = Field(None, description="For et barn (foresatt) eller for Helfo; utelates for meg selv",
                            max_length=13)
    to_list_id: int | None = Field(None, ge=1, le=2_147_483_647, description="Listen det byttes til")
    to_hpr: Text | None = Field(None, description="Eller fastlegens HPR-nummer", max_length=12)
    kind: str = Field("ordinary", pattern="^(ordinary|return)$",
                      description="ordinary: vanlig bytte; return: tilbake til tidligere fastlege etter flytting")
    children: list[Text] = Field(default_factory=list, description="Barn som skal følge med (foresatt)")
    date: dt.date | None = DateField


class WaitingIn(BaseModel):
    fnr: Text | None = Field(None, max_length=13)
    list_id: int | None = Field(None, ge=1, le=2_147_483_647)
    hpr: Text | None = Field(None, max_length=12)
    children: list[Text] = Field(default_factory=list)
    date: dt.date | None = DateField


class CapacityIn(BaseModel):
    capacity: int = Field(ge=0, le=5000)
    open: bool | None = None
    date: dt.date | None = DateField


class ReduceIn(BaseModel):
    capacity: int = Field(ge=0, le=5000)
    to_list_id: int = Field(ge=1, le=2_147_483_647)
    date: dt.date | None = DateField


class MoveIn(BaseModel):
    fnr: Text = Field(max_length=13)
    kommune: str = Field(pattern=r"^\d{4}$")
    date: dt.date | None = DateField


class RunIn(BaseModel):
    date: dt.date = Field(ge=FIRST_DAY, le=LAST_DAY)


def _target(session: Any, list_id: int | None, hpr: str | None) -> int:
    if list_id is not None:
        return register.get_list(session, list_id).id
    if hpr:
        return register.list_by_hpr(session, hpr).id
    raise Problem(422, "Oppgi listen (to_list_id/list_id) eller fastlegens HPR-nummer.")


@router.get("/me", summary="Min fastlege: fastlegen, bytter i år, venteliste, historikk og brev")
def my_status(session: SessionDep, principal: PrincipalDep, fnr: FnrQuery = None,
              on: DateQuery = None) -> dict[str, Any]:
    person = access.person_for(session, principal, fnr)
    record_person_access(session, principal, "fastlege.status", person.id, "innsyn i fastlege og venteliste")
    return views.person_status(session, person, on or today())


@router.get("/lists", summary="Fastlegelister med ledige plasser (for å velge fastlege)")
def lists(session: SessionDep, principal: PrincipalDep, kommune: Annotated[str | None, Query(pattern=r"^\d{4}$")]
          = None, on: DateQuery = None) -> list[dict[str, Any]]:
    return views.kommune_lists(session, on or today(), kommune)


@router.post("/changes", summary="Bytt fastlege (for meg, et barn, eller for Helfo: hvem som helst)")
def change(body: ChangeIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    person = access.person_for(session, principal, body.fnr)
    children = access.children_for(session, principal, person, body.children)
    target = _target(session, body.to_list_id, body.to_hpr)
    result = changes.request_change(session, person, target, body.date or today(), principal.label,
                                    ChangeKind(body.kind), children,
                                    by_guardian=access.acting_for_child(session, principal, person))
    record_person_access(session, principal, "fastlege.change", person.id, "bytte av fastlege")
    for child in children:
        record_person_access(session, principal, "fastlege.change", child.id, "bytte av fastlege for barn")
    return result.as_dict()


@router.post("/waiting", summary="Sett meg (og barna) på venteliste hos en fastlege")
def join_waiting(body: WaitingIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    person = access.person_for(session, principal, body.fnr)
    children = access.children_for(session, principal, person, body.children)
    target = _target(session, body.list_id, body.hpr)
    result = changes.join_waiting_list(session, person, target, body.date or today(), principal.label, children)
    record_person_access(session, principal, "fastlege.waiting", person.id, "venteliste for fastlege")
    return result.as_dict()


@router.delete("/waiting", summary="Meld meg av ventelisten")
def leave_waiting(session: SessionDep, principal: PrincipalDep, fnr: FnrQuery = None) -> dict[str, Any]:
    person = access.person_for(session, principal, fnr)
    left = changes.leave_waiting_list(session, person)
    record_person_access(session, principal, "fastlege.waiting.leave", person.id, "venteliste for fastlege")
    return {"left": left}


@router.get("/letters/{letter_id}.pdf", summary="Et brev fra Helfo om fastlegen (PDF)",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def letter(letter_id: ListId, session: SessionDep, principal: PrincipalDep) -> Response:
    found = session.get(ListLetter, letter_id)
    if found is None:
        raise Problem(404, "Fant ikke brevet.")
    if principal.role is not Role.CASEWORKER:
        person = access.person_for(session, principal, None)
        allowed = {person.id, *(c.id for c in children_of(session, person))}
        if found.person_id not in allowed:
            raise Problem(404, "Fant ikke brevet.")
    record_person_access(session, principal, "fastlege.letter", found.person_id, "brev om fastlege")
    return Response(found.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="fastlege-brev-{letter_id}.pdf"'})


@router.get("/my-list", summary="Fastlegen: min liste, listetak og ledige plasser")
def my_list(session: SessionDep, principal: PrincipalDep, on: DateQuery = None) -> dict[str, Any]:
    row = access.own_list(session, principal)
    record_person_access(session, principal, "fastlege.list", None, "fastlegens egen liste")
    return views.list_detail(session, row, on or today())


@router.get("/lists/{list_id}", summary="Helfo: en fastlegeliste med personene på den og ventelisten")
def list_detail(list_id: ListId, session: SessionDep, principal: PrincipalDep, on: DateQuery = None) -> dict[str, Any]:
    access.require_manager(principal)
    record_person_access(session, principal, "fastlege.list", None, f"forvaltning av fastlegeliste {list_id}")
    return views.list_detail(session, register.get_list(session, list_id), on or today())


@router.put("/lists/{list_id}/capacity", summary="Helfo: endre listetak og om listen er åpen")
def set_capacity(list_id: ListId, body: CapacityIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    access.require_manager(principal)
    on = body.date or today()
    row = register.set_capacity(session, list_id, body.capacity, body.open, on, principal.label)
    return views.list_summary(session, row, on)


@router.post("/lists/{list_id}/reduce", summary="Helfo: reduser listen (loddtrekning, familier samlet)")
def reduce(list_id: ListId, body: ReduceIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    access.require_manager(principal)
    moved, step = changes.reduce_list(session, list_id, body.capacity, body.to_list_id, body.date or today(),
                                      principal.label)
    for change_row in moved:
        record_person_access(session, principal, "fastlege.reduction", change_row.person_id, "listereduksjon")
    return {"moved": len(moved), "steps": [step.as_dict()]}


@router.post("/moves", summary="Helfo: registrer flytting (folkeregisteret) — gir et bytte som ikke teller")
def move(body: MoveIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    access.require_manager(principal)
    person = find_person(session, body.fnr)
    moved = register.register_move(session, person, body.kommune, body.date or today(), principal.label)
    record_person_access(session, principal, "fastlege.move", person.id, "registrert flytting")
    return {"moved": moved}


@router.post("/run-month", summary="Helfo: månedskjøringen (bytter, ventelister, brev) — idempotent")
def run_month(body: RunIn, request: Request, principal: PrincipalDep) -> dict[str, Any]:
    access.require_manager(principal)
    from blaresept.fastlege.monthly import run_month as run

    return run(request.app.state.engine, body.date, principal.label).as_dict()
