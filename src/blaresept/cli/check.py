"""`blaresept check FILE`: a blue prescription checked at dispensing against the catalogue (a scenario file of
kind check): the outcome, each vilkår with its status and text, and every step with its provision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from blaresept.cli.render import console, error, read_kind, steps_panel
from blaresept.money import format_kr
from blaresept.rules.blaresept.eligibility.facts import STATUS_TEXT, ConditionStatus, EligibilityResult
from blaresept.rules.blaresept.eligibility.hjemmel import display
from blaresept.rules.errors import RuleError
from blaresept.scenarios.runner import run_scenario

STYLE = {ConditionStatus.MET: "green", ConditionStatus.UNMET: "bold red", ConditionStatus.TO_CONFIRM: "yellow",
         ConditionStatus.PRESCRIBER: "cyan"}


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    file: Annotated[Path, typer.Argument(help="En scenariofil av typen check.", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
) -> None:
    """Kontroller en blå resept ved utlevering mot katalogen på datoen (§§ 2–6), med begrunnelser."""
    failed = False
    for scenario in read_kind(file, ("check",), "check"):
        try:
            run = scenario.case.run()
        except RuleError as exc:
            if scenario.expected_error and scenario.expected_error.lower() in str(exc).lower():
                console.print(f"[green]Avvist som forventet:[/green] {exc}")
                continue
            error(str(exc))
            raise typer.Exit(1) from None
        outcome = run_scenario(scenario)
        failed = failed or not outcome.passed
        result = run.result
        assert isinstance(result, EligibilityResult)
        if as_json:
            console.print_json(json.dumps({
                "name": scenario.name, "reimbursable": result.reimbursable, "hjemmel": result.hjemmel_code,
                "conditions": [{"number": c.number, "status": c.status.value, "reason": c.reason, "text": c.text}
                               for c in result.conditions],
                "reasons": list(result.reasons), "actual": run.actual, "expected": scenario.expected,
                "passed": outcome.passed, "steps": [s.as_dict() for s in run.steps],
            }, ensure_ascii=False))
            continue
        console.rule(f"[bold]{scenario.name}")
        console.print(f"[dim]Kilde: {scenario.source}[/dim]")
        show_result(result)
        console.print(steps_panel(run.steps, title="Begrunnelse"))
        if outcome.passed:
            console.print("[green]Stemmer med forventet resultat i filen.[/green]")
        else:
            for d in outcome.differences:
                console.print(f"[red]Avvik: {d.field}: forventet {d.expected}, fikk {d.actual}[/red]")
    if failed:
        raise typer.Exit(1)


def show_result(result: EligibilityResult) -> None:
    hjemmel = f"{display(result.hjemmel_code)} ({result.hjemmel_code})" if result.hjemmel_code else "–"
    head = Text("Refusjonsberettiget: ", style="bold")
    if result.undetermined:
        head.append("kan ikke avgjøres", style="bold yellow")
    else:
        head.append("ja" if result.reimbursable else "nei",
                    style="bold green" if result.reimbursable else "bold red")
    head.append(f" · hjemmel {hjemmel}")
    if result.refund_code:
        head.append(f" · refusjonskode {result.refund_code}")
    if result.max_refund_price is not None:
        head.append(f" · maksimal refusjonspris {format_kr(result.max_refund_price)}")
    if result.copay_exempt:
        head.append(" · uten egenandel")
    console.print(head)
    for reason in result.reasons:
        console.print(Text(f"  ✗ {reason}", style="red"))
    if result.conditions:
        table = Table(title="Vilkår", title_justify="left", show_lines=True)
        for column in ("Nr.", "Status", "Begrunnelse", "Vilkårstekst"):
            table.add_column(column)
        for condition in result.conditions:
            table.add_row(condition.number or "–", Text(STATUS_TEXT[condition.status], style=STYLE[condition.status]),
                          condition.reason, condition.text)
        console.print(table)
