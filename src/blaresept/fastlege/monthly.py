"""The monthly run (`blaresept fastlege run-month --date …`): applies every change due by the date, lets each
list with a waiting list take in from it (for the 1st of the coming month), and writes Helfo's letters.

Idempotent and resumable: the run for a date is one row; each step (applying, each list's intake, each letter)
commits on its own and leaves a mark (a MonthlyRunStep row, or the letter's unique key), so running it again — after
it finished or after a crash half way — does only what is not yet done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from blaresept.fastlege import changes as c
from blaresept.fastlege import facts as f
from blaresept.fastlege.letters import LetterContent, letter_pdf
from blaresept.fastlege.tables import GpList, ListChange, ListLetter, MonthlyRun, MonthlyRunStep, WaitingEntry
from blaresept.persons.tables import Person
from blaresept.rules.fastlege.dates import first_of_next_month
from blaresept.storage.db import insert_ignore, transaction

LETTER_KINDS = ("waiting_list", "reduction", "gp_left")


@dataclass
class RunSummary:
    run_date: date
    applied: int = 0
    taken_in: int = 0
    letters: int = 0
    already_done: bool = False
    lists: list[dict[str, Any]] = field(default_factory=list)
    letter_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"run_date": self.run_date.isoformat(), "applied": self.applied, "taken_in": self.taken_in,
                "letters": self.letters, "already_done": self.already_done, "lists": self.lists,
                "letter_files": self.letter_files}


def run_month(engine: Engine, run_date: date, by: str = "månedskjøring", out: Path | None = None) -> RunSummary:
    summary = RunSummary(run_date)
    with transaction(engine) as session:
        insert_ignore(session, MonthlyRun, {"run_date": run_date, "summary": {}}, ["run_date"])
        run = session.scalars(select(MonthlyRun).where(MonthlyRun.run_date == run_date)).one()
        run_id = run.id
        summary.already_done = run.finished_at is not None

    # 1. Changes due by the date are in effect (the memberships are dated; this marks the requests done).
    with transaction(engine) as session:
        result = session.execute(update(ListChange).where(ListChange.status == "pending",
                                                          ListChange.effective_on <= run_date)
                                 .values(status="applied"))
        summary.applied = int(result.rowcount or 0)  # type: ignore[attr-defined]

    # 2. Each list with a waiting list, in its own transaction with its mark.
    with transaction(engine) as session:
        list_ids = sorted(set(session.scalars(select(WaitingEntry.list_id))))
    for list_id in list_ids:
        name = f"waiting:{list_id}"
        with transaction(engine) as session:
            if session.scalar(select(MonthlyRunStep.id).where(MonthlyRunStep.run_id == run_id,
                                                              MonthlyRunStep.name == name)):
                continue
            moved, step = c.take_in_from_waiting_list(session, list_id, run_date, by)
            if moved:  # a list that took nobody in is looked at again by a new run the same day
                session.add(MonthlyRunStep(run_id=run_id, name=name,
                                           result={"taken_in": len(moved), "step": step.as_dict()}))
            summary.taken_in += len(moved)
            summary.lists.append({"list_id": list_id, "taken_in": len(moved), "text": step.text})

    # 3. Letters for moves made by the register (waiting list, reduction, fastlege left) not yet written.
    with transaction(engine) as session:
        due = list(session.scalars(select(ListChange.id).where(
            ListChange.kind.in_(LETTER_KINDS), ListChange.status.in_(("pending", "applied")),
            ListChange.requested_on <= run_date).order_by(ListChange.id)))
    for change_id in due:
        with transaction(engine) as session:
            change = session.get(ListChange, change_id)
            assert change is not None and change.effective_on is not None
            exists = session.scalar(select(ListLetter.id).where(ListLetter.kind == change.kind,
                                                            ListLetter.person_id == change.person_id,
                                                            ListLetter.effective_on == change.effective_on))
            if exists is not None:
                continue
            content = _content(session, change, run_date)
            letter = ListLetter(kind=change.kind, person_id=change.person_id, change_id=change.id,
                            effective_on=change.effective_on, sent_on=run_date, title=content.reference,
                            pdf=letter_pdf(content))
            try:
                with session.begin_nested():
                    session.add(letter)
            except IntegrityError:  # another run wrote it at the same moment
                continue
            summary.letters += 1
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                path = out / f"fastlege-{change.kind}-{change.id}.pdf"
                path.write_bytes(letter.pdf)
                summary.letter_files.append(str(path))

    with transaction(engine) as session:
        finished = session.get(MonthlyRun, run_id)
        assert finished is not None
        if finished.finished_at is None:
            finished.finished_at = datetime.now(UTC)
            finished.summary = summary.as_dict()
    return summary


def _content(session: Any, change: ListChange, run_date: date) -> LetterContent:
    person = session.get(Person, change.person_id)
    new = session.get(GpList, change.to_list_id)
    old = session.get(GpList, change.from_list_id) if change.from_list_id else None
    left = None
    if change.counts:
        left = max(0, c._limit(change.requested_on) - f.counted_in_year(session, person.id, change.requested_on.year))
    return LetterContent(
        kind=change.kind, reference=f"FL-{change.id:06d}", name=person.name or "Listeinnbygger", fnr=person.fnr,
        sent_on=run_date, effective_on=change.effective_on or first_of_next_month(run_date),
        new_gp=f.gp_name(new), practice=new.practice.name, address=new.practice.address,
        kommune=f"{new.practice.kommune.name} kommune", old_gp=f.gp_name(old) if old else None,
        counts=change.counts, changes_left=left)
