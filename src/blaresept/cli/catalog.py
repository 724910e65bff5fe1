"""`blaresept catalog …`: import FEST files and ask the reimbursement catalogue what held on a date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from blaresept.cli.render import console, error
from blaresept.money import Ore, format_kr

app = typer.Typer(help="Refusjonskatalogen fra FEST: importer filer og slå opp det som gjaldt på en dato.",
                  no_args_is_help=True)

DatabaseOption = Annotated[str | None, typer.Option("--database", help="Database-URL (standard: "
                                                    "BLARESEPT_DATABASE_URL eller SQLite i var/).")]
DateOption = Annotated[str | None, typer.Option("--date", help="Datoen (ÅÅÅÅ-MM-DD); standard er i dag.")]
PROGRESS_FROM = 5_000_000
"""Files larger than this (bytes on disk) get a progress bar."""
PHASES = {"validate": "Kontrollerer mot XSD", "import": "Importerer"}


def _engine(database: str | None) -> Engine:
    from blaresept.storage.db import database_url, make_engine

    return make_engine(database or database_url())


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        error(f"«{text}» er ikke en dato (ÅÅÅÅ-MM-DD).")
        raise typer.Exit(2) from None


@contextmanager
def _reading(database: str | None) -> Iterator[Session]:
    """A read-only session on a database that has the catalogue, or a clear error."""
    from blaresept.catalog.service import CatalogError
    from blaresept.storage.db import session_factory

    engine = _engine(database)
    try:
        if not inspect(engine).has_table("catalog_release"):
            error("Databasen har ingen katalog ennå: kjør «blaresept catalog import FIL» eller "
                  "«blaresept catalog load-sample» først.")
            raise typer.Exit(1)
        with session_factory(engine)() as session:
            try:
                yield session
            except CatalogError as exc:
                error(str(exc))
                raise typer.Exit(1) from None
    finally:
        engine.dispose()


def _kr(amount: Ore | None) -> str:
    return format_kr(amount) if amount is not None else "–"


def _d(day: date | None) -> str:
    return day.isoformat() if day else "–"


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="FEST-fil (M30, XML eller .xml.gz).", exists=True, dir_okay=False)],
    loose: Annotated[bool, typer.Option("--loose", help="Kontroller mot det løse XSD-et (inkrementelle filer: "
                                                        "referanser kan peke ut av filen).")] = False,
    allow_drop: Annotated[bool, typer.Option("--allow-drop", help="Godta en ny utgave som mangler mer enn 10 % av "
                                                                  "pakningene i utgaven før.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Importer en FEST-fil i én transaksjon. En fil med feil endrer ingenting; samme fil to ganger endrer
    ingenting."""
    from blaresept.catalog.importer import import_file
    from blaresept.fest.errors import FestError
    from blaresept.storage.db import database_url, migrate

    url = database or database_url()
    migrate(url)
    engine = _engine(url)
    try:
        with _progress(file) as progress:
            result = import_file(engine, file, loose=loose, progress=progress, allow_drop=allow_drop)
    except FestError as exc:
        error(f"{file.name}: {exc} Ingenting er endret.")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    _report(result)


@contextmanager
def _progress(file: Path) -> Iterator[Callable[[str, int, int], None] | None]:
    if file.stat().st_size < PROGRESS_FROM:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                   console=console, transient=False)
    tasks: dict[str, TaskID] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
        bar.update(tasks[phase], completed=done)

    with bar:
        yield update


def _report(result: object) -> None:
    from blaresept.catalog.importer import ImportResult

    assert isinstance(result, ImportResult)
    hentet = result.hentet.isoformat(sep=" ", timespec="seconds") if result.hentet else "?"
    if result.already_imported:
        console.print(f"{result.path.name} er allerede importert (FEST-utgaven {hentet}). Ingenting er endret.")
        return
    entries = {k: v for k, v in result.entries.items() if ":" not in k}
    what = ", ".join(f"{NAMES.get(k, k)}: {v}" for k, v in sorted(entries.items()) if k in NAMES)
    console.print(f"[bold green]Importerte {result.path.name}[/bold green] på {result.seconds:.1f} s: "
                  f"{result.rows:,} rader".replace(",", " ")
                  + f" i {'ny' if result.new_release else 'eksisterende'} FEST-utgave {hentet}.")
    console.print(f"Oppføringer: {what}.")
    if result.skipped_entries:
        console.print(f"{result.skipped_entries} oppføringer fantes allerede i utgaven og ble hoppet over.")
    skipped = sum(v for k, v in result.entries.items() if k == "Skipped")
    if skipped:
        console.print(f"[dim]{skipped} oppføringer i kataloger katalogen ikke fører (interaksjoner, varsler, "
                      "dosering m.m.) er lest og kontrollert, men ikke lagret.[/dim]")
    if result.namespace_repaired:
        console.print("[dim]Rotelementet manglet standard-navnerommet for M30; det ble lagt til ved lesing.[/dim]")


