"""The command line: `blaresept …` (Typer + Rich). Each role's commands live in their own module."""

from __future__ import annotations

import typer

from blaresept.cli import batch, catalog, check, fastlege, frister, parameters, pricing, scenarios, serve, stonader

app = typer.Typer(
    name="blaresept",
    help="Blåresept – blåreseptordningen og Helfos tjenester som kjørbar kode.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
pricing.register(app)
check.register(app)
stonader.register(app)
serve.register(app)
app.add_typer(scenarios.app, name="scenarios")
app.add_typer(catalog.app, name="catalog")
app.add_typer(batch.app, name="batch")
app.add_typer(parameters.app, name="parameters")
app.add_typer(frister.app, name="frister")
app.add_typer(fastlege.app, name="fastlege")


def main() -> None:
    from blaresept import logfilter

    logfilter.install()
    app()
