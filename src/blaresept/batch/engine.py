"""The columnar pricing plan: a table of dispensed lines (schema.py) priced under each date's rules, with the
yearly egenandelstak per person, exactly as the counter engine and its ledger do it, to the øre.

The plan is lazy Polars with no Python per row. Per line it finds the rules of the dispensing date (a binary
search into the period table), the price basis (mellomlegg, maximum refund price) and the exemptions. Then it
sorts once — by person, date, dispensing, copay group, line — so that every copay group, dispensing and
person-year is a contiguous run, and everything after the sort is a running sum or a fill over those runs:

- group basis B and each line's running basis r (cumulative sums reset at group starts);
- group copay c = min(round_half_up(rate × B), maximum), with rate = n/d exactly: (2·n·B + d) // (2·d);
- line share = round_half_up(c · r / B) − the same for the line before (the core's `allocate`), in integers;
- the person's counted copay before each dispensing in the calendar year; a dispensing is free (frikort) when
  an earlier dispensing of the year brought it to ≥ the year's tak — the frikort applies from the dispensing
  after the one that reached it;
- per person-year: the counted total, the date the tak was reached, the overshoot and the refund (none when
  the overshoot is under the bagatellgrense in the years it applied).

Same-date dispensings of a person are taken in `dispensing_id` order; the lines of a group in table order.
Family pooling (2009) is not modelled here: it needs family links the table does not have (docs/batch.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from blaresept.batch.periods import free_events_needing_a_second_pass, group_copays, spread
from blaresept.batch.rule_table import SAFE, RuleTables, rule_tables
from blaresept.batch.schema import (
    HJEMMEL,
    REQUIRED,
    RESERVATION,
    BatchInputError,
    check_schema,
    normalise,
)
from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation
from blaresept.rules.parameters import ParameterSet, default_parameters

EXEMPTION = pl.Enum(
    ["none", "child", "minimum_pensioner", "frikort", "tak", "section4", "yrkesskade", "refund_code"]
)
"""Why a line carries no copay: none (it pays), the patient (child, minimum_pensioner, frikort known at the
counter, tak = frikort reached earlier this year in the data) or the prescription (section4, yrkesskade,
refund_code). Patient reasons come first, as in the counter."""

LINE_COLUMNS = ("row", "person_id", "dispensing_id", "date", "price", "basis", "mellomlegg", "above_max_refund",
                "patient_extra", "copay", "helfo", "exemption")
PERSON_YEAR_COLUMNS = ("person_id", "year", "tak", "total_counted", "frikort_from", "overshoot", "refund")

NO_FRIKORT = date(1, 1, 1)
"""A sentinel date that stops a fill at the start of each person-year; never a result."""


@dataclass(frozen=True)
class Priced:
    """The priced lines (one per input row; `row` is the input row number) and one row per person-year."""

    lines: pl.DataFrame
    person_years: pl.DataFrame


def price_table(table: pl.DataFrame | pl.LazyFrame, params: ParameterSet | None = None,
                tables: RuleTables | None = None) -> Priced:
    """Price every line of the table and settle every person-year. Raises BatchInputError (bokmål) for a
    table that cannot be priced, and the core's OutOfScope for dates before the first formalised rule."""
    tables = tables or rule_tables(params or default_parameters())
    grouped, checks = plan(table.lazy(), tables)
    frame = with_periods(grouped.collect(engine="in-memory"))

    def explain(dispensing_id: int) -> str | None:
        from blaresept.batch.reference import counter_message

        rows = table.lazy().filter(pl.col("dispensing_id") == dispensing_id).collect()
        return counter_message(rows, tables.params)

    verify(frame, checks, tables, explain)
    person_years = person_year_rows(frame)
    return Priced(frame.select(LINE_COLUMNS), person_years)


