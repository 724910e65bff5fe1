"""Who may see and do what in the register. A person (role patient) sees and changes their own fastlege and,
as a guardian, their children's; a fastlege (role doctor) sees their own list; Helfo's caseworkers (the role
that keeps the register for the kommuner) see every person and list and manage lists, moves and the monthly
run. Every read or write of a person's data is audited by the caller (audit.log)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal, Role
from blaresept.fastlege.errors import NotAllowed
from blaresept.fastlege.register import list_by_hpr
from blaresept.fastlege.tables import GpList
from blaresept.persons.service import children_of, find_or_register, visible_person
from blaresept.persons.tables import Person


def person_for(session: Session, principal: Principal, fnr: str | None) -> Person:
    """The person the caller acts for: a patient themself or their child; a caseworker anyone named."""
    if principal.role not in (Role.PATIENT, Role.CASEWORKER):
        raise NotAllowed("Rollen din gir ikke tilgang til andres fastlegeopplysninger.")
    return visible_person(session, principal, fnr)


def children_for(session: Session, principal: Principal, parent: Person, fnrs: list[str]) -> list[Person]:
    """The children named, each of whom must be the parent's (guardianship in the register)."""
    if not fnrs:
        return []
    mine = {child.fnr: child for child in children_of(session, parent)}
    found = []
    for fnr in fnrs:
        child = mine.get(fnr.replace(" ", ""))
        if child is None:
            raise NotAllowed("Du kan bare bytte fastlege for barn du er foresatt for.")
        found.append(child)
    return found


def acting_for_child(session: Session, principal: Principal, person: Person) -> bool:
    if principal.role is not Role.PATIENT or principal.fnr is None:
        return False
    me = find_or_register(session, principal.fnr)
    return me.id != person.id


def require_manager(principal: Principal) -> None:
    if principal.role is not Role.CASEWORKER:
        raise NotAllowed("Bare Helfo (saksbehandler) kan endre fastlegelister og registrere flytting.")


def own_list(session: Session, principal: Principal) -> GpList:
    if principal.role is not Role.DOCTOR or principal.hpr is None:
        raise NotAllowed("Bare fastlegen selv kan se sin egen liste her.")
    return list_by_hpr(session, principal.hpr)
