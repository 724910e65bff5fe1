"""Demo referrals and providers for the embedded default (idempotent): a referral received the day before
Maundy Thursday 2024, one whose deadline has just passed without help started (the daily run finds it), a
child's referral still waiting, and one not yet assessed; providers with and without agreement and capacity."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, func, select

from blaresept.auth.demo import DEMO_USERS
from blaresept.frister import service
from blaresept.frister.tables import Capacity, Provider, Referral
from blaresept.storage.db import transaction
from blaresept.timeutil import today

PROVIDERS = (
    # code, name, org number, kind, Helfo agreement, {area: free places}
    ("privatklinikken", "Privatklinikken Demo AS", "998877660", "rhf_avtale", True,
     {"ortopedi": 3, "øre-nese-hals": 1}),
    ("ost", "Sykehuset Øst HF", "923456783", "offentlig", True, {"ortopedi": 0}),
    ("nord", "Klinikk Nord AS", "974760614", "privat", False, {"ortopedi": 5}),
)


def load_sample(engine: Engine) -> None:
    hospital = DEMO_USERS["sykehus"]
    with transaction(engine) as session:
        if not session.scalar(select(func.count()).select_from(Provider)):
            for code, name, org, kind, agreement, areas in PROVIDERS:
                provider = Provider(code=code, name=name, org_number=org, kind=kind, agreement=agreement)
                session.add(provider)
                session.flush()
                for area, places in areas.items():
                    session.add(Capacity(provider_id=provider.id, area=area, capacity=places))
        if session.scalar(select(func.count()).select_from(Referral).where(
                Referral.hospital_org == hospital.org_number)):
            return
        now = today()
        kari, emma = "01037040068", "20051250096"
        easter = service.register_referral(session, hospital, kari, "øre-nese-hals", date(2024, 3, 27))
        service.record_assessment(session, hospital, easter.reference, date(2024, 4, 10), True, date(2024, 6, 3))
        service.record_help_started(session, hospital, easter.reference, date(2024, 5, 21))
        # passed: the deadline was two days ago and help has not started
        passed = service.register_referral(session, hospital, kari, "ortopedi", now - timedelta(days=60))
        service.record_assessment(session, hospital, passed.reference, now - timedelta(days=50), True,
                                  now - timedelta(days=2))
        waiting = service.register_referral(session, hospital, emma, "ortopedi", now - timedelta(days=20))
        service.record_assessment(session, hospital, waiting.reference, now - timedelta(days=12), True,
                                  now + timedelta(days=45))
        service.register_referral(session, hospital, kari, "hudsykdommer", now - timedelta(days=3))
