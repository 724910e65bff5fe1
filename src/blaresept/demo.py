"""Demo data for the embedded default: the demo users' persons, a minstepensjonist, a parent with a child, and the
fastlege register's sample lists. Idempotent: running it again changes nothing."""

from __future__ import annotations

from sqlalchemy import Engine

from blaresept.auth.demo import DEMO_PERSONS
from blaresept.persons.service import StatusPeriod, add_guardian, find_or_register, register_person
from blaresept.storage.db import transaction


def seed_demo(engine: Engine) -> None:
    with transaction(engine) as session:
        for person in DEMO_PERSONS:
            periods = [StatusPeriod(category, start, end) for category, start, end in person.statuses]
            register_person(session, person.fnr, person.name, periods)
        for person in DEMO_PERSONS:
            for child in person.children:
                add_guardian(session, find_or_register(session, person.fnr), find_or_register(session, child))
    from blaresept.fastlege.sample import seed_fastlege

    seed_fastlege(engine)

    from blaresept.frister.sample import load_sample as load_frister_sample

    load_frister_sample(engine)  # demo referrals and providers (needs the persons above)
