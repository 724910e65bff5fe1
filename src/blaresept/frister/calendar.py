"""The Norwegian holiday calendar as data for the frist rules, from the `holidays` package (names in bokmål).
The thin edge function: the rules core receives a `HolidayCalendar` and never imports the package."""

from __future__ import annotations

from functools import cache

from blaresept.rules.frister.workdays import HolidayCalendar


@cache
def norwegian_calendar(first_year: int, last_year: int) -> HolidayCalendar:
    """Norway's public holidays for the years, named in bokmål (Skjærtorsdag, Andre påskedag, …)."""
    import holidays

    years = range(first_year, last_year + 1)
    found = holidays.country_holidays("NO", years=years, language="no")
    return HolidayCalendar({day: str(name) for day, name in found.items()}, first_year, last_year)


def calendar_around(*years: int) -> HolidayCalendar:
    """A calendar covering the years given and the next one (a deadline may run into the new year)."""
    return norwegian_calendar(min(years), min(max(years) + 1, 9999))
