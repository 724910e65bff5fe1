"""The batch engine's input checks (bokmål messages, the counter's own where it has one), its output shape,
and that it reads its rules from the parameter set it is given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from blaresept.batch.engine import LINE_COLUMNS, PERSON_YEAR_COLUMNS, price_table
from blaresept.batch.rule_table import rule_tables
from blaresept.batch.schema import REQUIRED, BatchInputError
from blaresept.rules.parameters import OutOfScope, default_parameters


def line(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "person_id": 1, "birth_date": date(1970, 5, 5), "dispensing_id": 1, "date": date(2024, 3, 1),
        "prescriber": 7, "written": date(2024, 2, 1), "hjemmel": "§2", "price": 40_000,
    }
    return {**base, **changes}


def test_output_has_one_line_per_row_and_one_row_per_person_year() -> None:
    table = pl.DataFrame([line(), line(dispensing_id=2, date=date(2025, 1, 2)), line(person_id=2, dispensing_id=3)])
    result = price_table(table)
    assert result.lines.columns == list(LINE_COLUMNS)
    assert result.person_years.columns == list(PERSON_YEAR_COLUMNS)
    assert sorted(result.lines["row"].to_list()) == [0, 1, 2]
    assert result.person_years.select("person_id", "year").sort("person_id", "year").rows() == [
        (1, 2024), (1, 2025), (2, 2024)]


def test_empty_table() -> None:
    table = pl.DataFrame([line()]).clear()
    result = price_table(table)
    assert result.lines.height == 0 and result.person_years.height == 0


def test_missing_column_is_named() -> None:
    with pytest.raises(BatchInputError, match="mangler kolonnene hjemmel"):
        price_table(pl.DataFrame([line()]).drop("hjemmel"))


def test_money_as_float_is_refused() -> None:
    table = pl.DataFrame([line()]).with_columns(pl.col("price").cast(pl.Float64))
    with pytest.raises(BatchInputError, match="aldri flyttall"):
        price_table(table)


def test_the_counters_own_message_names_the_row() -> None:
    table = pl.DataFrame([line(), line(dispensing_id=2, written=date(2024, 4, 1))])
    with pytest.raises(BatchInputError, match=r"Rad 1 \(utlevering 2\).*skrevet 2024-04-01, etter utleveringsdatoen"):
        price_table(table)


def test_patient_reservation_without_cheapest_price() -> None:
    table = pl.DataFrame([line(reserved_by="patient", cheapest_price=None)],
                         schema_overrides={"cheapest_price": pl.Int64})
    with pytest.raises(BatchInputError, match="billigste likeverdige vare mangler"):
        price_table(table)


@pytest.mark.parametrize("column", REQUIRED)
def test_a_missing_required_value_is_refused(column: str) -> None:
    table = pl.DataFrame([line(), line(dispensing_id=2)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(None).otherwise(pl.col(column)).alias(column))
    with pytest.raises(BatchInputError, match="kan ikke prises|samme|ulike"):
        price_table(table)


def test_unknown_hjemmel_is_refused() -> None:
    with pytest.raises(BatchInputError, match="hjemmel er en av"):
        price_table(pl.DataFrame([line(hjemmel="§9")]))


def test_a_dispensing_is_one_person_on_one_date() -> None:
    with pytest.raises(BatchInputError, match="flere personer eller datoer"):
        price_table(pl.DataFrame([line(), line(person_id=2)]))
    with pytest.raises(BatchInputError, match="flere personer eller datoer"):
        price_table(pl.DataFrame([line(), line(date=date(2024, 3, 2))]))
    with pytest.raises(BatchInputError, match="ulike pasientopplysninger"):
        price_table(pl.DataFrame([line(), line(minimum_pensioner=True)]))


def test_dates_before_the_first_rule_get_the_cores_out_of_scope_message() -> None:
    with pytest.raises(OutOfScope, match="2008-12-31 ligger før første formaliserte verdi"):
        price_table(pl.DataFrame([line(), line(dispensing_id=2, date=date(2008, 12, 31),
                                                written=date(2008, 12, 1))]))


def test_the_rules_come_from_the_parameter_set_given() -> None:
    base = default_parameters()
    table = pl.DataFrame([line(price=10_000)])
    before = price_table(table, base).lines["copay"].item()
    rate_now = base["blaresept.copay.rate"].at(date(2024, 3, 1)).value
    reform = base.replace("blaresept.copay.rate", {date(2024, 1, 1): rate_now / 2})
    after = price_table(table, reform).lines["copay"].item()
    assert after < before
    assert rule_tables(reform).dates.rate_numerator != rule_tables(base).dates.rate_numerator


def test_rule_periods_follow_every_change_date() -> None:
    params = default_parameters()
    tables = rule_tables(params)
    change_dates = {d for name in ("blaresept.copay.rate", "blaresept.exemptions.child_age")
                    for d in params[name].change_dates()}
    assert change_dates <= set(tables.dates.starts)
    reform = params.replace("blaresept.copay.maximum", {date(2030, 3, 1): Decimal("450")})
    assert date(2030, 3, 1) in rule_tables(reform).dates.starts


def test_amounts_too_large_for_exact_integers_are_refused() -> None:
    with pytest.raises(BatchInputError, match="for stort"):
        price_table(pl.DataFrame([line(price=2**61), line(dispensing_id=2, price=2**61)]))
