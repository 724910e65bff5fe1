"""Import a FEST file into the catalogue: validate it against the XSD, then stream its records into the
tables in one transaction. A file that is truncated, malformed, breaks the XSD or refers to entries that do
not exist changes nothing; a file already imported (same SHA-256 of its XML) changes nothing.

Each file belongs to the release of its HentetDato. A second, different file with the same HentetDato adds to
that release: entries it shares with the release (same entry id — "an entry ID uniquely identifies a version of
an M30 entry", implementation guide § 13.1) are skipped, and an entry that would redefine one already there
(same FEST id, other entry id) stops the import. Choices: docs/catalog.md.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from blaresept.catalog import tables as t
from blaresept.fest import records as r
from blaresept.fest.errors import FestError
from blaresept.fest.reader import FestReader
from blaresept.fest.schema import validate
from blaresept.rules.blaresept.eligibility.refund_code import code_key
from blaresept.storage.db import transaction

BATCH = 100
REQUIRED = {"Package": "KatLegemiddelpakning (pakningene)", "Reimbursement": "KatRefusjon (refusjonene)"}
"""What every full FEST extract holds (implementation guide § 13: a full extract has every catalogue; only an
incremental download leaves some out). A file that starts a release without them — one holding only
<HentetDato>, say — would make every package «not found» from its date on."""

MAX_DROP = 0.10
"""The largest share of the preceding release's packages (varenumre) a new release may leave out. Packages
leave FEST gradually from week to week; a file that drops more is cut, partial or incremental (an incremental
download holds only what changed, § 13.1). Override with allow_drop (`--allow-drop`) when it is meant."""
"""Entries buffered before they are written (and, when adding to a release, checked against it)."""

ImportProgress = Callable[[str, int, int], None]
"""Called with (phase: 'validate' or 'import', bytes read from disk, size of the file on disk)."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    path: Path
    sha256: str
    hentet: datetime | None
    release_id: int | None
    new_release: bool
    already_imported: bool
    rows: int
    entries: dict[str, int]
    skipped_entries: int
    seconds: float
    namespace_repaired: bool
    loose: bool


