"""`blaresept batch …`: the synthetic national dataset and the batch pricing of a whole year (Polars, or the
same engine on Apache Spark)."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from blaresept.cli.render import console, error, simple_table
from blaresept.money import format_kr
from blaresept.rules.errors import RuleError
from blaresept.rules.parameters import ParameterError, ParameterSet, default_parameters

if TYPE_CHECKING:
    from blaresept.batch.summary import Summary

BATCH_ROWS = 8_000_000  # = blaresept.batch.runner.BATCH_ROWS; the batch modules (Polars, numpy) load on use

app = typer.Typer(help="Prising av et helt års utleveringer (kolonnebasert, Polars), og et syntetisk datasett.",
                  no_args_is_help=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[speed]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@app.command("generate")
def generate(
    out: Annotated[Path, typer.Argument(help="Mappe datasettet skrives til (part-NNNNN.parquet).")],
    rows: Annotated[int, typer.Option("--rows", min=1, help="Antall varelinjer (rader), 10 000 til 70 000 000.")
                    ] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Frø for tilfeldighetene (samme frø gir samme data).")
                    ] = 2023,
    years: Annotated[list[int] | None, typer.Option("--year", help="Kalenderår (kan gjentas).")] = None,
) -> None:
    """Lag et syntetisk nasjonalt datasett av blåreseptutleveringer, kalibrert til nasjonale volumer."""
    from blaresept.batch.generate import generate as generate_dataset

    chosen = tuple(years or [2023])
    if any(y < 2009 for y in chosen):
        error("Blåresept regner fra 2009; velg år fra 2009.")
        raise typer.Exit(2)
    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("Genererer", total=rows, speed="")

        def advance(done: int) -> None:
            progress.advance(task, done)
            elapsed = time.perf_counter() - started
            completed = progress.tasks[0].completed
            progress.update(task, speed=f"{_count(int(completed / elapsed))} rader/s")

        result = generate_dataset(rows, out, seed=seed, years=chosen, progress=advance)
    console.print(
        f"Skrev {_count(result.rows)} varelinjer, {_count(result.dispensings)} utleveringer og "
        f"{_count(result.persons)} personer ({', '.join(map(str, chosen))}) til {out} "
        f"i {len(result.files)} filer på {time.perf_counter() - started:.1f} s."
    )


class Engine(StrEnum):
    polars = "polars"
    spark = "spark"


@app.command("price")
def price(
    source: Annotated[Path, typer.Argument(help="En Parquet-fil eller en mappe med Parquet-filer.")],
    out: Annotated[Path, typer.Argument(help="Mappe for resultatet (lines/ og person_years/).")],
    settings: Annotated[list[str] | None, typer.Option(
        "--set", help="Reform: NAVN=DATO:VERDI, f.eks. blaresept.copay.rate=2026-01-01:0.55 (kan gjentas). "
                      "Da prises datasettet både etter gjeldende regler og etter reformen.")] = None,
    reforms: Annotated[list[str] | None, typer.Option(
        "--reform", help="Én reform av flere i samme kjøring: NAVN=DATO:VERDI[;NAVN=DATO:VERDI…] (kan gjentas; "
                         "reform nr. N skrives til reform-N/). Datasettet leses én gang for alle.")] = None,
    batch_rows: Annotated[int, typer.Option("--batch-rows", min=1, help="Omtrent så mange rader per bunt.")
                          ] = BATCH_ROWS,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="polars: på denne maskinen; spark: Apache Spark (lokalt eller på en klynge).")
    ] = Engine.polars,
    spark_master: Annotated[str | None, typer.Option(
        "--spark-master", help="Sparks master-URL (local[*], spark://…, yarn, k8s://…). Standard: local[*], "
                               "eller den spark-submit ble gitt.")] = None,
) -> None:
    """Pris alle utleveringer i datasettet etter reglene på hver dato, med egenandelstak per person og år."""
    from blaresept.batch.runner import input_files, plan_batches, price_files
    from blaresept.batch.schema import BatchInputError

    baseline = default_parameters()
    params = [baseline]
    labels = [""]
    names: list[str] = []
    try:
        if settings and reforms:
            raise ParameterError("Bruk enten --set (én reform, i reform/) eller --reform (flere, i reform-N/).")
        if settings:
            params.append(reform(baseline, settings))
            labels.append("reform")
            names.append("; ".join(settings))
        for number, text in enumerate(reforms or [], start=1):
            params.append(reform(baseline, [part for part in text.split(";") if part.strip()]))
            labels.append(f"reform-{number}")
            names.append(text)
        if engine is Engine.polars:
            files = input_files(source)
            total = sum(b.rows for b in plan_batches(files))
    except (BatchInputError, ParameterError) as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    started = time.perf_counter()
    try:
        with _progress() as progress:
            if engine is Engine.spark:
                from blaresept.batch.spark import price_files_spark

                task = progress.add_task("Priser med Spark (oppgaver)", total=None, speed="")

                def tasks(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                result = price_files_spark(source, out, params, labels, master=spark_master, progress=tasks)
            else:
                task = progress.add_task("Priser", total=total, speed="")

                def advance(done: int) -> None:
                    progress.advance(task, done)
                    elapsed = time.perf_counter() - started
                    progress.update(task, speed=f"{_count(int(progress.tasks[0].completed / elapsed))} rader/s")

                result = price_files(source, out, params, batch_rows, advance, labels)
    except (BatchInputError, *RuleError) as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    elapsed = time.perf_counter() - started
    parts = "bunt(er)" if engine is Engine.polars else "Spark-partisjon(er)"
    console.print(
        f"Priset {_count(result.rows)} varelinjer i {result.batches} {parts} på {elapsed:.1f} s "
        f"({_count(int(result.rows / elapsed)) if elapsed else '–'} rader/s). Resultat i {out}/"
        + "".join(f" og {label}/" for label in labels[1:]) + "."
    )
    show_summary(result.summaries, names)


def show_summary(summaries: list[Summary], names: list[str]) -> None:
    """The totals: per year and in all (one column per year); the baseline beside one reform; or, with
    several reforms, the main totals of each beside the baseline's."""
    from blaresept.batch.summary import LABELS

    def cell(value: int, money: bool) -> str:
        return format_kr(value) if money else _count(value)

    if len(summaries) == 1:
        years = summaries[0].years
        columns: list[int | None] = list(years) + ([None] if len(years) > 1 else [])
        values = [summaries[0].values(y) for y in columns]
        heads = [str(y) if y is not None else "I alt" for y in columns]
        rows = [[label, *(cell(v[field], money) for v in values)] for field, (label, money) in LABELS.items()]
        console.print(simple_table("Sammendrag", ["", *heads], rows, right=range(1, len(heads) + 1)))
        return
    base = summaries[0].values()
    if len(summaries) == 2:
        changed = summaries[1].values()
        rows = [[label, cell(base[field], money), cell(changed[field], money),
                 cell(changed[field] - base[field], money)] for field, (label, money) in LABELS.items()]
        console.print(simple_table(
            "Gjeldende regler og reform (" + names[0] + ")",
            ["", "Gjeldende regler", "Reform", "Endring"], rows, right=(1, 2, 3),
        ))
        return
    shown = {"copay": "Egenandel", "patient_extra": "Pasientens tillegg", "helfo_after_refund": "Helfo i alt",
             "reached_tak": "Nådde taket"}
    heads = ["", *shown.values(), "Endring Helfo i alt"]
    rows = [["Gjeldende regler", *(cell(base[f], LABELS[f][1]) for f in shown), cell(0, True)]]
    for number, summary in enumerate(summaries[1:], start=1):
        totals = summary.values()
        rows.append([f"Reform {number}", *(cell(totals[f], LABELS[f][1]) for f in shown),
                     cell(totals["helfo_after_refund"] - base["helfo_after_refund"], True)])
    console.print(simple_table("Gjeldende regler og reformene", heads, rows, right=range(1, len(heads))))
    console.print("Helfo i alt er etter tilbakebetaling av overskytende egenandel.")
    for number, name in enumerate(names, start=1):
        console.print(f"Reform {number} (reform-{number}/): {name}")


