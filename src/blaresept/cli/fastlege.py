"""`blaresept fastlege …`: the register from the command line, as Helfo runs it — the monthly run, a person's
status, a change or a waiting list on a person's behalf, a registered move, a list and the kommune's lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from blaresept.cli.render import console, error, simple_table

app = typer.Typer(help="Fastlegeordningen: fastlegelister, bytter, ventelister og månedskjøringen.",
                  no_args_is_help=True)

DateOption = Annotated[str | None, typer.Option("--date", help="Datoen (ÅÅÅÅ-MM-DD; standard: i dag).")]
DatabaseOption = Annotated[str | None, typer.Option("--database", help="Database-URL (standard: "
                                                                        "BLARESEPT_DATABASE_URL eller SQLite i var/).")]
CLI_ACTOR = "Helfo (kommandolinjen)"


def _day(text: str | None) -> date:
    from blaresept.timeutil import today

    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        error(f"«{text}» er ikke en dato (ÅÅÅÅ-MM-DD).")
        raise typer.Exit(2) from None


def _engine(database: str | None) -> Any:
    from blaresept.storage.db import database_url, make_engine, migrate

    url = database or database_url()
    migrate(url)
    return make_engine(url)


def _fail(exc: Exception) -> None:
    error(str(exc))
    raise typer.Exit(1) from None


def _steps(steps: list[dict[str, Any]]) -> None:
    for number, step in enumerate(steps, start=1):
        console.print(f"  {number}. {step['text']}", markup=False, highlight=False)
        console.print(f"     [dim]{step['reference']['text']} · {step['rule']} → {step['outcome']}[/dim]")


@app.command("run-month")
def run_month(
    on: Annotated[str, typer.Option("--date", help="Kjøringens dato (ÅÅÅÅ-MM-DD), vanligvis den 1. i måneden.")],
    out: Annotated[Path | None, typer.Option("--out", help="Mappe å skrive brevene (PDF) til.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Månedskjøringen: bytter som gjelder fra datoen, inntak fra ventelister (ved 10 ledige plasser) og brev.
    Kan kjøres flere ganger for samme dato; den gjør bare det som ikke er gjort."""
    from blaresept.fastlege.monthly import run_month as run

    day = _day(on)
    engine = _engine(database)
    try:
        summary = run(engine, day, CLI_ACTOR, out)
    finally:
        engine.dispose()
    console.print(f"[bold]Månedskjøring {day.isoformat()}[/bold]"
                  + (" (var allerede kjørt; bare det som manglet er gjort)" if summary.already_done else ""))
    console.print(f"Bytter som nå gjelder: {summary.applied}")
    console.print(f"Tatt inn fra ventelister: {summary.taken_in}")
    for entry in summary.lists:
        console.print(f"  liste {entry['list_id']}: {entry['text']}", markup=False, highlight=False)
    console.print(f"Brev skrevet: {summary.letters}")
    for path in summary.letter_files:
        console.print(f"  {path}", markup=False, highlight=False)


@app.command("status")
def status(fnr: Annotated[str, typer.Argument(help="Fødselsnummeret.")], on: DateOption = None,
           database: DatabaseOption = None) -> None:
    """En persons fastlege, bytter i år, venteliste og historikk."""
    from blaresept.fastlege import views
    from blaresept.persons.service import find_person
    from blaresept.storage.db import transaction

    engine = _engine(database)
    try:
        with transaction(engine) as session:
            data = views.person_status(session, find_person(session, fnr), _day(on))
    except (ValueError, LookupError) as exc:
        _fail(exc)
    finally:
        engine.dispose()
    current = data["current"]
    console.print(f"[bold]{data['name']}[/bold] ({data['fnr_masked']}) {data['on'].isoformat()}")
    console.print(f"Fastlege: {current['gp'] + ', ' + current['practice'] if current else 'ingen'}")
    if data["upcoming"]:
        console.print(f"Ny fastlege fra {data['upcoming_from'].isoformat()}: {data['upcoming']['gp']}")
    console.print(f"Bytter i {data['on'].year}: {data['changes_used']} av {data['changes_limit']}")
    if data["waiting"]:
        console.print(f"Venteliste: nr. {data['waiting']['place']} hos {data['waiting']['list']['gp']}")
    rows = [[h["gp"], h["from"].isoformat(), h["to"].isoformat() if h["to"] else "–"] for h in data["history"]]
    console.print(simple_table("Historikk", ["Fastlege", "Fra", "Til og med"], rows))


