"""Today's date in Norway (Europe/Oslo), the date a counter or a case uses when none is given.

For demonstrations and tests the whole application can run on a fixed date (`BLARESEPT_TODAY`, set by
`create_app` through `fix_today`): the time of day still moves, the date does not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
_fixed: date | None = None


def fix_today(day: date | None) -> None:
    """Run the application on this date (None: the real date again)."""
    global _fixed
    _fixed = day


def now() -> datetime:
    """The current moment (UTC), on the fixed date when one is set."""
    real = datetime.now(OSLO)
    if _fixed is None:
        return real.astimezone(UTC)
    return real.replace(year=_fixed.year, month=_fixed.month, day=_fixed.day).astimezone(UTC)


def today() -> date:
    return _fixed or datetime.now(OSLO).date()
