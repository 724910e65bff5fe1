"""`blaresept stonad FILE`: Helfo's other stønader assessed from a scenario file of kind ehic (the European health
insurance card), logoped (logoped and audiopedagog) or abroad (care and courses abroad): the result, the reasons and
every step with its provision and sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from blaresept.cli.render import console, error, read_kind, simple_table, steps_panel
from blaresept.rules.errors import RuleError
from blaresept.scenarios.runner import run_scenario

KINDS = ("ehic", "logoped", "abroad")
LABELS = {"eligible": "Rett", "ground": "Grunnlag", "valid_to": "Kortet gjelder til", "prior_approval":
          "Forhåndsgodkjenning", "treatment_limit": "Behandlinger per henvisning", "treatments_left":
          "Behandlinger igjen", "reason": "Begrunnelse"}
SHOW = {"true": "ja", "false": "nei", "null": "–", "open": "må vurderes av saksbehandler", "own": "eget",
        "family_member": "familiemedlem", "none": "ingen"}


def register(app: typer.Typer) -> None:
    app.command("stonad")(stonad)


def stonad(
    file: Annotated[Path, typer.Argument(help="En scenariofil av typen ehic, logoped eller abroad.", exists=True,
                                         dir_okay=False)],
) -> None:
    """Vurder helsetrygdkort, logoped eller behandling og kurs i utlandet etter reglene på datoen, med begrunnelse."""
    failed = False
    for scenario in read_kind(file, KINDS, "stonad"):
        console.rule(f"[bold]{scenario.name}")
        console.print(f"[dim]Kilde: {scenario.source}[/dim]")
        try:
            run = scenario.case.run()
        except RuleError as exc:
            error(str(exc))
            failed = failed or not (scenario.expected_error and scenario.expected_error.lower() in str(exc).lower())
            continue
        rows = [(LABELS.get(k, k), SHOW.get(v, v) or "–") for k, v in run.actual.items()]
        console.print(simple_table("Resultat", ("Hva", "Verdi"), rows))
        console.print(steps_panel(run.steps, title="Begrunnelse"))
        outcome = run_scenario(scenario)
        if not outcome.passed:
            failed = True
            for d in outcome.differences:
                console.print(f"[red]Forventet {d.field} = {d.expected}, fikk {d.actual}[/red]")
    if failed:
        raise typer.Exit(1)
