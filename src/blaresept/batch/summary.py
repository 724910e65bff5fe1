"""The totals of a priced dataset, per calendar year: what a person reads after `blaresept batch price`.

Amounts are integer øre. A summary of a whole dataset is the sum of the summaries of its person-disjoint
batches (a dispensing and a person-year always fall in one batch)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from blaresept.batch.engine import Priced

FIELDS = (
    "rows", "dispensings", "persons", "price", "copay", "patient_extra", "mellomlegg", "above_max_refund",
    "helfo", "not_charged", "reached_tak", "refunds", "refund", "overshoot",
)

LABELS: dict[str, tuple[str, bool]] = {
    # field → (bokmål label, is money)
    "rows": ("Varelinjer", False),
    "dispensings": ("Utleveringer", False),
    "persons": ("Personer", False),
    "price": ("Samlet pris", True),
    "copay": ("Egenandel (teller mot taket)", True),
    "patient_extra": ("Pasientens tillegg", True),
    "mellomlegg": ("  herav mellomlegg", True),
    "above_max_refund": ("  herav over maksimal refusjonspris", True),
    "helfo": ("Helfo dekker ved utlevering", True),
    "not_charged": ("Ikke belastet (over listeprisen, § 8 femte ledd)", True),
    "reached_tak": ("Personer som nådde egenandelstaket", False),
    "refunds": ("Tilbakebetalinger av overskytende egenandel", False),
    "refund": ("Tilbakebetalt beløp", True),
    "overshoot": ("Betalt over taket i alt", True),
    "helfo_after_refund": ("Helfo i alt etter tilbakebetaling", True),
}


@dataclass(frozen=True)
class Summary:
    """Totals per calendar year (one row per year, the FIELDS as Int64 columns)."""

    by_year: pl.DataFrame

    @staticmethod
    def empty() -> Summary:
        return Summary(pl.DataFrame(schema={"year": pl.Int32, **{f: pl.Int64 for f in FIELDS}}))

    def __add__(self, other: Summary) -> Summary:
        both = pl.concat([self.by_year, other.by_year])
        return Summary(both.group_by("year").agg(pl.col(f).sum() for f in FIELDS).sort("year"))

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.by_year["year"].to_list()]

    def values(self, year: int | None = None) -> dict[str, int]:
        """The totals of one year, or of all years (persons then counts person-years)."""
        frame = self.by_year if year is None else self.by_year.filter(pl.col("year") == year)
        totals = {f: int(frame[f].sum()) for f in FIELDS}
        totals["helfo_after_refund"] = totals["helfo"] + totals["refund"]
        return totals


def summarise(result: Priced) -> Summary:
    """The totals of one priced batch."""
    lines = result.lines.group_by(pl.col("date").dt.year().cast(pl.Int32).alias("year")).agg(
        pl.len().cast(pl.Int64).alias("rows"),
        pl.col("dispensing_id").n_unique().cast(pl.Int64).alias("dispensings"),
        *(pl.col(f).sum().cast(pl.Int64) for f in
          ("price", "copay", "patient_extra", "mellomlegg", "above_max_refund", "helfo", "not_charged")),
    )
    years = result.person_years.group_by(pl.col("year").cast(pl.Int32)).agg(
        pl.len().cast(pl.Int64).alias("persons"),
        pl.col("frikort_from").is_not_null().sum().cast(pl.Int64).alias("reached_tak"),
        (pl.col("refund") > 0).sum().cast(pl.Int64).alias("refunds"),
        pl.col("refund").sum().cast(pl.Int64),
        pl.col("overshoot").sum().cast(pl.Int64),
    )
    joined = lines.join(years, on="year", how="full", coalesce=True).fill_null(0)
    return Summary(joined.select("year", *FIELDS).sort("year"))

