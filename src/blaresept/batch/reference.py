"""The same table priced by the counter engine: each dispensing built as the core's `Dispensing` and each
person's dispensings priced in order by `blaresept.rules.egenandelstak.ledger.price_person`.

This is the sequential reference the batch engine must equal to the øre (tests/batch) and the baseline the
benchmark compares it with. It is one Python call per dispensing: for small tables only.

How rows become the core's objects (the table's meaning, docs/batch.md): the rows sharing a `dispensing_id`
are one `Dispensing`; consecutive rows of a dispensing with the same prescriber, date written, hjemmel,
refund code and yrkesskade are the lines of one `Prescription`, in table order; a person's dispensings are
passed to `price_person` ordered by date and then `dispensing_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from blaresept.batch.schema import REQUIRED, check_schema, normalise
from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel, Line, Patient, Prescription, Reservation
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.egenandelstak.ledger import price_person
from blaresept.rules.errors import RuleError
from blaresept.rules.parameters import ParameterSet, default_parameters


@dataclass(frozen=True)
class BuiltDispensing:
    """A dispensing as the counter sees it, and the table row of each of its lines, in the core's order."""

    person_id: int
    dispensing: Dispensing
    rows: tuple[int, ...]


def normalised_rows(table: pl.DataFrame) -> list[dict[str, Any]]:
    """The table's rows as dicts, every column present, with `row` = the row number if it had none."""
    source = table.schema
    schema = check_schema(source)
    if "row" not in source:
        table = table.with_row_index("row")
    return normalise(table.lazy(), schema, table.schema).collect().to_dicts()


def build_dispensings(table: pl.DataFrame) -> dict[int, list[BuiltDispensing]]:
    """Every person's dispensings as the core's objects, in the order `price_person` gets them."""
    by_dispensing: dict[int, list[dict[str, Any]]] = {}
    for row in normalised_rows(table):
        by_dispensing.setdefault(row["dispensing_id"], []).append(row)
    people: dict[int, list[BuiltDispensing]] = {}
    for dispensing_id in sorted(by_dispensing, key=lambda i: (by_dispensing[i][0]["date"], i)):
        rows = by_dispensing[dispensing_id]
        first = rows[0]
        prescriptions: list[tuple[tuple[Any, ...], list[dict[str, Any]]]] = []
        for row in rows:
            key = (row["prescriber"], row["written"], row["hjemmel"], row.get("refund_code"), row["yrkesskade"])
            if prescriptions and prescriptions[-1][0] == key:
                prescriptions[-1][1].append(row)
            else:
                prescriptions.append((key, [row]))
        dispensing = Dispensing(
            date=first["date"],
            patient=Patient(birth_date=first["birth_date"], minimum_pensioner=first["minimum_pensioner"],
                            frikort=first["frikort"]),
            prescriptions=tuple(_prescription(lines) for _, lines in prescriptions),
        )
        order = tuple(row["row"] for _, lines in prescriptions for row in lines)
        people.setdefault(first["person_id"], []).append(BuiltDispensing(first["person_id"], dispensing, order))
    return people


def _prescription(rows: list[dict[str, Any]]) -> Prescription:
    first = rows[0]
    return Prescription(
        prescriber=str(first["prescriber"]),
        written=first["written"],
        hjemmel=Hjemmel(first["hjemmel"]),
        lines=tuple(
            Line(price=row["price"], cheapest_price=row["cheapest_price"],
                 reserved_by=Reservation(row["reserved_by"]), max_refund_price=row["max_refund_price"])
            for row in rows
        ),
        refund_code=first.get("refund_code"),
        yrkesskade=first["yrkesskade"],
    )


@dataclass(frozen=True)
class ReferencePriced:
    lines: pl.DataFrame
    person_years: pl.DataFrame


def price_reference(table: pl.DataFrame, params: ParameterSet | None = None) -> ReferencePriced:
    """Price the table with the counter engine, person by person (`price_person`)."""
    params = params or default_parameters()
    return collect_reference(price_people(build_dispensings(table), params))


def price_people(people: dict[int, list[BuiltDispensing]], params: ParameterSet
                 ) -> Iterator[tuple[int, list[BuiltDispensing], Any]]:
    """Each person's ledger from the counter engine."""
    for person_id, built in people.items():
        yield person_id, built, price_person([b.dispensing for b in built], params)


def collect_reference(results: Iterator[tuple[int, list[BuiltDispensing], Any]]) -> ReferencePriced:
    lines: list[dict[str, Any]] = []
    years: list[dict[str, Any]] = []
    for person_id, built, ledger in results:
        for b, priced in zip(built, ledger.priced, strict=True):
            for row, line in zip(b.rows, priced.lines, strict=True):
                lines.append({
                    "row": row, "person_id": person_id, "dispensing_id": None, "date": priced.date,
                    "basis": line.basis, "mellomlegg": line.mellomlegg, "above_max_refund": line.above_max_refund,
                    "patient_extra": line.patient_extra, "copay": line.copay, "helfo": line.helfo,
                    "not_charged": line.not_charged,
                })
        for year, cap in ledger.years.items():
            years.append({
                "person_id": person_id, "year": year, "tak": cap.tak, "total_counted": cap.total_counted,
                "frikort_from": cap.frikort_from, "overshoot": cap.overshoot, "refund": cap.refund,
            })
    line_schema = {"row": pl.UInt32, "person_id": pl.Int64, "dispensing_id": pl.Int64, "date": pl.Date,
                   "basis": pl.Int64, "mellomlegg": pl.Int64, "above_max_refund": pl.Int64,
                   "patient_extra": pl.Int64, "copay": pl.Int64, "helfo": pl.Int64, "not_charged": pl.Int64}
    year_schema = {"person_id": pl.Int64, "year": pl.Int32, "tak": pl.Int64, "total_counted": pl.Int64,
                   "frikort_from": pl.Date, "overshoot": pl.Int64, "refund": pl.Int64}
    return ReferencePriced(pl.DataFrame(lines, schema=line_schema).drop("dispensing_id").sort("row"),
                           pl.DataFrame(years, schema=year_schema).sort("person_id", "year"))


def counter_message(dispensing: pl.DataFrame, params: ParameterSet) -> str | None:
    """The counter's own bokmål message refusing this dispensing's rows, if the counter refuses them."""
    if dispensing.select(pl.any_horizontal(pl.col(c).is_null().any() for c in REQUIRED)).item():
        return None  # a value the core's types cannot even hold
    try:
        built = [b for person in build_dispensings(dispensing).values() for b in person]
        for b in built:
            price_dispensing(b.dispensing, params)
    except RuleError as exc:
        return str(exc)
    except ValueError:  # e.g. an unknown hjemmel, which the core's enum refuses in English
        return None
    return None
