"""Counting virkedager on the Norwegian calendar, naming the holidays that were skipped.

The holiday calendar is data (`HolidayCalendar`: date → name), built at the edge from the `holidays` package
(`blaresept.frister.calendar.norwegian_calendar`), so these rules stay pure. Whether Saturday counts is the
dated parameter `frister.saturday_is_working_day` (pasient- og brukerrettighetsloven does not define
«virkedag»; see the parameter's note)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from blaresept.rules.errors import RuleInputError

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def long_date(value: date) -> str:
    """'onsdag 27. mars 2024'."""
    return f"{WEEKDAYS[value.weekday()]} {value.day}. {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    """'27. mars 2024'."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class HolidayCalendar:
    """Norway's public holidays (helligdager and høytidsdager) by date with their names, for the years covered."""

    holidays: Mapping[date, str] = field(hash=False)
    first_year: int
    last_year: int

    def check(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise RuleInputError(
                f"Helligdagskalenderen dekker {self.first_year}–{self.last_year}, ikke {day.isoformat()}."
            )

    def holiday(self, day: date) -> str | None:
        self.check(day)
        return self.holidays.get(day)


@dataclass(frozen=True)
class WorkingDayCount:
    """The day `count` virkedager after `start`, and the holidays inside the period that did not count."""

    start: date
    count: int
    end: date
    holidays: tuple[tuple[date, str], ...]

    def holiday_text(self) -> str:
        """'skjærtorsdag 28. mars 2024, langfredag 29. mars 2024 og andre påskedag 1. april 2024'."""
        names = [f"{name.lower()} {short_date(day)}" for day, name in self.holidays]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def is_working_day(day: date, calendar: HolidayCalendar, saturday_counts: bool) -> bool:
    if calendar.holiday(day) is not None:
        return False
    return day.weekday() < 5 or (saturday_counts and day.weekday() == 5)


def add_working_days(start: date, count: int, calendar: HolidayCalendar, saturday_counts: bool) -> WorkingDayCount:
    """The virkedag `count` virkedager after `start` (the start day itself does not count). Holidays that fall on
    a day that would otherwise have counted are named."""
    if count < 0:
        raise RuleInputError("Antall virkedager kan ikke være negativt.")
    day = start
    left = count
    skipped: list[tuple[date, str]] = []
    while left > 0:
        if day == date.max:
            raise RuleInputError("Fristen ville gått ut etter år 9999; datoen kan ikke brukes.")
        day += timedelta(days=1)
        name = calendar.holiday(day)
        if name is not None:
            if day.weekday() < 5 or (saturday_counts and day.weekday() == 5):
                skipped.append((day, name))
            continue
        if day.weekday() < 5 or (saturday_counts and day.weekday() == 5):
            left -= 1
    return WorkingDayCount(start, count, day, tuple(skipped))
