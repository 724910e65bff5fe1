"""The engine's clock and calendar: the moment of a step (UTC), the date in Norway, and the Norwegian
working-day calendar for the years around some dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from blaresept import timeutil
from blaresept.rules.procedure import Calendar, norway_calendar

OSLO = ZoneInfo("Europe/Oslo")


def moment_of(now: datetime | None) -> datetime:
    """The moment a step is taken: the given time (naive means UTC) or now."""
    value = now or timeutil.now()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def today(now: datetime | None = None) -> date:
    """The date in Norway."""
    return moment_of(now).astimezone(OSLO).date()


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@cache
def _calendar(first: int, last: int) -> Calendar:
    return norway_calendar(first, last)


def calendar_for(*days: date) -> Calendar:
    """The holiday calendar covering the years of the given days (one before, two after)."""
    years = [d.year for d in days]
    return _calendar(min(years) - 1, max(years) + 2)
