"""Demo users of the development issuer, one or more per role. The personal numbers are synthetic but
pass the checksum (python-stdnum); the organisasjonsnummer is checksum-valid and fictitious."""

from __future__ import annotations

from datetime import date

from blaresept.auth.principal import Principal, Role

DEMO_USERS: dict[str, Principal] = {
    "apotek": Principal("apotek", Role.PHARMACY, "Demoapoteket Sentrum", org_number="974760606"),
    "apotek2": Principal("apotek2", Role.PHARMACY, "Demoapoteket Nord", org_number="974760614"),
    "lege": Principal("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889"),
    "saksbehandler": Principal("saksbehandler", Role.CASEWORKER, "Saksbehandler Sara Demo"),
    "pasient": Principal("pasient", Role.PATIENT, "Kari Nordmann", fnr="01037040068"),
    "forelder": Principal("forelder", Role.PATIENT, "Ola Nordmann", fnr="15068040083"),
    "analytiker": Principal("analytiker", Role.ANALYST, "Analytiker Anders Demo"),
}

DEMO_PERSONS: dict[str, dict[str, object]] = {
    # fnr → demo person data; the parent (forelder) has a child registered in the relation table
    "01037040068": {"name": "Kari Nordmann", "birth_date": date(1970, 3, 1), "statuses": []},
    "15068040083": {"name": "Ola Nordmann", "birth_date": date(1980, 6, 15), "statuses": [],
                    "children": ["20051250096"]},
    "20051250096": {"name": "Emma Nordmann", "birth_date": date(2012, 5, 20), "statuses": []},
    "10015040063": {"name": "Per Pensjonist", "birth_date": date(1950, 1, 10),
                    "statuses": [("M", date(2015, 1, 1), None)]},
}