def reform(params: ParameterSet, settings: list[str]) -> ParameterSet:
    """The parameters with each NAME=DATE:VALUE applied (ParameterSet.replace; values checked by its unit)."""
    changes: dict[str, dict[date, Any]] = {}
    for setting in settings:
        name, equals, rest = setting.partition("=")
        day_text, colon, value_text = rest.partition(":")
        if not equals or not colon:
            raise ParameterError(f"«{setting}»: skriv NAVN=DATO:VERDI, f.eks. blaresept.copay.rate=2026-01-01:0.55.")
        name = name.strip()
        if name not in params:
            raise ParameterError(f"Ukjent parameter «{name}».")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise ParameterError(f"«{day_text}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None
        changes.setdefault(name, {})[day] = _value(params[name].unit, value_text.strip(), setting)
    for name, values in changes.items():
        params = params.replace(name, values, note="reform (blaresept batch price --set)")
    return params


def _value(unit: str, text: str, setting: str) -> Any:
    if text.lower() in ("null", "ingen"):
        return None
    try:
        if unit in ("rate", "NOK"):
            return Decimal(text.replace(",", "."))
        if unit in ("years", "weeks", "days", "count"):
            return int(text)
    except (InvalidOperation, ValueError):
        raise ParameterError(f"«{setting}»: «{text}» er ikke et tall.") from None
    if unit == "bool":
        if text.lower() in ("true", "ja"):
            return True
        if text.lower() in ("false", "nei"):
            return False
        raise ParameterError(f"«{setting}»: «{text}» er ikke ja/nei.")
    if unit == "codes":
        return [code.strip() for code in text.split(",") if code.strip()]
    return text
