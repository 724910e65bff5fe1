"""`blaresept scenarios run DIR…`: run every scenario file, show what differed, end with `N passed, N failed`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from blaresept.cli.render import console, error

app = typer.Typer(help="Scenariofiler (det offentlige samsvarsformatet).", no_args_is_help=True)


@app.command("run")
def run(
    paths: Annotated[list[Path], typer.Argument(help="Mapper eller filer med scenarier.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Vis også beståtte scenarier.")] = False,
) -> None:
    """Kjør alle scenariofiler under mappene. Avslutter med kode 1 ved feil."""
    from blaresept.scenarios.runner import run_paths

    passed = failed = 0
    try:
        for outcome in run_paths(paths):
            label = f"{outcome.path}" + (f" – {outcome.name}" if outcome.scenario else "")
            if outcome.passed:
                passed += 1
                if verbose:
                    console.print(Text("✓ ", style="green") + Text(label))
                continue
            failed += 1
            console.print(Text("✗ ", style="bold red") + Text(label))
            if outcome.error:
                console.print(Text(f"    {outcome.error}", style="red"))
            for d in outcome.differences:
                console.print(Text(f"    {d.field}: forventet {d.expected}, fikk {d.actual}", style="red"))
    except FileNotFoundError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    console.print(f"{passed} passed, {failed} failed", markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)
