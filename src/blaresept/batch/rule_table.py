"""The rules as small lookup tables built from the parameter files, for columnar use.

Nothing here holds a rate, amount, age limit or date of its own: every value is read from the `Parameter`
objects of a `ParameterSet` (the same files the counter engine reads, or a reform made with
`ParameterSet.replace`), through the same core functions where the core has one (`copay_terms`, `tak_for`).

- `DateRules`: one row per *period* — the span between two consecutive change dates of any date-dependent
  parameter — with the value of each in that period. A row's period is found with a binary search of the
  period starts (`search_sorted`), and each value is gathered by period: exact, and no join.
- `YearRules`: the egenandelstak and the bagatellgrense of each calendar year (both as in force on 1 January,
  as the counter's `annual_cap` reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from blaresept.money import kroner
from blaresept.rules.blaresept.copay import PER_DISPENSING, copay_terms
from blaresept.rules.blaresept.exemptions import main_code
from blaresept.rules.egenandelstak.ledger import tak_for
from blaresept.rules.parameters import ParameterSet

DATE_PARAMETERS = (
    "blaresept.copay.rate",
    "blaresept.copay.maximum",
    "blaresept.copay.maximum_applies_to",
    "blaresept.copay.period_months",
    "blaresept.exemptions.child_age",
    "blaresept.exemptions.minimum_pensioner",
    "blaresept.exemptions.section4",
    "blaresept.exemptions.yrkesskade",
    "blaresept.exemptions.refund_codes",
)
"""Every parameter the price of a dispensing depends on, looked up on the dispensing date."""

YEAR_PARAMETERS = ("egenandelstak.amount", "egenandelstak.bagatellgrense")
"""Every parameter the yearly cap depends on, looked up on 1 January of the year."""

SAFE = 2**62
"""Products of øre amounts and rate terms must stay below this to be exact in Int64."""


@dataclass(frozen=True)
class DateRules:
    """The date-dependent rules, one entry per period (lists are parallel, ordered by `starts`)."""

    starts: tuple[date, ...]
    rate_numerator: tuple[int, ...]
    rate_denominator: tuple[int, ...]
    maximum: tuple[int, ...]
    per_dispensing: tuple[bool, ...]
    period_months: tuple[int | None, ...]
    """The egenandelsperiode in months where copay groups have periods (None: no periods, e.g. 2026–)."""
    child_age: tuple[int | None, ...]
    minimum_pensioner: tuple[bool, ...]
    section4: tuple[bool, ...]
    yrkesskade: tuple[bool, ...]
    refund_codes: tuple[frozenset[str], ...]
    first_date: date
    first_parameter: str

    def period(self, on: pl.Expr) -> pl.Expr:
        """The index of the period a date falls in (dates before the first period must be refused first)."""
        starts = pl.Series("starts", self.starts, dtype=pl.Date)
        return (pl.lit(starts).search_sorted(on, side="right").cast(pl.Int32) - 1).alias("period")

    def value(self, field: str, period: pl.Expr, dtype: pl.DataType) -> pl.Expr:
        """The value of one field in each row's period."""
        values = pl.Series(field, list(getattr(self, field)), dtype=dtype)
        return pl.lit(values).gather(period).alias(field)

    def refund_code_exempt(self, code: pl.Expr, period: pl.Expr, codes_seen: list[str]) -> pl.Expr:
        """Whether a row's refusjonskode is exempt in its period. The core's `main_code` is applied to each
        distinct code seen (few), never per row; rows then test membership of their raw code."""
        expr: pl.Expr = pl.lit(False)
        for index in range(len(self.starts) - 1, -1, -1):
            exempt = sorted(c for c in codes_seen if main_code(c) in self.refund_codes[index])
            hit = code.is_in(exempt).fill_null(False) if exempt else pl.lit(False)
            expr = pl.when(period == index).then(hit).otherwise(expr)
        return expr