def with_periods(grouped: pl.DataFrame) -> pl.DataFrame:
    """Each group's copay within its egenandelsperiode (batch/periods.py), then the shares and the yearly cap;
    priced again without the frikort-free dispensings' periods while that changes the result."""
    excluded: np.ndarray | None = None
    group_start = grouped["group_start"].to_numpy()
    for _ in range(grouped["year"].n_unique() + 2):
        copay, events = group_copays(grouped, excluded)
        frame = finish(grouped.lazy().with_columns(pl.Series("group_copay", spread(copay, group_start))))
        free = free_events_needing_a_second_pass(frame, events)
        if free.size == 0 or (excluded is not None and np.array_equal(free, excluded)):
            return frame.drop("free")
        excluded = free if excluded is None else np.union1d(excluded, free)
    raise BatchInputError("Egenandelsperiodene og frikortet ga ikke et stabilt resultat.")  # never: one per year


def finish(lf: pl.LazyFrame) -> pl.DataFrame:
    """From each row's group copay: the line shares, the yearly cap, and the columns `verify` and
    `person_year_rows` read."""
    lf = yearly_cap(shares(lf))
    return lf.select(
        *LINE_COLUMNS, "year", "tak", "bagatellgrense", "counted_year", "reached_on", "py_end",
        "dispensing_start", "invalid", "inconsistent", "group_basis", "free",
        "group_start", "uncounted", "group_prescriber", "group_written",
    ).collect(engine="in-memory")


def plan(source: pl.LazyFrame, tables: RuleTables) -> tuple[pl.LazyFrame, InputChecks]:
    """The lazy plan over the input up to each copay group's basis and uncapped copay, in the engine's sort
    order, with the run flags and check columns the later steps read."""
    source_schema = source.collect_schema()
    schema = check_schema(source_schema)
    if "row" not in source_schema:
        source = source.with_row_index("row")
        source_schema = source.collect_schema()
    lf = normalise(source, schema, source_schema).with_columns(pl.col("row").cast(pl.UInt32))
    codes_seen: list[str] = []
    if schema.has_refund_code:
        codes_seen = lf.select(pl.col("refund_code").drop_nulls().unique()).collect().to_series().to_list()

    lf = price_lines(lf, tables, codes_seen if schema.has_refund_code else None)
    lf = in_runs(lf, tables)
    lf = copay_groups(lf).drop("period", "birth_date", "minimum_pensioner", "frikort", "rate_numerator",
                                "rate_denominator", "counted_basis")  # not read after this: less to hold
    checks = InputChecks(max_rate_numerator=max(tables.dates.rate_numerator),
                         max_maximum=max(tables.dates.maximum))
    return lf, checks


