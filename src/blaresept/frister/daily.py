"""The daily breach run: every referral whose deadline passed before the run date without help started is
made known to Helfo (a `frist_breach` row, status «ny»), once.

Set-based and indexed: each chunk is one INSERT … SELECT over the partial index on open referrals
(`ix_frist_referral_open_deadline`: help not started, no breach found yet) and one UPDATE; no Python loop over
referrals. Each chunk commits on its own, so a run that stops midway is resumed by running again, and a second
run for the same date finds nothing new (a referral has at most one breach: a unique key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import ColumnElement, Engine, Table, and_, func, insert, literal, select, update

from blaresept.frister.tables import Breach, Referral, Run
from blaresept.storage.db import transaction
from blaresept.timeutil import OSLO

CHUNK = 100_000
referral_table = cast(Table, Referral.__table__)
breach_table = cast(Table, Breach.__table__)
run_table = cast(Table, Run.__table__)


@dataclass(frozen=True)
class RunResult:
    run_id: int
    run_date: date
    found: int
    chunks: int


def open_past_deadline(run_date: date) -> ColumnElement[bool]:
    """The condition the partial index serves: help not started, no breach yet, deadline before the run date."""
    return and_(Referral.help_started_on.is_(None), Referral.breach_found_on.is_(None),
                Referral.deadline < run_date)


def run_day(engine: Engine, run_date: date, chunk: int = CHUNK) -> RunResult:
    """Find and record every new breach as of `run_date`."""
    with transaction(engine) as session:
        run = Run(run_date=run_date, found=0)
        session.add(run)
        session.flush()
        run_id = run.id
    found = chunks = 0
    while True:
        with transaction(engine) as session:
            candidates = (select(Referral.id, literal(run_date), literal("dagskjøring"), literal(run_id),
                                 literal("ny"))
                          .where(open_past_deadline(run_date)).order_by(Referral.deadline, Referral.id).limit(chunk))
            connection = session.connection()  # Core statements: the driver's row count, no ORM bookkeeping
            # RETURNING counts the new rows on both engines (an INSERT … SELECT row count is not reliable here)
            inserted = len(connection.execute(insert(breach_table).from_select(
                ["referral_id", "found_on", "source", "run_id", "status"], candidates)
                .returning(breach_table.c.referral_id)).all())
            if not inserted:
                break
            connection.execute(update(referral_table)
                            .where(Referral.breach_found_on.is_(None),
                                   Referral.id.in_(select(Breach.referral_id).where(Breach.run_id == run_id)))
                            .values(breach_found_on=run_date))
            connection.execute(update(run_table).where(Run.id == run_id).values(found=Run.found + inserted))
            found += inserted
            chunks += 1
    with transaction(engine) as session:
        session.execute(update(Run).where(Run.id == run_id).values(finished_at=datetime.now(OSLO)))
    return RunResult(run_id, run_date, found, chunks)


def open_count(engine: Engine) -> int:
    """How many referrals are waiting for help with no breach found (what a run looks through)."""
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Referral).where(
            Referral.help_started_on.is_(None), Referral.breach_found_on.is_(None),
            Referral.deadline.is_not(None))) or 0)
