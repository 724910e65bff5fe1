"""Dates in the fastlege scheme: a change takes effect on the 1st of the month after it is made; months and
years are added to a date with the day kept where the month has it (31 August + 6 months = 28/29 February)."""

from __future__ import annotations

import calendar
from datetime import date

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def first_of_next_month(on: date) -> date:
    """The 1st of the month after the date (a change made 15 March takes effect 1 April; made 1 March, too)."""
    return date(on.year + 1, 1, 1) if on.month == 12 else date(on.year, on.month + 1, 1)


def add_months(on: date, months: int) -> date:
    """The same day `months` later; the month's last day where the month is shorter."""
    index = on.year * 12 + on.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))


def add_years(on: date, years: int) -> date:
    return add_months(on, 12 * years)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def long_date(on: date) -> str:
    """'1. mars 2026'."""
    return f"{on.day}. {MONTHS[on.month - 1]} {on.year}"