def price_lines(lf: pl.LazyFrame, tables: RuleTables, codes_seen: list[str] | None) -> pl.LazyFrame:
    """Per line, under the rules of its date: the price basis, the patient's extra, the exemption known
    before the yearly cap, and the copay group key. Only what the later stages need is kept."""
    dates = tables.dates
    day = pl.col("date")
    period = pl.col("period")
    lf = lf.with_columns(dates.period(day))
    # § 7 mellomlegg, then the maximum refund price (price_basis.py).
    substitution = (
        pl.when(pl.col("reserved_by") == Reservation.PATIENT.value)
        .then(pl.min_horizontal("price", "cheapest_price"))
        .otherwise(pl.col("price"))
    )
    # Exemptions (exemptions.py): the patient first, then the prescription.
    child = (_age(pl.col("birth_date"), day) < dates.value("child_age", period, pl.Int32())).fill_null(False)
    pensioner = dates.value("minimum_pensioner", period, pl.Boolean()) & pl.col("minimum_pensioner")
    section4 = (
        (pl.col("hjemmel") == Hjemmel.SECTION_4.value).fill_null(False)
        & dates.value("section4", period, pl.Boolean())
    )
    yrkesskade = pl.col("yrkesskade") & dates.value("yrkesskade", period, pl.Boolean())
    refund_code = (
        dates.refund_code_exempt(pl.col("refund_code"), period, codes_seen) if codes_seen is not None
        else pl.lit(False)
    )
    static = (
        pl.when(child).then(pl.lit("child", dtype=EXEMPTION))
        .when(pensioner).then(pl.lit("minimum_pensioner", dtype=EXEMPTION))
        .when(pl.col("frikort")).then(pl.lit("frikort", dtype=EXEMPTION))
        .when(section4).then(pl.lit("section4", dtype=EXEMPTION))
        .when(yrkesskade).then(pl.lit("yrkesskade", dtype=EXEMPTION))
        .when(refund_code).then(pl.lit("refund_code", dtype=EXEMPTION))
        .otherwise(pl.lit("none", dtype=EXEMPTION))
    )
    # The copay group (copay.py group_key): prescriber and date written until 2025, the dispensing from 2026.
    per_dispensing = dates.value("per_dispensing", period, pl.Boolean())
    lf = lf.with_columns(
        substitution.alias("substitution_price"),
        static.alias("static_exemption"),
        pl.when(per_dispensing).then(pl.lit(0)).otherwise(pl.col("prescriber")).alias("group_prescriber"),
        pl.when(per_dispensing).then(pl.lit(date(1970, 1, 1))).otherwise(pl.col("written"))
        .alias("group_written"),
        _invalid().alias("invalid"),
    )
    sub, ceiling = pl.col("substitution_price"), pl.col("max_refund_price")
    above = pl.when(ceiling.is_not_null() & (sub > ceiling)).then(sub - ceiling).otherwise(0)
    lf = lf.with_columns(
        (pl.col("price") - sub).alias("mellomlegg"),
        above.alias("above_max_refund"),
        (pl.col("static_exemption") != "none").alias("uncounted"),
    ).with_columns((sub - pl.col("above_max_refund")).alias("basis"))
    return lf.select(
        "row", "person_id", "date", "dispensing_id", "uncounted", "group_prescriber", "group_written", "period",
        "price", "basis", "mellomlegg", "above_max_refund", "static_exemption", "birth_date", "minimum_pensioner",
        "frikort", "invalid",
    )


def in_runs(lf: pl.LazyFrame, tables: RuleTables) -> pl.LazyFrame:
    """One sort — person, date, dispensing, copay group, line — so that every person-year, dispensing and
    copay group is a contiguous run; the flags where each run starts; the rules needed from here on."""
    lf = lf.sort(["person_id", "date", "dispensing_id", "uncounted", "group_prescriber", "group_written", "row"])
    dates, period = tables.dates, pl.col("period")
    year = pl.col("date").dt.year().cast(pl.Int32)
    lf = lf.with_columns(
        year.alias("year"),
        dates.value("rate_numerator", period, pl.Int64()),
        dates.value("rate_denominator", period, pl.Int64()),
        dates.value("maximum", period, pl.Int64()),
        dates.value("period_months", period, pl.Int32()),
        tables.years.value("tak", year),
        tables.years.value("bagatellgrense", year),
    )

    py_start = _changed("person_id") | _changed("year")
    dispensing_start = py_start | _changed("date") | _changed("dispensing_id")
    group_start = dispensing_start | _changed("uncounted") | _changed("group_prescriber") | _changed("group_written")
    lf = lf.with_columns(
        py_start.alias("py_start"),
        dispensing_start.alias("dispensing_start"),
        group_start.alias("group_start"),
        pl.when(pl.col("uncounted")).then(0).otherwise(pl.col("basis")).alias("counted_basis"),
        (
            ~dispensing_start
            & (
                (pl.col("birth_date") != pl.col("birth_date").shift(1))
                | (pl.col("minimum_pensioner") != pl.col("minimum_pensioner").shift(1))
                | (pl.col("frikort") != pl.col("frikort").shift(1))
            ).fill_null(False)
        ).alias("inconsistent"),
    )
    return lf


