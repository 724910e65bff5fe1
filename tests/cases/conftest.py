"""A migrated database (SQLite and PostgreSQL) with the demo persons, and helpers to build applications."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from blaresept.cases.flow import Role
from blaresept.cases.service import Actor
from blaresept.cases.stonader.individual.form import ApplicationForm
from blaresept.demo import seed_demo
from blaresept.storage.db import make_engine, migrate, session_factory

PATIENT_FNR = "01037040068"  # Kari Nordmann (demo), born 1970-03-01
CHILD_FNR = "20051250096"  # Emma Nordmann (demo), born 2012-05-20; guardian: Ola Nordmann
PARENT_FNR = "15068040083"

DOCTOR = Actor("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889")
OTHER_DOCTOR = Actor("lege2", Role.DOCTOR, "Lege Lars Annen", hpr="1234567")
CASEWORKER = Actor("saksbehandler", Role.CASEWORKER, "Saksbehandler Sara Demo")
PATIENT = Actor("pasient", Role.PATIENT, "Kari Nordmann", fnr=PATIENT_FNR)
PARENT = Actor("forelder", Role.PATIENT, "Ola Nordmann", fnr=PARENT_FNR)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    engine = make_engine(database_url)
    seed_demo(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One session; each test step commits like the API's one-transaction-per-request."""
    with session_factory(engine)() as s:
        yield s


def drug_form(**changes: Any) -> ApplicationForm:
    data: dict[str, Any] = {
        "kind": "drug",
        "patient_fnr": PATIENT_FNR,
        "consent": True,
        "applicant": {"phone": "22 00 00 00"},
        "diagnosis": {"system": "ICD-10", "code": "G40", "text": "Epilepsi", "section2_refund_code": True},
        "drugs": [{"name": "Briviact", "atc": "N03AX23", "varenummer": "123456",
                   "marketing_authorisation": "2016-01-14", "vedlegg1": True}],
        "need": [{"start": "2024-03-01"}],
        "tried": [{"name": "Lamotrigin", "reason": "side_effects", "description": "Utslett"}],
    }
    data.update(changes)
    return ApplicationForm.model_validate(data)


def manual_form(**changes: Any) -> ApplicationForm:
    """Psoriasis with a moderate severity and a drug outside vedlegg 1: two open points."""
    return drug_form(
        diagnosis={"system": "ICD-10", "code": "L40", "text": "Psoriasis"},
        drugs=[{"name": "Otezla", "atc": "L04AA32", "marketing_authorisation": "2015-01-15"}],
        severity={"grade": "moderate", "risk_of_death_or_loss_of_function": "Lav",
                  "loss_of_function": "Nedsatt håndfunksjon", "pain_or_discomfort": "Kløe og smerter",
                  "related_illnesses": "Psoriasisartritt"},
        **changes,
    )


def refused_form(**changes: Any) -> ApplicationForm:
    """A need of one month only: refused automatically."""
    return drug_form(need=[{"start": "2024-03-01", "end": "2024-03-31"}], **changes)