@dataclass(frozen=True)
class YearRules:
    """The yearly-cap rules for the years first_year … first_year + len − 1; later years take the last."""

    first_year: int
    tak: tuple[int, ...]
    bagatellgrense: tuple[int | None, ...]

    def index(self, year: pl.Expr) -> pl.Expr:
        return (year.cast(pl.Int32) - self.first_year).clip(0, len(self.tak) - 1)

    def value(self, field: str, year: pl.Expr) -> pl.Expr:
        values = pl.Series(field, list(getattr(self, field)), dtype=pl.Int64)
        return pl.lit(values).gather(self.index(year)).alias(field)


@dataclass(frozen=True)
class RuleTables:
    dates: DateRules
    years: YearRules
    params: ParameterSet

    def check_dates(self, earliest: date) -> None:
        """Refuse data before the first formalised rule with the core's own message (raises OutOfScope)."""
        if earliest < self.dates.first_date:
            self.params[self.dates.first_parameter].at(earliest)
        if earliest.year < self.years.first_year:
            for name in YEAR_PARAMETERS:
                self.params[name].at(date(earliest.year, 1, 1))


def date_rules(params: ParameterSet) -> DateRules:
    """The date-dependent rules from the parameters: one period per distinct change date."""
    firsts = {name: params[name].first_date for name in DATE_PARAMETERS}
    first_parameter = max(firsts, key=lambda name: firsts[name])
    first_date = firsts[first_parameter]
    changes = sorted({d for name in DATE_PARAMETERS for d in params[name].change_dates() if d >= first_date}
                     | {first_date})
    rate_numerator, rate_denominator, maximum, per_dispensing = [], [], [], []
    period_months: list[int | None] = []
    child_age, minimum_pensioner, section4, yrkesskade, refund_codes = [], [], [], [], []
    for start in changes:
        terms = copay_terms(start, params)
        rate_numerator.append(terms.rate.numerator)
        rate_denominator.append(terms.rate.denominator)
        maximum.append(terms.maximum)
        per_dispensing.append(terms.applies_to == PER_DISPENSING)
        months = params["blaresept.copay.period_months"].at(start).value
        period_months.append(None if terms.applies_to == PER_DISPENSING else months)
        child_age.append(params["blaresept.exemptions.child_age"].at(start).value)
        minimum_pensioner.append(bool(params["blaresept.exemptions.minimum_pensioner"].at(start).value))
        section4.append(bool(params["blaresept.exemptions.section4"].at(start).value))
        yrkesskade.append(bool(params["blaresept.exemptions.yrkesskade"].at(start).value))
        codes = params["blaresept.exemptions.refund_codes"].at(start).value
        refund_codes.append(frozenset(codes or ()))
    return DateRules(
        starts=tuple(changes),
        rate_numerator=tuple(rate_numerator),
        rate_denominator=tuple(rate_denominator),
        maximum=tuple(maximum),
        per_dispensing=tuple(per_dispensing),
        period_months=tuple(period_months),
        child_age=tuple(child_age),
        minimum_pensioner=tuple(minimum_pensioner),
        section4=tuple(section4),
        yrkesskade=tuple(yrkesskade),
        refund_codes=tuple(refund_codes),
        first_date=first_date,
        first_parameter=first_parameter,
    )


def year_rules(params: ParameterSet) -> YearRules:
    """The tak and bagatellgrense of every year from the first to the year after the last change."""
    first = max(params[name].first_date for name in YEAR_PARAMETERS)
    first_year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    last_year = max(d.year for name in YEAR_PARAMETERS for d in params[name].change_dates()) + 1
    tak, bagatell = [], []
    for year in range(first_year, last_year + 1):
        tak.append(tak_for(year, params))
        value = params["egenandelstak.bagatellgrense"].at(date(year, 1, 1)).value
        bagatell.append(kroner(value) if value is not None else None)
    return YearRules(first_year, tuple(tak), tuple(bagatell))


def rule_tables(params: ParameterSet) -> RuleTables:
    return RuleTables(date_rules(params), year_rules(params), params)
