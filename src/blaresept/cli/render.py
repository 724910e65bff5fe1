"""Rich rendering of results and their explanations, shared by the commands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from blaresept.rules.steps import Step
from blaresept.scenarios.model import Scenario

console = Console()
errors = Console(stderr=True)


def steps_panel(steps: Sequence[Step], title: str = "Forklaring") -> Panel:
    """Each step: the sentence, the provision and rule version, and the parameter values with sources."""
    parts = []
    for number, step in enumerate(steps, start=1):
        head = Text(f"{number}. ", style="bold")
        head.append(step.text)
        parts.append(head)
        meta = Text(f"   {step.reference} · regelversjon {step.version.isoformat()} · {step.rule} → {step.outcome}",
                    style="dim")
        parts.append(meta)
        for use in step.parameters:
            value = use.value if not isinstance(use.value, tuple) else ", ".join(use.value)
            line = Text(f"   ▸ {use.name} = {value} (fra {use.effective.isoformat()}, {use.confidence})",
                        style="cyan")
            parts.append(line)
            for source in use.sources:
                parts.append(Text(f"       kilde: {source}", style="dim cyan"))
    return Panel(Group(*parts), title=title, title_align="left")


def error(message: str) -> None:
    errors.print(Text("Feil: ", style="bold red") + Text(message))


def simple_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[int] = ()) -> Table:
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index in right else "left")
    for row in rows:
        table.add_row(*row)
    return table


def read_kind(file: Path, kinds: tuple[str, ...], command: str) -> list[Scenario]:
    """The scenarios of a file for a command that shows only some kinds; a bokmål error and exit 2 otherwise."""
    from blaresept.scenarios.reader import ScenarioFormatError
    from blaresept.scenarios.runner import read_scenarios

    try:
        scenarios = read_scenarios(file)
    except ScenarioFormatError as exc:
        error(f"{file}: {exc}")
        raise typer.Exit(2) from None
    for scenario in scenarios:
        if scenario.kind not in kinds:
            error(f"{file}: «{command}» viser scenarier av typen {' og '.join(kinds)}, ikke {scenario.kind}.")
            raise typer.Exit(2)
    return scenarios
