"""`blaresept parameters …`: the dated legal quantities with their sources."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from blaresept.cli.render import console, error, simple_table

app = typer.Typer(help="Parameterne: lovfestede størrelser med dato og kilde.", no_args_is_help=True)


@app.command("doc")
def doc() -> None:
    """Skriv parameterkatalogen som Markdown (docs/parameters.md)."""
    from blaresept.rules.parameters import default_parameters
    from blaresept.rules.parameters_doc import render

    typer.echo(render(default_parameters()), nl=False)


@app.command("show")
def show(
    on: Annotated[str, typer.Option("--date", help="Datoen (ÅÅÅÅ-MM-DD).")],
    prefix: Annotated[str, typer.Argument(help="Bare parametere som begynner med dette navnet.")] = "",
) -> None:
    """Vis verdiene som gjaldt på en dato, med kilde."""
    from blaresept.rules.parameters import OutOfScope, default_parameters

    try:
        day = date.fromisoformat(on)
    except ValueError:
        error(f"«{on}» er ikke en dato (ÅÅÅÅ-MM-DD).")
        raise typer.Exit(2) from None
    rows = []
    for name, parameter in sorted(default_parameters().items()):
        if not name.startswith(prefix):
            continue
        try:
            value = parameter.at(day)
        except OutOfScope:
            rows.append([name, "– (før første verdi)", "", ""])
            continue
        shown = ", ".join(value.value) if isinstance(value.value, tuple) else str(value.value)
        rows.append([name, shown, value.effective.isoformat(), value.references[0].title])
    if not rows:
        error(f"Ingen parametere begynner med «{prefix}».")
        raise typer.Exit(2)
    console.print(simple_table(f"Parametere {day.isoformat()}", ["Navn", "Verdi", "Fra", "Kilde"], rows))