@dataclass
class _Rows:
    """Rows waiting to be inserted, by table."""

    by_table: dict[Any, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0

    def add(self, table: Any, row: dict[str, Any]) -> None:
        self.by_table[table].append(row)
        self.count += 1


def import_file(engine: Engine, path: Path, *, loose: bool = False, progress: ImportProgress | None = None,
                allow_drop: bool = False) -> ImportResult:
    """Validate and import one FEST file in one transaction (see the module text). Raises FestError."""
    started = time.monotonic()
    info = validate(path, loose, (lambda done, total: progress("validate", done, total)) if progress else None)
    try:
        with transaction(engine) as session:
            return _import(session, path, info.sha256, info.namespace_repaired, loose, progress, started,
                           allow_drop)
    except IntegrityError as exc:
        with transaction(engine) as session:
            if session.scalar(select(t.ImportedFile.id).where(t.ImportedFile.sha256 == info.sha256)):
                return _already(path, info.sha256, loose, info.namespace_repaired, started)
        raise FestError("filen har to oppføringer med samme id, eller en annen import skrev samme utgave samtidig "
                        f"({type(exc.orig).__name__}).") from None


def _already(path: Path, sha256: str, loose: bool, repaired: bool, started: float) -> ImportResult:
    return ImportResult(path, sha256, None, None, False, True, 0, {}, 0, time.monotonic() - started, repaired, loose)


def _import(session: Session, path: Path, sha256: str, repaired: bool, loose: bool,
            progress: ImportProgress | None, started: float, allow_drop: bool = False) -> ImportResult:
    known = session.scalar(select(t.ImportedFile).where(t.ImportedFile.sha256 == sha256))
    if known is not None:
        release = session.get(t.Release, known.release_id)
        result = _already(path, sha256, loose, repaired, started)
        return ImportResult(**{**result.__dict__, "hentet": release.hentet if release else None,
                               "release_id": known.release_id})
    reader = FestReader(path, (lambda done, total: progress("import", done, total)) if progress else None)
    records = iter(reader)
    header = next(records)
    if not isinstance(header, r.Header):
        raise FestError("filen begynner ikke med HentetDato.")
    release = session.scalar(select(t.Release).where(t.Release.hentet == header.hentet))
    new_release = release is None
    if release is None:
        release = t.Release(hentet=header.hentet, helfo_valid_from=header.helfo_valid_from,
                            created_at=datetime.now(UTC))
        session.add(release)
        session.flush()
    writer = _Writer(session, release.id, adding=not new_release)
    for chunk in _chunks(records, BATCH):
        writer.write(chunk)
    if not loose:
        check_references(session, release.id)
    entries = {k: v for k, v in reader.counts.items()}
    if new_release:
        check_release(session, release, entries, allow_drop)
    session.add(t.ImportedFile(
        release_id=release.id, sha256=reader.info.sha256 or sha256, name=path.name, xml_bytes=reader.info.xml_bytes,
        namespace_repaired=repaired, loose=loose, imported_at=datetime.now(UTC), rows=writer.rows,
        summary={"entries": entries, "skipped_existing": writer.skipped, "new_release": new_release},
    ))
    session.flush()
    return ImportResult(path, sha256, release.hentet, release.id, new_release, False, writer.rows, entries,
                        writer.skipped, time.monotonic() - started, repaired, loose)


def _chunks(records: Iterator[r.Record], size: int) -> Iterator[list[r.Record]]:
    chunk: list[r.Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


KEYED = {
    r.Package: (t.Package, "fest_id"),
    r.Brand: (t.Brand, "fest_id"),
    r.Substance: (t.Substance, "fest_id"),
    r.SubstanceStrength: (t.Substance, "fest_id"),
    r.SubstitutionGroup: (t.SubstitutionGroup, "fest_id"),
    r.Condition: (t.Condition, "fest_id"),
    r.Goods: (t.Goods, "number"),
    r.CodeSystem: (t.CodeSystem, "oid"),
}


def _key(record: r.Record) -> list[str]:
    """The FEST ids a record defines in its table (a Refusjon entry defines one per group)."""
    if isinstance(record, r.Reimbursement):
        return [g.id for g in record.groups]
    if isinstance(record, r.Goods):
        return [record.number]
    if isinstance(record, r.CodeSystem):
        return [record.oid]
    if isinstance(record, r.Package | r.Brand | r.Substance | r.SubstanceStrength | r.SubstitutionGroup
                  | r.Condition):
        return [record.id]
    return []


class _Writer:
    """Turns records into rows and inserts them; when adding to an existing release, skips entries the release
    already has and refuses entries that would redefine one."""

    def __init__(self, session: Session, release_id: int, adding: bool):
        self.session = session
        self.release_id = release_id
        self.adding = adding
        self.rows = 0
        self.skipped = 0

    def write(self, records: list[r.Record]) -> None:
        typed = [rec for rec in records if not isinstance(rec, r.Header | r.Skipped | r.Expired)]
        if self.adding:
            typed = self._new_only(typed)
        rows = _Rows()
        for record in typed:
            _rows(record, self.release_id, rows)
        connection = self.session.connection()
        for table, values in rows.by_table.items():
            columns = _columns(table)
            connection.execute(insert(table.__table__), [{c: v.get(c) for c in columns} for v in values])
        self.rows += rows.count

    def _new_only(self, records: list[Any]) -> list[Any]:
        by_table: dict[Any, list[Any]] = defaultdict(list)
        for record in records:
            table = t.ReimbursementGroup if isinstance(record, r.Reimbursement) else KEYED[type(record)][0]
            by_table[table].append(record)
        kept: list[Any] = []
        for table, group in by_table.items():
            key_column = getattr(table, "fest_id" if table is t.ReimbursementGroup else KEYED_COLUMN[table])
            entry_ids = {rec.entry.id for rec in group}
            keys = {k for rec in group for k in _key(rec)}
            have_entries = set(self.session.scalars(select(table.entry_id).where(
                table.release_id == self.release_id, table.entry_id.in_(entry_ids))))
            have_keys = {key: entry for key, entry in self.session.execute(select(key_column, table.entry_id).where(
                table.release_id == self.release_id, key_column.in_(keys)))}
            for rec in group:
                if rec.entry.id in have_entries:
                    self.skipped += 1
                    continue
                for key in _key(rec):
                    if key in have_keys:
                        raise FestError(
                            f"oppføringen definerer «{key}» på nytt, men utgaven har den allerede fra en annen fil "
                            f"(oppføring {have_keys[key]}). En tilleggsfil kan bare legge til nye oppføringer.",
                            element=rec.entry.catalogue.replace("Kat", "Oppf", 1), line=rec.entry.line)
                kept.append(rec)
        return kept


KEYED_COLUMN = {table: column for table, column in KEYED.values()}


def _columns(table: Any) -> list[str]:
    """The columns an insert fills (every row gets every column, as executemany needs)."""
    return [c.key for c in table.__table__.columns if c.key != "id"]


def _entry(record: Any, release_id: int) -> dict[str, Any]:
    return {"release_id": release_id, "entry_id": record.entry.id, "entry_time": record.entry.time,
            "line": record.entry.line}


def _price_row(price: r.Price, release_id: int, owner: str, owner_key: str) -> dict[str, Any]:
    return {"release_id": release_id, "line": price.line, owner: owner_key, "type_code": price.type.code,
            "type_name": price.type.text, "kind": price.kind, "amount": price.amount, "valid_from": price.valid_from,
            "valid_to": price.valid_to}


def _link_rows(link: r.ReimbursementLink, release_id: int, owner: str, owner_key: str) -> Iterator[dict[str, Any]]:
    for group_id in link.group_ids:
        yield {"release_id": release_id, "line": link.line, owner: owner_key, "group_fest_id": group_id,
               "valid_from": link.valid_from, "prescribe_until": link.prescribe_until,
               "dispense_until": link.dispense_until}


def _conditions(ids: tuple[str, ...], release_id: int, kind: str, owner: str, line: int,
                rows: _Rows) -> None:
    for condition_id in ids:
        rows.add(t.ItemCondition, {"release_id": release_id, "line": line, "owner_kind": kind,
                                   "owner_fest_id": owner, "condition_fest_id": condition_id})


def _rows(record: Any, release_id: int, rows: _Rows) -> None:
    """The table rows of one record."""
    if isinstance(record, r.Package):
        first = record.info[0] if record.info else None
        sub = record.substitution
        rows.add(t.Package, {
            **_entry(record, release_id), "fest_id": record.id, "varenummer": record.varenummer, "name": record.name,
            "atc": record.atc.code if record.atc else None, "atc_name": record.atc.text if record.atc else None,
            "prescription_group": record.prescription_group.code,
            "form_code": record.form.code if record.form else None, "form": record.form.text if record.form else None,
            "preparation_type": record.preparation_type.text if record.preparation_type else None,
            "opioid_application": record.opioid_application, "ean": ", ".join(record.ean) or None,
            "brand_fest_id": first.brand_id if first else None,
            "package_size": " + ".join(i.size for i in record.info) or None,
            "package_unit": first.unit.text or first.unit.code if first else None,
            "package_type": first.package_type.text if first else None,
            "quantity": first.quantity if first else None, "ddd": first.ddd if first else None,
            "marketed_from": record.marketed_from, "withdrawn_on": record.withdrawn_on,
            "temporarily_out_on": record.temporarily_out_on, "replaced_varenummer": record.replaced_varenummer,
            "substitution_group_fest_id": sub.group_id if sub else None,
            "substitution_from": sub.valid_from if sub else None, "substitution_to": sub.valid_to if sub else None,
        })
        for price in record.prices:
            rows.add(t.PackagePrice, _price_row(price, release_id, "package_fest_id", record.id))
        for link in record.reimbursements:
            for row in _link_rows(link, release_id, "package_fest_id", record.id):
                rows.add(t.PackageReimbursement, row)
        _conditions(record.condition_ids, release_id, "package", record.id, record.entry.line, rows)
    elif isinstance(record, r.Brand):
        rows.add(t.Brand, {
            **_entry(record, release_id), "fest_id": record.id, "name": record.name, "trade_name": record.trade_name,
            "atc": record.atc.code if record.atc else None, "atc_name": record.atc.text if record.atc else None,
            "prescription_group": record.prescription_group.code,
            "form": record.form.text if record.form else None, "form_long": record.form_long,
            "producer": record.producer,
            "validity": [{"sex": v.sex.code if v.sex else None, "sex_text": v.sex.text if v.sex else None,
                          "duration": v.duration} for v in record.validity],
        })
        for position, substance_id in enumerate(record.substance_ids):
            rows.add(t.BrandSubstance, {"release_id": release_id, "line": record.entry.line,
                                        "brand_fest_id": record.id, "position": position,
                                        "substance_fest_id": substance_id})
        _conditions(record.condition_ids, release_id, "brand", record.id, record.entry.line, rows)
    elif isinstance(record, r.Substance):
        rows.add(t.Substance, {**_entry(record, release_id), "fest_id": record.id, "kind": "substance",
                               "name": record.name, "name_en": record.name_en})
    elif isinstance(record, r.SubstanceStrength):
        rows.add(t.Substance, {
            **_entry(record, release_id), "fest_id": record.id, "kind": "strength",
            "substance_fest_id": record.substance_id, "strength": record.strength,
            "strength_unit": record.strength_unit, "denominator": record.denominator,
            "denominator_unit": record.denominator_unit, "operator": record.operator.text or record.operator.code,
        })
    elif isinstance(record, r.SubstitutionGroup):
        rows.add(t.SubstitutionGroup, {
            **_entry(record, release_id), "fest_id": record.id, "code": record.code.code, "name": record.code.text,
            "remark": record.remark, "remark_text": record.remark_text, "valid_from": record.valid_from,
            "valid_to": record.valid_to,
        })
    elif isinstance(record, r.Reimbursement):
        _reimbursement_rows(record, release_id, rows)
    elif isinstance(record, r.Condition):
        rows.add(t.Condition, {
            **_entry(record, release_id), "fest_id": record.id, "number": record.number,
            "group_code": record.group.code, "group_text": record.group.text,
            "applies_to_code": record.applies_to.code, "applies_to_text": record.applies_to.text,
            "text": record.text, "valid_from": record.valid_from, "valid_to": record.valid_to,
            "structured": [
                {"type": s.type.code, "type_text": s.type.text,
                 "values": [{"code": v.code, "system": v.system, "text": v.text} for v in s.coded_values],
                 "texts": list(s.text_values)}
                for s in record.structured
            ],
        })
    elif isinstance(record, r.Goods):
        rows.add(t.Goods, {
            **_entry(record, release_id), "kind": record.kind, "number": record.number, "name": record.name,
            "product_number": record.product_number, "volume": record.volume,
            "unit": (record.unit.text or record.unit.code) if record.unit else None, "per_pack": record.per_pack,
            "above_max_allowed": record.above_max_allowed, "supplier": record.supplier,
        })
        for price in record.prices:
            rows.add(t.GoodsPrice, _price_row(price, release_id, "goods_number", record.number))
        if record.reimbursement is not None:
            for row in _link_rows(record.reimbursement, release_id, "goods_number", record.number):
                rows.add(t.GoodsReimbursement, row)
        _conditions(record.condition_ids, release_id, "goods", record.number, record.entry.line, rows)
    elif isinstance(record, r.CodeSystem):
        rows.add(t.CodeSystem, {**_entry(record, release_id), "oid": record.oid, "name": record.name,
                                "short_name": record.short_name, "publisher": record.publisher,
                                "note": record.note})
        for element in record.elements:
            term = element.terms[0] if element.terms else None
            rows.add(t.Code, {"release_id": release_id, "line": record.entry.line, "system_oid": record.oid,
                              "element_id": element.id, "parent_id": element.parent_id, "code": element.code,
                              "term": term.term if term else None, "description": term.description if term else None})


def _reimbursement_rows(record: r.Reimbursement, release_id: int, rows: _Rows) -> None:
    for group in record.groups:
        rows.add(t.ReimbursementGroup, {
            **_entry(record, release_id), "line": group.line, "fest_id": group.id,
            "hjemmel_code": record.hjemmel.code, "hjemmel_text": record.hjemmel.text,
            "requires_product_link": record.requires_product_link, "requires_decision": record.requires_decision,
            "group_code": group.number.code, "group_text": group.number.text, "group_system": group.number.system,
            "atc": group.atc.code if group.atc else None, "atc_name": group.atc.text if group.atc else None,
            "requires_refund_code": group.requires_code, "eligible_use": group.eligible_use,
        })
        for condition_id in group.condition_ids:
            rows.add(t.GroupCondition, {"release_id": release_id, "line": group.line, "group_fest_id": group.id,
                                        "condition_fest_id": condition_id})
        for position, code in enumerate(group.codes):
            rows.add(t.RefundCode, {
                "release_id": release_id, "line": code.line, "group_fest_id": group.id, "position": position,
                "code": code.code.code or "", "code_key": code_key(code.code.code or ""),
                "code_system": code.code.system, "code_text": code.code.text, "subterm": code.subterm,
                "valid_from": code.valid_from, "prescribe_until": code.prescribe_until,
                "dispense_until": code.dispense_until,
            })
            for condition in code.conditions:
                rows.add(t.RefundCodeCondition, {
                    "release_id": release_id, "line": condition.line, "group_fest_id": group.id,
                    "code_position": position, "condition_fest_id": condition.condition_id,
                    "valid_from": condition.valid_from, "valid_to": condition.valid_to,
                })


REFERENCES: tuple[tuple[Any, Any, Any, Any, str], ...] = (
    (t.PackageReimbursement, t.PackageReimbursement.group_fest_id, t.ReimbursementGroup,
     t.ReimbursementGroup.fest_id, "RefRefusjonsgruppe"),
    (t.GoodsReimbursement, t.GoodsReimbursement.group_fest_id, t.ReimbursementGroup, t.ReimbursementGroup.fest_id,
     "RefRefusjonsgruppe"),
    (t.Package, t.Package.substitution_group_fest_id, t.SubstitutionGroup, t.SubstitutionGroup.fest_id,
     "RefByttegruppe"),
    (t.Package, t.Package.brand_fest_id, t.Brand, t.Brand.fest_id, "RefLegemiddelMerkevare"),
    (t.RefundCodeCondition, t.RefundCodeCondition.condition_fest_id, t.Condition, t.Condition.fest_id, "RefVilkar"),
    (t.GroupCondition, t.GroupCondition.condition_fest_id, t.Condition, t.Condition.fest_id, "RefVilkar"),
    (t.ItemCondition, t.ItemCondition.condition_fest_id, t.Condition, t.Condition.fest_id, "RefVilkar"),
    (t.BrandSubstance, t.BrandSubstance.substance_fest_id, t.Substance, t.Substance.fest_id,
     "RefVirkestoffMedStyrke"),
    (t.Substance, t.Substance.substance_fest_id, t.Substance, t.Substance.fest_id, "RefVirkestoff"),
)
"""Every reference the catalogue stores (an IDREF in the strict XSD) and the entries it must point at."""


def check_release(session: Session, release: t.Release, entries: dict[str, int], allow_drop: bool) -> None:
    """Refuse a file that starts a release without the catalogues a release needs, or that leaves out more than
    MAX_DROP of the preceding release's packages (see REQUIRED and MAX_DROP)."""
    missing = [name for record, name in REQUIRED.items() if not entries.get(record)]
    if missing:
        raise FestError(f"filen mangler {' og '.join(missing)}, som et fullt FEST-uttrekk alltid har. En utgave "
                        "uten dem ville gjort alle pakninger ukjente fra denne datoen.")
    previous = session.scalar(select(t.Release).where(t.Release.hentet < release.hentet, t.Release.id != release.id)
                              .order_by(t.Release.hentet.desc()).limit(1))
    if previous is None or allow_drop:
        return
    before = set(session.scalars(select(t.Package.varenummer).where(t.Package.release_id == previous.id)))
    now = set(session.scalars(select(t.Package.varenummer).where(t.Package.release_id == release.id)))
    dropped = len(before - now)
    if before and dropped / len(before) > MAX_DROP:
        raise FestError(f"utgaven ville fjerne {dropped} av {len(before)} pakninger fra utgaven før "
                        f"({dropped / len(before):.0%}, mer enn {MAX_DROP:.0%}). Et fullt FEST-uttrekk mister bare "
                        "noen få om gangen; filen er trolig avkortet, delvis eller inkrementell. Bruk --allow-drop "
                        "om frafallet er ment.")


def check_references(session: Session, release_id: int) -> None:
    """Refuse a release where a stored reference points at nothing (libxml2 does not check IDREFs)."""
    for table, column, target, target_column, element in REFERENCES:
        referred = target.__table__.alias("referred")
        found = session.execute(
            select(column, table.line)
            .where(table.release_id == release_id, column.is_not(None))
            .where(~exists().where(referred.c.release_id == release_id,
                                   referred.c[target_column.key] == column))
            .order_by(table.line)
            .limit(1)
        ).first()
        if found is not None:
            raise FestError(
                f"referansen «{found[0]}» viser til en oppføring som ikke finnes i filen (IDREF). "
                "Bruk --loose bare for inkrementelle filer som viser til oppføringer utenfor filen.",
                element=element, line=found[1])
