"""The batch engine's input: one row per dispensed line (vare), with its dispensing, patient and prescription.

A *dispensing* (utlevering) is the set of rows sharing a `dispensing_id`: everything handed out to one
person on one date at once. Each row is one line of a blue prescription and carries that prescription's
prescriber, the date it was written and its hjemmel. Within a dispensing, rows are lines in the order they
appear in the table (that order decides how a group's copay is shared over its lines). A person's dispensings
on the same date are taken in `dispensing_id` order (that order decides which one reaches the tak).

| column | type | required | meaning |
| --- | --- | --- | --- |
| person_id | integer | yes | the patient |
| birth_date | Date | yes | the patient's birth date (child exemption by age on the dispensing date) |
| dispensing_id | integer | yes | the utlevering the line belongs to |
| date | Date | yes | the dispensing date (its rules apply) |
| prescriber | integer | yes | the prescriber (e.g. HPR number); with `written`, the prescription group |
| written | Date | yes | the date the prescription was written |
| hjemmel | "§2" … "§6" | yes | the section the prescription is written under |
| price | Int64 øre | yes | the price of the dispensed item, including VAT |
| cheapest_price | Int64 øre | no | the cheapest equivalent's price (needed when the patient reserved) |
| reserved_by | "none", "prescriber", "patient" | no (none) | who reserved against substitution |
| max_refund_price | Int64 øre | no | Helfo's maximum refund price for the item |
| minimum_pensioner | Boolean | no (false) | the patient is a minstepensjonist on the date |
| frikort | Boolean | no (false) | the patient holds a frikort known at the counter (e.g. from other services) |
| yrkesskade | Boolean | no (false) | the prescription treats an approved yrkesskade |
| refund_code | String | no (null) | the prescription's refusjonskode ("ICD:B20", "-90", …) |

The patient columns (person_id, birth_date, minimum_pensioner, frikort) and the date must be the same on
every row of a dispensing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation

HJEMMEL = pl.Enum([h.value for h in Hjemmel])
RESERVATION = pl.Enum([r.value for r in Reservation])

INTEGER = "heltall"
ID_COLUMNS = ("person_id", "dispensing_id", "prescriber")
DATE_COLUMNS = ("birth_date", "date", "written")
MONEY_COLUMNS = ("price", "cheapest_price", "max_refund_price")
FLAG_COLUMNS = ("minimum_pensioner", "frikort", "yrkesskade")
REQUIRED = ("person_id", "birth_date", "dispensing_id", "date", "prescriber", "written", "hjemmel", "price")
OPTIONAL: dict[str, tuple[pl.DataType, Any]] = {
    "cheapest_price": (pl.Int64(), None),
    "reserved_by": (RESERVATION, Reservation.NONE.value),
    "max_refund_price": (pl.Int64(), None),
    "minimum_pensioner": (pl.Boolean(), False),
    "frikort": (pl.Boolean(), False),
    "yrkesskade": (pl.Boolean(), False),
    "refund_code": (pl.String(), None),
}
COLUMNS = REQUIRED + tuple(OPTIONAL)


class BatchInputError(ValueError):
    """The input table cannot be priced. The message is in bokmål."""


@dataclass(frozen=True)
class InputSchema:
    """The columns the input has, checked, and how each is read."""

    present: tuple[str, ...]

    @property
    def has_refund_code(self) -> bool:
        return "refund_code" in self.present


def check_schema(schema: pl.Schema) -> InputSchema:
    """Refuse a table with missing columns or wrong types, with a reason in bokmål."""
    missing = [c for c in REQUIRED if c not in schema]
    if missing:
        raise BatchInputError(
            f"Tabellen mangler kolonnene {', '.join(missing)}. Påkrevd: {', '.join(REQUIRED)} "
            "(se docs/batch.md)."
        )
    problems = []
    for name in COLUMNS:
        if name not in schema:
            continue
        dtype = schema[name]
        if name in ID_COLUMNS and not dtype.is_integer():
            problems.append(f"{name} må være et heltall (er {dtype})")
        elif name in DATE_COLUMNS and dtype != pl.Date:
            problems.append(f"{name} må være en dato (er {dtype})")
        elif name in MONEY_COLUMNS and not dtype.is_integer():
            problems.append(f"{name} må være et heltall øre, aldri flyttall (er {dtype})")
        elif name in FLAG_COLUMNS and dtype != pl.Boolean:
            problems.append(f"{name} må være sann/usann (er {dtype})")
        elif name in ("hjemmel", "reserved_by", "refund_code") and not (
            dtype == pl.String or isinstance(dtype, (pl.Enum, pl.Categorical))
        ):
            problems.append(f"{name} må være tekst (er {dtype})")
    if problems:
        raise BatchInputError("Feil kolonnetyper: " + "; ".join(problems) + ".")
    return InputSchema(tuple(c for c in COLUMNS if c in schema))


def normalise(frame: pl.LazyFrame, schema: InputSchema, source: pl.Schema) -> pl.LazyFrame:
    """The input with every column present and in its working type (defaults for absent optional columns;
    unknown hjemmel or reservation values become null and are reported by the engine's checks)."""
    exprs: list[pl.Expr] = []
    for name in COLUMNS:
        if name not in schema.present:
            if name in OPTIONAL and name != "refund_code":
                dtype, default = OPTIONAL[name]
                exprs.append(pl.lit(default, dtype=dtype).alias(name))
            continue
        dtype = source[name]
        column = pl.col(name)
        if name in MONEY_COLUMNS and dtype != pl.Int64:
            column = column.cast(pl.Int64)
        elif name == "hjemmel" and dtype != HJEMMEL:
            column = column.cast(pl.String).cast(HJEMMEL, strict=False)
        elif name == "reserved_by" and dtype != RESERVATION:
            column = column.cast(pl.String).fill_null(Reservation.NONE.value).cast(RESERVATION, strict=False)
        elif name == "reserved_by":
            column = column.fill_null(Reservation.NONE.value)
        elif name in FLAG_COLUMNS:
            column = column.fill_null(False)
        elif name == "refund_code" and dtype != pl.String:
            column = column.cast(pl.String)
        exprs.append(column.alias(name))
    if "row" in source:
        exprs.insert(0, pl.col("row"))
    return frame.select(exprs)
