"""Deadlines on the Norwegian calendar: Helfo's processing time for an application, and the deadlines to appeal
a decision (to Helfo, then Helseklage) and to appeal further to Trygderetten.

A deadline in weeks ends on the same weekday as the day it runs from (domstolloven § 148 andre ledd); one that
ends on a Saturday, Sunday or public holiday moves to the next working day (§ 149 første ledd). Helfo's
processing time is counted the same way. The holiday calendar is data (`Calendar`), built from the `holidays`
package's Norway calendar by the thin `norway_calendar` function at the edge, so these rules stay pure.

Sources: parameters procedure.processing_time.* (8 weeks, 4 weeks when prioritised: serious illness or a child
under 12) and procedure.appeal.* (6 weeks, folketrygdloven § 21-12 with trygderettsloven § 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blaresept.rules import law
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step, rule_version


@dataclass(frozen=True)
class Calendar:
    """The days that are not working days besides Saturdays and Sundays, for the years it covers."""

    holidays: frozenset[date]
    first_year: int
    last_year: int

    def _covers(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise RuleInputError(
                f"Helligdagskalenderen dekker {self.first_year}–{self.last_year}, ikke {day.isoformat()}."
            )

    def is_working_day(self, day: date) -> bool:
        self._covers(day)
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after `day`."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
        if end < start:
            return -self.working_days_between(end, start)
        days = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days += 1
        return days


def norway_calendar(first_year: int, last_year: int) -> Calendar:
    """Norway's public holidays (the `holidays` package) for the years, as a Calendar. The thin edge function."""
    import holidays

    years = range(first_year, last_year + 1)
    return Calendar(frozenset(holidays.country_holidays("NO", years=years)), first_year, last_year)


def deadline_after_weeks(start: date, weeks: int, calendar: Calendar) -> tuple[date, date]:
    """The deadline `weeks` weeks after `start`: the same weekday (domstolloven § 148), moved to the next working
    day if it falls on a Saturday, Sunday or holiday (§ 149). Returns (nominal end, deadline)."""
    nominal = start + timedelta(weeks=weeks)
    return nominal, calendar.next_working_day(nominal)


@dataclass(frozen=True)
class ProcessingDeadline:
    """When Helfo should have answered, and whether the case is prioritised (and why)."""

    prioritised: bool
    reasons: tuple[str, ...]
    weeks: int
    due: date
    step: Step


def processing_deadline(received: date, birth_date: date, serious_illness: bool, params: ParameterSet,
                        calendar: Calendar) -> ProcessingDeadline:
    """The processing deadline: 4 weeks for prioritised cases (serious illness, a child under 12), else 8."""
    child_age, child_use = params["procedure.processing_time.prioritised_child_age"].use(received)
    general, general_use = params["procedure.processing_time.general"].use(received)
    prioritised_weeks, prioritised_use = params["procedure.processing_time.prioritised"].use(received)
    age = age_on(birth_date, received)
    reasons: list[str] = []
    if age < child_age:
        reasons.append(f"pasienten er barn under {child_age} år")
    if serious_illness:
        reasons.append("legen oppgir alvorlig eller livstruende sykdom")
    prioritised = bool(reasons)
    weeks = prioritised_weeks if prioritised else general
    nominal, due = deadline_after_weeks(received, weeks, calendar)
    moved = f" (flyttet fra {norwegian_date(nominal)}, som ikke er en virkedag)" if due != nominal else ""
    text = (
        f"Søknaden kom inn {norwegian_date(received)}. "
        + (f"Den behandles prioritert fordi {' og '.join(reasons)}, og " if prioritised else "Den ")
        + f"skal være behandlet innen {weeks} uker, senest {norwegian_date(due)}{moved}."
    )
    uses = (child_use, general_use, prioritised_use)
    step = Step(
        rule="procedure.processing_time",
        reference=law.fvl("§ 11 a"),
        version=rule_version(*uses, default=received),
        outcome="prioritert" if prioritised else "ordinær",
        text=text,
        inputs={"received": received, "age": age, "serious_illness": serious_illness},
        outputs={"prioritised": prioritised, "weeks": weeks, "due": due},
        parameters=uses,
    )
    return ProcessingDeadline(prioritised, tuple(reasons), weeks, due, step)


def appeal_deadline(decision_received: date, params: ParameterSet, calendar: Calendar,
                    further: bool = False) -> tuple[date, Step]:
    """The last day to appeal a decision received on the date (6 weeks; to Trygderetten also 6 weeks)."""
    name = "procedure.appeal.further_appeal_deadline" if further else "procedure.appeal.deadline"
    weeks, use = params[name].use(decision_received)
    nominal, due = deadline_after_weeks(decision_received, weeks, calendar)
    moved = f" (flyttet fra {norwegian_date(nominal)}, som ikke er en virkedag)" if due != nominal else ""
    what = "Ankefristen til Trygderetten" if further else "Klagefristen"
    step = Step(
        rule="procedure.further_appeal_deadline" if further else "procedure.appeal_deadline",
        reference=law.trygderettsloven("§ 10") if further else law.ftrl("§ 21-12"),
        version=use.effective,
        outcome=due.isoformat(),
        text=(f"{what} er {weeks} uker fra vedtaket ble mottatt {norwegian_date(decision_received)}, altså til og "
              f"med {norwegian_date(due)}{moved}."),
        inputs={"decision_received": decision_received},
        outputs={"deadline": due, "weeks": weeks},
        parameters=(use,),
    )
    return due, step
