"""Today's date in Norway (Europe/Oslo), the date a counter or a case uses when none is given."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    return datetime.now(OSLO).date()