NAMES = {"Package": "pakninger", "Brand": "merkevarer", "Substance": "virkestoff",
         "SubstanceStrength": "virkestoff med styrke", "SubstitutionGroup": "byttegrupper",
         "Reimbursement": "refusjonshjemler", "Condition": "vilkår", "Goods": "handelsvarer",
         "CodeSystem": "kodeverk", "Expired": "utgåtte oppføringer"}


@app.command("load-sample")
def load_sample(database: DatabaseOption = None) -> None:
    """Last eksempelkatalogen: FEST-utdraget 2017-04-12 og det håndlagde tillegget (idempotent)."""
    from blaresept.catalog.sample import load_sample as load
    from blaresept.fest.errors import FestError
    from blaresept.storage.db import database_url, migrate

    url = database or database_url()
    migrate(url)
    engine = _engine(url)
    try:
        results = load(engine)
    except FestError as exc:
        error(f"{exc} Ingenting er endret.")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    for result in results:
        _report(result)


@app.command("releases")
def releases(database: DatabaseOption = None) -> None:
    """Vis FEST-utgavene i katalogen og filene de er bygget av."""
    from blaresept.catalog.service import releases as list_releases

    with _reading(database) as session:
        found = list_releases(session)
    table = Table(title="FEST-utgaver", title_justify="left")
    for column in ("HentetDato", "Filer"):
        table.add_column(column)
    for release in found:
        table.add_row(release.hentet.isoformat(sep=" ", timespec="seconds"), "\n".join(release.files))
    console.print(table)


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Navn (eller del av det), ATC-kode eller varenummer.")],
    on: DateOption = None,
    database: DatabaseOption = None,
) -> None:
    """Søk etter pakninger og varer på navn, ATC-kode eller varenummer."""
    from blaresept.catalog.service import search as find

    day = _day(on)
    with _reading(database) as session:
        hits = find(session, text, day)
    if not hits:
        console.print(f"Ingen treff på «{text}».")
        return
    table = Table(title=f"Treff på «{text}» ({day.isoformat()})", title_justify="left")
    for column in ("Type", "Nummer", "Navn", "ATC", "Pakning/gruppe", "AUP"):
        table.add_column(column, justify="right" if column == "AUP" else "left")
    for hit in hits:
        table.add_row(hit.kind, hit.number, hit.name, hit.atc or "", hit.detail or "", _kr(hit.aup))
    console.print(table)


def _conditions_text(conditions: tuple[object, ...]) -> list[Text]:
    from blaresept.catalog.service import ConditionView

    lines = []
    for condition in conditions:
        assert isinstance(condition, ConditionView)
        head = Text(f"Vilkår {condition.number or '(uten nummer)'}", style="bold")
        if condition.applies_to:
            head.append(f" (gjelder {condition.applies_to.lower()})", style="dim")
        head.append(f": {condition.text.strip()}")
        lines.append(head)
        for part in condition.structured:
            lines.append(Text(f"   ▸ strukturert: {part.display}", style="cyan"))
    return lines


