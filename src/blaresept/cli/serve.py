"""`blaresept serve`: migrate the database, load the demo users' persons and the sample catalogue, and serve
the web UI and the API."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from blaresept.cli.render import console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def prepare(url: str, sample: bool = True) -> None:
    """Everything the embedded default needs before it serves: schema, demo persons, sample catalogue."""
    from blaresept.demo import seed_demo
    from blaresept.storage.db import make_engine, migrate

    console.print(f"[bold]Database:[/bold] {url.split('@')[-1]}")
    migrate(url)
    engine = make_engine(url)
    seed_demo(engine)
    if sample:
        try:
            loader = importlib.import_module("blaresept.catalog.sample")
        except ModuleNotFoundError:
            console.print("[yellow]Katalogen er ikke bygget ennå; starter uten eksempelkatalog.[/yellow]")
        else:
            loader.load_sample(engine)
    engine.dispose()


def serve(
    host: Annotated[str, typer.Option(help="Adressen å lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Porten å lytte på.")] = 8000,
    database: Annotated[str | None, typer.Option(help="Database-URL (standard: BLARESEPT_DATABASE_URL eller "
                                                      "SQLite i var/).")] = None,
    sample: Annotated[bool, typer.Option(help="Last eksempelkatalogen fra FEST.")] = True,
) -> None:
    """Start Blåresept: nettsidene og API-et på http://HOST:PORT (API-dokumentasjon på /docs)."""
    import uvicorn

    from blaresept.app import create_app
    from blaresept.storage.db import database_url

    url = database or database_url()
    prepare(url, sample)
    console.print(f"[bold green]Blåresept kjører på http://{host}:{port}[/bold green] (API: /docs)")
    uvicorn.run(create_app(url), host=host, port=port, log_level="info")
