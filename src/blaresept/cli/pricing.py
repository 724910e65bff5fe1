"""`blaresept price FILE`: the split and explanation of a pricing, annual_cap or ledger scenario file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from blaresept.cli.render import console, error, read_kind, simple_table, steps_panel
from blaresept.money import format_kr
from blaresept.rules.blaresept.dispensing import PricedDispensing
from blaresept.rules.egenandelstak.annual_cap import AnnualCap
from blaresept.rules.errors import RuleError
from blaresept.scenarios.kinds.ledger import LedgerResult
from blaresept.scenarios.runner import run_scenario


def register(app: typer.Typer) -> None:
    app.command("price")(price)


def price(
    file: Annotated[Path, typer.Argument(help="En scenariofil av typen pricing, annual_cap eller ledger.", exists=True,
                                         dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
) -> None:
    """Vis fordelingen (egenandel, pasientens tillegg, Helfo) og forklaringen for en scenariofil."""
    failed = False
    for scenario in read_kind(file, ("pricing", "annual_cap", "ledger"), "price"):
        try:
            run = scenario.case.run()
        except RuleError as exc:
            error(str(exc))
            raise typer.Exit(1) from None
        outcome = run_scenario(scenario)
        failed = failed or not outcome.passed
        if as_json:
            console.print_json(json.dumps({
                "name": scenario.name,
                "actual": run.actual,
                "expected": scenario.expected,
                "passed": outcome.passed,
                "steps": [s.as_dict() for s in run.steps],
            }, ensure_ascii=False))
            continue
        console.rule(f"[bold]{scenario.name}")
        console.print(f"[dim]Kilde: {scenario.source}[/dim]")
        if isinstance(run.result, PricedDispensing):
            show_dispensing(run.result)
        elif isinstance(run.result, AnnualCap):
            show_annual_cap(run.result)
        elif isinstance(run.result, LedgerResult):
            for priced in run.result.priced:
                if priced is not None:
                    show_dispensing(priced)
            for cap in run.result.years.values():
                show_annual_cap(cap)
        console.print(steps_panel(run.steps))
        if outcome.passed:
            console.print("[green]Stemmer med forventet resultat i filen.[/green]")
        else:
            for d in outcome.differences:
                console.print(f"[red]Avvik: {d.field}: forventet {d.expected}, fikk {d.actual}[/red]")
    if failed:
        raise typer.Exit(1)


def show_dispensing(priced: PricedDispensing) -> None:
    rows = [
        [f"{line.prescription}.{line.line}", format_kr(line.price), format_kr(line.basis), format_kr(line.copay),
         format_kr(line.patient_extra), format_kr(line.helfo)]
        for line in priced.lines
    ]
    rows.append(["Sum", format_kr(priced.price), "", format_kr(priced.copay), format_kr(priced.patient_extra),
                 format_kr(priced.helfo)])
    console.print(simple_table(
        f"Utlevering {priced.date.isoformat()}",
        ["Vare", "Pris", "Prisgrunnlag", "Egenandel", "Pasientens tillegg", "Helfo"],
        rows, right=(1, 2, 3, 4, 5),
    ))


def show_annual_cap(result: AnnualCap) -> None:
    console.print(simple_table(
        f"Egenandelstak {result.year}",
        ["Tak", "Tellende egenandeler", "Frikort fra", "Overskudd", "Tilbakebetales"],
        [[format_kr(result.tak), format_kr(result.total_counted),
          result.frikort_from.isoformat() if result.frikort_from else "–", format_kr(result.overshoot),
          format_kr(result.refund)]],
        right=(0, 1, 3, 4),
    ))