@app.command("show")
def show(
    varenummer: Annotated[str, typer.Argument(help="Varenummeret (seks sifre, med innledende nuller).")],
    on: DateOption = None,
    database: DatabaseOption = None,
) -> None:
    """Vis en pakning slik katalogen hadde den på datoen: priser, byttegruppe og refusjon med koder og vilkår."""
    from blaresept.catalog.service import package_on

    day = _day(on)
    with _reading(database) as session:
        view = package_on(session, varenummer, day)
    console.rule(f"[bold]{view.name}[/bold] – varenummer {view.varenummer}")
    facts = [f"ATC: {view.atc or '–'} {view.atc_name or ''}".rstrip(),
             f"Reseptgruppe: {view.prescription_group or '–'}",
             f"Pakning: {view.package_size or '–'} {view.package_unit or ''}".rstrip()]
    if view.substances:
        facts.append("Virkestoff: " + ", ".join(view.substances))
    if view.producer:
        facts.append(f"Produsent: {view.producer}")
    facts.append(f"Markedsført fra: {_d(view.marketed_from)}"
                 + (f", avregistrert {_d(view.withdrawn_on)}" if view.withdrawn_on else "")
                 + (f", midlertidig utgått {_d(view.temporarily_out_on)}" if view.temporarily_out_on else ""))
    if not view.available:
        facts.append("[yellow]Pakningen er ikke i salg på datoen.[/yellow]")
    console.print("\n".join(facts))
    console.print(f"[dim]Svar for {day.isoformat()} fra FEST-utgaven {view.release.hentet.date().isoformat()} "
                  f"({', '.join(view.release.files)}).[/dim]")
    if view.release.after_date:
        console.print("[yellow]Merk: utgaven er hentet etter datoen; ingen eldre utgave er lastet.[/yellow]")

    prices = Table(title=f"Priser {day.isoformat()}", title_justify="left")
    for column in ("Pristype", "Beløp", "Gyldig fra", "Gyldig til"):
        prices.add_column(column, justify="right" if column == "Beløp" else "left")
    for price in view.prices:
        prices.add_row(price.label, _kr(price.amount), _d(price.valid_from), _d(price.valid_to))
    if not view.prices:
        prices.add_row("Ingen priser gjelder på datoen", "", "", "")
    console.print(prices)

    sub = view.substitution
    if sub is None:
        console.print("Byttegruppe: ingen (pakningen er ikke byttbar på datoen).")
    else:
        lines = [Text(f"Byttegruppe {sub.code}: {sub.name}")]
        if sub.remark:
            lines.append(Text(f"Merknad til byttbarhet: {sub.remark_text or 'ja'}", style="yellow"))
        if sub.cheapest:
            lines.append(Text(f"Billigste likeverdige pakning (samme pakningsstørrelse): {sub.cheapest.varenummer} "
                              f"{sub.cheapest.name} {sub.cheapest.pack or ''}, AUP {_kr(sub.cheapest.aup)}"))
        trinn = view.price("trinnpris")
        lines.append(Text(f"Trinnpris: {_kr(trinn)}" if trinn is not None else "Trinnpris: ingen på datoen"))
        lines.append(Text(f"Pakninger i gruppen på datoen: {len(sub.members)}", style="dim"))
        console.print(Panel(Group(*lines), title="Bytte", title_align="left"))

    if not view.reimbursements:
        console.print(Panel("Pakningen har ingen refusjon som gjelder på datoen.", title="Refusjon",
                            title_align="left"))
    for reimbursement in view.reimbursements:
        head = [Text(f"Hjemmel {reimbursement.hjemmel_code} ({reimbursement.hjemmel_text or '–'}), "
                     f"refusjonsgruppe {reimbursement.group_code}", style="bold")]
        head.append(Text(f"Koblingen gjelder fra {_d(reimbursement.valid_from)}"
                         + (f", forskrives til {_d(reimbursement.prescribe_until)}"
                            if reimbursement.prescribe_until else "")
                         + (f", utleveres til {_d(reimbursement.dispense_until)}"
                            if reimbursement.dispense_until else "")
                         + (". Krever refusjonskode." if reimbursement.requires_code
                            else ". Krever ikke refusjonskode.")
                         + (" Krever vedtak." if reimbursement.requires_decision else "")))
        if reimbursement.eligible_use:
            head.append(Text(f"Refusjonsberettiget bruk: {reimbursement.eligible_use.strip()}"))
        codes_table = Table(show_edge=False, box=None, padding=(0, 1))
        for column in ("Kodeverk", "Kode", "Tekst", "Gyldig fra", "Vilkår"):
            codes_table.add_column(column)
        attached: dict[str, object] = {}
        for code in reimbursement.codes:
            text = code.subterm or code.text or ""
            codes_table.add_row(code.system if code.system != "DMP" else f"DMP ({code.side})", code.code, text,
                                _d(code.valid_from), ", ".join(c.number or "?" for c in code.conditions) or "–")
            for condition in code.conditions:
                attached[condition.fest_id] = condition
        parts: list[RenderableType] = [*head]
        if reimbursement.codes:
            parts.append(codes_table)
        conditions = tuple(sorted(attached.values(), key=_number_order)) + tuple(
            c for c in reimbursement.conditions if c.fest_id not in attached)
        parts.extend(_conditions_text(conditions))
        console.print(Panel(Group(*parts), title="Refusjon", title_align="left"))
    if view.conditions:
        console.print(Panel(Group(*_conditions_text(view.conditions)), title="Andre vilkår", title_align="left"))


