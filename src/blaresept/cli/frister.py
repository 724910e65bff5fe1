"""`blaresept frister run-day --date …`: the daily breach run that notifies Helfo of every deadline passed
without help started (idempotent: a second run for the date finds nothing new), then the day's pasientformidling
deadlines (no answer in 3 days → search and a letter; no reply to an offer → back to the hospital)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from blaresept.cli.render import console, error

app = typer.Typer(help="Henvisninger, frister og fristbrudd.", no_args_is_help=True)


@app.command("run-day")
def run_day_command(
    day: Annotated[str, typer.Option("--date", help="Datoen kjøringen gjelder (ÅÅÅÅ-MM-DD).")],
    database: Annotated[str | None, typer.Option(help="Database-URL (standard: BLARESEPT_DATABASE_URL eller "
                                                      "SQLite i var/).")] = None,
) -> None:
    """Finn alle frister som er passert uten at helsehjelpen har startet, og meld dem til Helfo."""
    from blaresept.frister.daily import run_day
    from blaresept.frister.formidling import advance
    from blaresept.storage.db import database_url, make_engine, migrate, transaction

    try:
        run_date = date.fromisoformat(day)
    except ValueError:
        error(f"«{day}» er ikke en dato (ÅÅÅÅ-MM-DD).")
        raise typer.Exit(2) from None
    url = database or database_url()
    migrate(url)
    engine = make_engine(url)
    try:
        result = run_day(engine, run_date)
        with transaction(engine) as session:
            moved = advance(session, run_date)
    finally:
        engine.dispose()
    what = "nytt fristbrudd" if result.found == 1 else "nye fristbrudd"
    console.print(f"Dagskjøring {run_date.isoformat()}: {result.found} {what} meldt til Helfo.",
                  markup=False, highlight=False)
    if moved["searched"] or moved["returned"]:
        console.print(f"Formidling: {moved['searched']} sak(er) uten svar fra pasienten på 3 dager – søk startet og "
                      f"brev sendt; {moved['returned']} sak(er) uten svar på tilbudet – sendt tilbake til "
                      "behandlingsstedet.", markup=False, highlight=False)
