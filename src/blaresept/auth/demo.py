"""Demo users of the development issuer, one or more per role. The personal numbers are synthetic but
pass the checksum (python-stdnum); the organisasjonsnummer is checksum-valid and fictitious."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.auth.principal import Principal, Role

DEMO_USERS: dict[str, Principal] = {
    "apotek": Principal("apotek", Role.PHARMACY, "Demoapoteket Sentrum", org_number="974760606"),
    "apotek2": Principal("apotek2", Role.PHARMACY, "Demoapoteket Nord", org_number="974760614"),
    "lege": Principal("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889"),
    "fastlege": Principal("fastlege", Role.DOCTOR, "Fastlege Frida Demo", hpr="565501872"),
    "fastlege-full": Principal("fastlege-full", Role.DOCTOR, "Fastlege Frida Full", hpr="9144897"),
    "saksbehandler": Principal("saksbehandler", Role.CASEWORKER, "Saksbehandler Sara Demo"),
    "pasient": Principal("pasient", Role.PATIENT, "Kari Nordmann", fnr="01037040068"),
    "forelder": Principal("forelder", Role.PATIENT, "Ola Nordmann", fnr="15068040083"),
    "analytiker": Principal("analytiker", Role.ANALYST, "Analytiker Anders Demo"),
    "sykehus": Principal("sykehus", Role.HOSPITAL, "Demosykehuset HF", org_number="987654325"),
    "behandler": Principal("behandler", Role.PROVIDER, "Privatklinikken Demo AS", org_number="998877660"),
}

@dataclass(frozen=True)
class DemoPerson:
    fnr: str
    name: str
    birth_date: date
    statuses: tuple[tuple[str, date, date | None], ...] = ()
    children: tuple[str, ...] = ()


DEMO_PERSONS: tuple[DemoPerson, ...] = (
    DemoPerson("01037040068", "Kari Nordmann", date(1970, 3, 1)),
    DemoPerson("15068040083", "Ola Nordmann", date(1980, 6, 15), children=("20051250096", "14091650186")),
    DemoPerson("20051250096", "Emma Nordmann", date(2012, 5, 20)),
    DemoPerson("14091650186", "Jonas Nordmann", date(2016, 9, 14)),
    DemoPerson("10015040063", "Per Pensjonist", date(1950, 1, 10), statuses=(("M", date(2015, 1, 1), None),)),
)