def _number_order(condition: object) -> tuple[int, str]:
    number = getattr(condition, "number", None) or ""
    return (int(number), "") if number.isdigit() else (1 << 30, number)


@app.command("reimbursable")
def reimbursable(
    code: Annotated[str, typer.Argument(help="Refusjonskoden: ICPC:D84, ICD:K21 (eller K21.0) eller -90.")],
    on: DateOption = None,
    database: DatabaseOption = None,
) -> None:
    """Vis pakningene med refusjon for en refusjonskode på datoen."""
    from blaresept.catalog.service import reimbursable_for_code

    day = _day(on)
    with _reading(database) as session:
        found = reimbursable_for_code(session, code, day)
    title = f"Refusjon for {found.code}" + (f" {found.text}" if found.text else "") + f" ({day.isoformat()})"
    if not found.hits:
        console.print(f"{title}: ingen pakninger har refusjon for koden på datoen.")
        return
    table = Table(title=title, title_justify="left")
    for column in ("Varenummer", "Navn", "ATC", "Hjemmel", "Gruppe", "Kode", "Vilkår"):
        table.add_column(column)
    for hit in found.hits:
        table.add_row(hit.varenummer, hit.name, hit.atc or "", hit.hjemmel_code or "", hit.group_code or "", hit.code,
                      ", ".join(hit.conditions) or "–")
    console.print(table)


@app.command("product")
def product(
    number: Annotated[str, typer.Argument(help="Varenummeret i Helfos produktliste (§ 5 / § 6).")],
    on: DateOption = None,
    database: DatabaseOption = None,
) -> None:
    """Vis en vare fra produktlistene (§ 5 forbruksmateriell, § 6 næringsmidler) med maksimal refusjonspris."""
    from blaresept.catalog.service import product_on

    day = _day(on)
    with _reading(database) as session:
        view = product_on(session, number, day)
    console.rule(f"[bold]{view.name}[/bold] – varenummer {view.number}")
    lines = [f"{view.kind_text}",
             f"Produktgruppe: {view.product_group or '–'} {view.product_group_text or ''}".rstrip(),
             f"Hjemmel: {view.hjemmel_code or '–'}"
             + (f" ({view.reimbursements[0].hjemmel_text})" if view.reimbursements else ""),
             f"Antall per pakning: {view.per_pack or '–'}",
             f"Leverandør: {view.supplier or '–'}"]
    if view.reimbursements and view.reimbursements[0].requires_decision:
        lines.append("Krever individuelt vedtak fra Helfo.")
    if view.max_price_per_pack is not None:
        lines.append(f"[bold]Maksimal refusjonspris per pakning: {_kr(view.max_price_per_pack)}[/bold]")
    if view.max_price_per_unit is not None:
        lines.append(f"[bold]Maksimal refusjonspris per enhet: {_kr(view.max_price_per_unit)}[/bold]")
    if view.max_price_per_pack is None and view.max_price_per_unit is None:
        lines.append("[yellow]Ingen maksimal refusjonspris gjelder på datoen.[/yellow]")
    if not view.reimbursements:
        lines.append("[yellow]Varen har ingen refusjon som gjelder på datoen.[/yellow]")
    console.print("\n".join(lines))
    console.print(f"[dim]Svar for {day.isoformat()} fra FEST-utgaven {view.release.hentet.date().isoformat()}.[/dim]")
    conditions = tuple(c for r in view.reimbursements for c in r.conditions)
    if conditions:
        console.print(Panel(Group(*_conditions_text(conditions)), title="Vilkår", title_align="left"))