def copay_groups(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Each group's basis and its copay before the maximum and the period: rate × basis rounded half up."""
    # Group basis: running within the group (r) and the group's total (B, filled back from its last line).
    lf = lf.with_columns(_running("counted_basis", "group_start").alias("running_basis"))
    group_end = pl.col("group_start").shift(-1).fill_null(True)
    lf = lf.with_columns(
        pl.when(group_end).then(pl.col("running_basis")).otherwise(None).backward_fill().alias("group_basis")
    )
    # Group copay: rate × B rounded half up to the øre, then at most the maximum (copay.py group_copay).
    n, d, basis_b = pl.col("rate_numerator"), pl.col("rate_denominator"), pl.col("group_basis")
    uncapped = (2 * n * basis_b + d) // (2 * d)
    return lf.with_columns(uncapped.alias("group_uncapped"))


def shares(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Each line's share of its group's copay (`group_copay`, set by the periods step)."""
    basis_b = pl.col("group_basis")
    # Share over the lines by cumulative rounding (copay.py allocate).
    r, c = pl.col("running_basis"), pl.col("group_copay")
    upto = pl.when(basis_b > 0).then((2 * c * r + basis_b) // (2 * basis_b)).otherwise(0)
    lf = lf.with_columns(upto.alias("upto"))
    lf = lf.with_columns(
        (pl.col("upto") - pl.when(pl.col("group_start")).then(0).otherwise(pl.col("upto").shift(1)))
        .alias("share")
    )
    return lf


def yearly_cap(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The frikort from the dispensing after the one that reached the tak, and the counted copay per year."""
    # The yearly cap (ledger.py): counted copay in the year before each dispensing decides the frikort.
    lf = lf.with_columns(_running("share", "py_start").alias("running_year"))
    lf = lf.with_columns(
        pl.when(pl.col("dispensing_start")).then(pl.col("running_year") - pl.col("share")).otherwise(None)
        .forward_fill().alias("counted_before"),
        pl.when(pl.col("dispensing_start")).then(pl.col("py_start")).otherwise(None)
        .forward_fill().alias("first_of_year"),
    )
    # Free when an earlier dispensing this year reached the tak (never the year's first, even with tak 0).
    free = ~pl.col("first_of_year") & (pl.col("counted_before") >= pl.col("tak"))
    patient_static = pl.col("static_exemption").is_in(["child", "minimum_pensioner", "frikort"])
    copay = pl.when(free).then(0).otherwise(pl.col("share"))
    reached_here = ~free & (pl.col("running_year") >= pl.col("tak"))
    lf = lf.with_columns(
        free.alias("free"),
        copay.alias("copay"),
        (pl.col("basis") - copay).alias("helfo"),
        (pl.col("mellomlegg") + pl.col("above_max_refund")).alias("patient_extra"),
        pl.when(free & ~patient_static).then(pl.lit("tak", dtype=EXEMPTION))
        .otherwise(pl.col("static_exemption")).alias("exemption"),
        pl.when(reached_here).then(pl.col("date"))
        .when(pl.col("py_start")).then(pl.lit(NO_FRIKORT))
        .otherwise(None).forward_fill().alias("reached_on"),
        pl.col("py_start").shift(-1).fill_null(True).alias("py_end"),
    )
    return lf.with_columns(_running("copay", "py_start").alias("counted_year"))


@dataclass(frozen=True)
class InputChecks:
    """What `verify` needs from the rules to prove the integer arithmetic exact."""

    max_rate_numerator: int
    max_maximum: int


def person_year_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per person and calendar year: tak, counted total, frikort date, overshoot and refund."""
    last = frame.filter(pl.col("py_end"))
    overshoot = pl.max_horizontal(pl.col("counted_year") - pl.col("tak"), pl.lit(0))
    bagatell = pl.col("bagatellgrense")
    return last.select(
        "person_id",
        "year",
        "tak",
        pl.col("counted_year").alias("total_counted"),
        pl.when(pl.col("reached_on") == NO_FRIKORT).then(None).otherwise(pl.col("reached_on"))
        .alias("frikort_from"),
        overshoot.alias("overshoot"),
        pl.when(bagatell.is_not_null() & (overshoot < bagatell)).then(0).otherwise(overshoot).alias("refund"),
    )


def verify(frame: pl.DataFrame, checks: InputChecks, tables: RuleTables,
           explain: Callable[[int], str | None] = lambda _: None) -> None:
    """Refuse the table if any row or dispensing was invalid (raised after the single pass; the invalid
    results are discarded). The first offending row is named, with the counter's own message if it has one."""
    if frame.height == 0:
        return
    earliest = frame["date"].min()
    if isinstance(earliest, date):
        tables.check_dates(earliest)
    bad = frame.filter(pl.col("invalid"))
    if bad.height:
        row = bad.sort("row").row(0, named=True)
        reason = explain(row["dispensing_id"]) if row["dispensing_id"] is not None else None
        if reason:
            raise BatchInputError(f"Rad {row['row']} (utlevering {row['dispensing_id']}) kan ikke prises: {reason}")
        raise BatchInputError(
            f"Rad {row['row']} (utlevering {row['dispensing_id']}) kan ikke prises: en påkrevd verdi mangler "
            f"eller er ugyldig ({', '.join(REQUIRED)} må finnes; beløp kan ikke være negative; pasientens "
            "reservasjon krever billigste pris; resepten kan ikke være skrevet etter utleveringsdatoen, og "
            f"fødselsdatoen kan ikke ligge etter den; hjemmel er en av {', '.join(HJEMMEL.categories)}, "
            f"reserved_by en av {', '.join(RESERVATION.categories)})."
        )
    mixed = frame.filter(pl.col("inconsistent"))
    if mixed.height:
        row = mixed.sort("row").row(0, named=True)
        raise BatchInputError(
            f"Utlevering {row['dispensing_id']} (rad {row['row']}) har ulike pasientopplysninger "
            "(fødselsdato, minstepensjonist eller frikort) på radene sine; en utlevering gjelder én pasient."
        )
    runs = int(frame["dispensing_start"].sum())
    if runs != frame["dispensing_id"].n_unique():
        raise BatchInputError(
            "Samme dispensing_id brukes for flere personer eller datoer; en utlevering er alt som leveres ut til "
            "én person på én dato."
        )
    largest, dearest = frame["group_basis"].max(), frame["price"].max()
    if isinstance(largest, int) and isinstance(dearest, int) and (
        2 * largest * checks.max_rate_numerator >= SAFE or 2 * largest * checks.max_maximum >= SAFE
        or dearest * frame.height >= SAFE  # every running sum stays below this
    ):
        raise BatchInputError("Prisgrunnlaget i en egenandelsgruppe er for stort til å regnes eksakt.")


def _invalid() -> pl.Expr:
    """A row that cannot be priced (the counter would refuse it too)."""
    checks = [pl.col(name).is_null() for name in REQUIRED] + [
        pl.col("reserved_by").is_null(),
        pl.col("price") < 0,
        pl.col("cheapest_price") < 0,
        pl.col("max_refund_price") < 0,
        (pl.col("reserved_by") == Reservation.PATIENT.value) & pl.col("cheapest_price").is_null(),
        pl.col("written") > pl.col("date"),
        pl.col("birth_date") > pl.col("date"),
    ]
    return pl.any_horizontal([check.fill_null(False) for check in checks])


def _age(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed years on the date (exemptions.age_on: a year older on the birthday, 29 Feb → 1 Mar)."""
    def month_day(d: pl.Expr) -> pl.Expr:
        return d.dt.month().cast(pl.Int32) * 100 + d.dt.day().cast(pl.Int32)

    years = on.dt.year().cast(pl.Int32) - birth.dt.year().cast(pl.Int32)
    return years - (month_day(on) < month_day(birth)).cast(pl.Int32)


def _changed(name: str) -> pl.Expr:
    """True where the column differs from the row before (and on the first row)."""
    return (pl.col(name) != pl.col(name).shift(1)).fill_null(True)


def _running(name: str, start: str) -> pl.Expr:
    """The running sum of a column within runs that begin where `start` is true."""
    total = pl.col(name).cum_sum()
    return total - pl.when(pl.col(start)).then(total - pl.col(name)).otherwise(None).forward_fill()