@app.command("change")
def change(
    fnr: Annotated[str, typer.Argument(help="Fødselsnummeret.")],
    hpr: Annotated[str, typer.Option("--to", help="HPR-nummeret til fastlegen det byttes til.")],
    on: DateOption = None,
    back: Annotated[bool, typer.Option("--tilbake", help="Tilbake til tidligere fastlege etter flytting.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Registrer et bytte av fastlege for en person (som Helfo). Et avslag sier hvorfor."""
    from blaresept.fastlege.changes import request_change
    from blaresept.fastlege.register import list_by_hpr
    from blaresept.persons.service import find_person
    from blaresept.rules.fastlege.model import ChangeKind
    from blaresept.storage.db import transaction

    engine = _engine(database)
    try:
        with transaction(engine) as session:
            result = request_change(session, find_person(session, fnr), list_by_hpr(session, hpr).id, _day(on),
                                    CLI_ACTOR, ChangeKind.RETURN if back else ChangeKind.ORDINARY)
    except (ValueError, LookupError, PermissionError) as exc:
        _fail(exc)
    finally:
        engine.dispose()
    if result.accepted:
        assert result.effective_on is not None
        console.print(f"[green]Byttet er registrert[/green] og gjelder fra {result.effective_on.isoformat()}"
                      f" ({'teller' if result.counts else 'teller ikke'}).")
    else:
        console.print(f"[red]Avslått[/red] ({result.refusal_code}): {result.refusal_text}", highlight=False)
    _steps(result.steps)
    if not result.accepted:
        raise typer.Exit(1)


@app.command("move")
def move(fnr: Annotated[str, typer.Argument(help="Fødselsnummeret.")],
         kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummeret (4 sifre).")],
         on: DateOption = None, database: DatabaseOption = None) -> None:
    """Registrer en flytting (folkeregisteret). En flytting til en annen kommune gir et bytte som ikke teller."""
    from blaresept.fastlege.register import register_move
    from blaresept.persons.service import find_person
    from blaresept.storage.db import transaction

    engine = _engine(database)
    try:
        with transaction(engine) as session:
            moved = register_move(session, find_person(session, fnr), kommune, _day(on), CLI_ACTOR)
    except (ValueError, LookupError) as exc:
        _fail(exc)
    finally:
        engine.dispose()
    console.print("Flyttingen er registrert." + (" Den gir ett bytte som ikke teller." if moved else ""))


@app.command("lists")
def lists(kommune: Annotated[str | None, typer.Option("--kommune", help="Bare denne kommunen.")] = None,
          on: DateOption = None, database: DatabaseOption = None) -> None:
    """Fastlegelistene med listetak, ledige plasser og venteliste."""
    from blaresept.fastlege import views
    from blaresept.storage.db import transaction

    engine = _engine(database)
    try:
        with transaction(engine) as session:
            rows = views.kommune_lists(session, _day(on), kommune)
    finally:
        engine.dispose()
    console.print(simple_table("Fastlegelister", ["Nr.", "Fastlege", "HPR", "Kommune", "Listetak", "På listen",
                                                  "Ledige", "Åpen", "Venteliste"],
                               [[str(r["list_id"]), r["gp"], r["hpr"] or "–", r["kommune_name"],
                                 str(r["capacity"]), str(r["members"]), str(r["free"]),
                                 "ja" if r["open"] else "nei", str(r["waiting"])] for r in rows]))
