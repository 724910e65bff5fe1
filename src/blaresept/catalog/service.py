"""Questions to the catalogue, each answered for a date: search, one package, what is reimbursable for a refund
code, one § 5 / § 6 product. Every answer is a frozen dataclass; nothing here writes.

Which release answers for date D: the newest release whose HentetDato falls on or before D, or, for a date
before every release, the oldest one (its validity dates still say what held). Within the release, a price holds
from GyldigFraDato to GyldigTilDato (both inclusive; where two overlap, the later GyldigFraDato wins — FEST
writes a price's end date as the day its successor starts), and a reimbursement holds when both the package's
link and the refund code hold (blaresept.rules.blaresept.eligibility.dates; FEST guide v3.5 § 6.4.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from blaresept.catalog import codes
from blaresept.catalog import tables as t
from blaresept.fest import pricetypes
from blaresept.money import Ore
from blaresept.rules.blaresept.eligibility.dates import Validity, holds, in_period
from blaresept.rules.blaresept.eligibility.refund_code import CodeSystem, MalformedCode, code_key, parse_refund_code

SALE_AFTER_WITHDRAWAL = 3
"""Months a package may still be sold after its withdrawal or temporary-stop date (FEST guide v3.5 § 6.1.2–3)."""
_ATC = re.compile(r"^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$")
KIND_TEXT = {"forbruksmateriell": "Medisinsk forbruksmateriell (§ 5)", "naringsmiddel": "Næringsmiddel (§ 6)",
             "brystprotese": "Brystprotese (ftrl. § 10-7 i)"}
STRUCTURED_TYPES = {"1": "Alder lik eller større enn", "2": "Alder mindre enn", "3": "Kjønn"}


class CatalogError(LookupError):
    """A question the catalogue cannot answer (nothing imported, nothing found). Message in bokmål."""


class NotFound(CatalogError):
    """What was asked for is not in the catalogue on the date. Message in bokmål."""


class EmptyCatalog(NotFound):
    """No FEST file has been imported. Message in bokmål."""


class BadQuery(CatalogError):
    """The question itself cannot be read (an empty search, a malformed refund code). Message in bokmål."""


@dataclass(frozen=True)
class ReleaseInfo:
    """The release that answered: its id, HentetDato, and the files it was built from."""

    id: int
    hentet: datetime
    files: tuple[str, ...]
    after_date: bool
    """The release was generated after the date asked about (no older release is loaded)."""


@dataclass(frozen=True)
class PriceView:
    kind: str
    label: str
    amount: Ore
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class CodedValue:
    code: str | None
    system: str | None
    text: str | None


@dataclass(frozen=True)
class StructuredView:
    """A structured part of a condition (Volven 7439) with its values."""

    type_code: str
    type_text: str
    values: tuple[CodedValue, ...]
    texts: tuple[str, ...]

    @property
    def display(self) -> str:
        shown = [v.text or v.code or "" for v in self.values] + list(self.texts)
        return f"{self.type_text}: {', '.join(shown)}"


@dataclass(frozen=True)
class ConditionView:
    """A vilkår: number, text, group, who it applies to, and its structured parts."""

    fest_id: str
    number: str | None
    text: str
    group: str | None
    applies_to_code: str | None
    applies_to: str | None
    valid_from: date | None
    valid_to: date | None
    structured: tuple[StructuredView, ...]


@dataclass(frozen=True)
class RefundCodeView:
    system: str
    side: str
    code: str
    text: str | None
    subterm: str | None
    valid_from: date
    prescribe_until: date | None
    dispense_until: date | None
    conditions: tuple[ConditionView, ...]


@dataclass(frozen=True)
class ReimbursementView:
    """One reimbursement group a package or product belongs to on the date, with the codes that hold then."""

    group_fest_id: str
    hjemmel_code: str | None
    hjemmel_text: str | None
    group_code: str | None
    group_text: str | None
    atc: str | None
    eligible_use: str | None
    requires_code: bool
    requires_decision: bool
    valid_from: date
    prescribe_until: date | None
    dispense_until: date | None
    codes: tuple[RefundCodeView, ...]
    conditions: tuple[ConditionView, ...]


@dataclass(frozen=True)
class PackageRef:
    varenummer: str
    name: str
    aup: Ore | None
    trinnpris: Ore | None
    pack: str | None = None
    """The pack size as FEST gives it ('98 stykk'); equivalents are compared at the same pack size."""


@dataclass(frozen=True)
class SubstitutionView:
    code: str | None
    name: str | None
    remark: bool
    remark_text: str | None
    members: tuple[PackageRef, ...]
    cheapest: PackageRef | None


@dataclass(frozen=True)
class PackageView:
    release: ReleaseInfo
    on: date
    varenummer: str
    name: str
    atc: str | None
    atc_name: str | None
    prescription_group: str | None
    form: str | None
    package_size: str | None
    package_unit: str | None
    ean: str | None
    producer: str | None
    substances: tuple[str, ...]
    marketed_from: date | None
    withdrawn_on: date | None
    temporarily_out_on: date | None
    available: bool
    prescription_validity: tuple[str, ...]
    prices: tuple[PriceView, ...]
    substitution: SubstitutionView | None
    reimbursements: tuple[ReimbursementView, ...]
    conditions: tuple[ConditionView, ...]

    def price(self, kind: str) -> Ore | None:
        return next((p.amount for p in self.prices if p.kind == kind), None)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    number: str
    name: str
    atc: str | None
    detail: str | None
    aup: Ore | None


@dataclass(frozen=True)
class ReimbursableHit:
    varenummer: str
    name: str
    atc: str | None
    hjemmel_code: str | None
    group_code: str | None
    code: str
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class ReimbursableList:
    release: ReleaseInfo
    on: date
    code: str
    system: str | None
    text: str | None
    hits: tuple[ReimbursableHit, ...]


@dataclass(frozen=True)
class ProductView:
    release: ReleaseInfo
    on: date
    number: str
    name: str
    kind: str
    kind_text: str
    product_number: str | None
    per_pack: int | None
    unit: str | None
    supplier: str | None
    above_max_allowed: bool | None
    product_group: str | None
    product_group_text: str | None
    prices: tuple[PriceView, ...]
    max_price_per_pack: Ore | None
    max_price_per_unit: Ore | None
    reimbursements: tuple[ReimbursementView, ...]

    @property
    def hjemmel_code(self) -> str | None:
        return self.reimbursements[0].hjemmel_code if self.reimbursements else None


# --- releases -------------------------------------------------------------------------------------------------


def release_on(session: Session, on: date) -> ReleaseInfo:
    """The release that answers for the date (see the module text); CatalogError when none is loaded."""
    end = datetime.combine(on + timedelta(days=1), time())
    release = session.scalar(select(t.Release).where(t.Release.hentet < end).order_by(t.Release.hentet.desc()))
    after = False
    if release is None:
        release = session.scalar(select(t.Release).order_by(t.Release.hentet))
        after = True
    if release is None:
        raise EmptyCatalog("Katalogen er tom: importer en FEST-fil først (blaresept catalog import FIL eller "
                           "blaresept catalog load-sample).")
    files = tuple(session.scalars(select(t.ImportedFile.name).where(t.ImportedFile.release_id == release.id)
                                  .order_by(t.ImportedFile.id)))
    return ReleaseInfo(release.id, release.hentet, files, after)


def releases(session: Session) -> list[ReleaseInfo]:
    """Every release, newest first."""
    out = []
    for release in session.scalars(select(t.Release).order_by(t.Release.hentet.desc())):
        files = tuple(session.scalars(select(t.ImportedFile.name).where(t.ImportedFile.release_id == release.id)
                                      .order_by(t.ImportedFile.id)))
        out.append(ReleaseInfo(release.id, release.hentet, files, False))
    return out


# --- prices and conditions -------------------------------------------------------------------------------------


def prices_on(rows: Iterable[Any], on: date) -> tuple[PriceView, ...]:
    """The price of each kind that holds on the date (the later GyldigFraDato wins an overlap)."""
    best: dict[str, Any] = {}
    for row in rows:
        if not in_period(row.valid_from, row.valid_to, on):
            continue
        current = best.get(row.kind)
        if current is None or (row.valid_from or date.min) > (current.valid_from or date.min):
            best[row.kind] = row
    order = list(pricetypes.LABELS)
    return tuple(
        PriceView(row.kind, pricetypes.LABELS.get(row.kind, row.type_name or row.kind), row.amount, row.valid_from,
                  row.valid_to)
        for row in sorted(best.values(), key=lambda r: order.index(r.kind) if r.kind in order else len(order))
    )


def _condition_view(row: t.Condition) -> ConditionView:
    structured = tuple(
        StructuredView(
            type_code=str(part.get("type")),
            type_text=part.get("type_text") or codes.volven()["7439"].get(str(part.get("type")), str(part.get("type"))),
            values=tuple(CodedValue(v.get("code"), v.get("system"), v.get("text")) for v in part.get("values", [])),
            texts=tuple(part.get("texts", [])),
        )
        for part in row.structured or []
    )
    return ConditionView(row.fest_id, row.number, row.text, row.group_text, row.applies_to_code, row.applies_to_text,
                         row.valid_from, row.valid_to, structured)


def conditions_by_id(session: Session, release_id: int, ids: Iterable[str]) -> dict[str, ConditionView]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.scalars(select(t.Condition).where(t.Condition.release_id == release_id,
                                                     t.Condition.fest_id.in_(wanted)))
    return {row.fest_id: _condition_view(row) for row in rows}


def _number_key(number: str | None) -> tuple[int, str]:
    text = number or ""
    return (int(text), "") if text.isdigit() else (1 << 30, text)


# --- reimbursement ---------------------------------------------------------------------------------------------


def reimbursements(session: Session, release_id: int, links: Sequence[Any], written: date,
                   dispensed: date) -> tuple[ReimbursementView, ...]:
    """The groups behind the links that hold on the dates, each with the refund codes that hold then and the
    conditions attached to those codes on the dispensing date."""
    held = [link for link in links
            if holds(Validity(link.valid_from, link.prescribe_until, link.dispense_until), written, dispensed)]
    if not held:
        return ()
    group_ids = {link.group_fest_id for link in held}
    groups = {g.fest_id: g for g in session.scalars(select(t.ReimbursementGroup).where(
        t.ReimbursementGroup.release_id == release_id, t.ReimbursementGroup.fest_id.in_(group_ids)))}
    code_rows = list(session.scalars(select(t.RefundCode).where(
        t.RefundCode.release_id == release_id, t.RefundCode.group_fest_id.in_(group_ids))
        .order_by(t.RefundCode.group_fest_id, t.RefundCode.position)))
    code_conditions = list(session.scalars(select(t.RefundCodeCondition).where(
        t.RefundCodeCondition.release_id == release_id, t.RefundCodeCondition.group_fest_id.in_(group_ids))))
    group_conditions = list(session.scalars(select(t.GroupCondition).where(
        t.GroupCondition.release_id == release_id, t.GroupCondition.group_fest_id.in_(group_ids))))
    views = conditions_by_id(session, release_id, [c.condition_fest_id for c in code_conditions]
                             + [c.condition_fest_id for c in group_conditions])
    out = []
    for link in sorted(held, key=lambda link: link.group_fest_id):
        group = groups.get(link.group_fest_id)
        if group is None:  # a dangling reference (only possible after a --loose import)
            continue
        group_codes = []
        for code in code_rows:
            if code.group_fest_id != group.fest_id:
                continue
            if not holds(Validity(code.valid_from, code.prescribe_until, code.dispense_until), written, dispensed):
                continue
            attached = sorted(
                (views[c.condition_fest_id] for c in code_conditions
                 if c.group_fest_id == group.fest_id and c.code_position == code.position
                 and in_period(c.valid_from, c.valid_to, dispensed) and c.condition_fest_id in views),
                key=lambda v: _number_key(v.number),
            )
            system = codes.system_of(code.code_system, code.code)
            group_codes.append(RefundCodeView(
                system=system.value, side=codes.side_of(code.code_system), code=code.code,
                text=code.code_text or codes.code_text(system, code.code), subterm=code.subterm,
                valid_from=code.valid_from, prescribe_until=code.prescribe_until,
                dispense_until=code.dispense_until, conditions=tuple(attached),
            ))
        on_group = tuple(sorted((views[c.condition_fest_id] for c in group_conditions
                                 if c.group_fest_id == group.fest_id and c.condition_fest_id in views),
                                key=lambda v: _number_key(v.number)))
        group_codes.sort(key=_code_order)
        out.append(ReimbursementView(
            group_fest_id=group.fest_id, hjemmel_code=group.hjemmel_code,
            hjemmel_text=group.hjemmel_text or (codes.hjemmel_text(group.hjemmel_code) if group.hjemmel_code else None),
            group_code=group.group_code, group_text=group.group_text, atc=group.atc, eligible_use=group.eligible_use,
            requires_code=group.requires_refund_code, requires_decision=group.requires_decision,
            valid_from=link.valid_from, prescribe_until=link.prescribe_until, dispense_until=link.dispense_until,
            codes=tuple(group_codes), conditions=on_group,
        ))
    return tuple(out)


def _code_order(code: RefundCodeView) -> tuple[int, int, str]:
    """ICPC side before ICD side (as the reimbursement list prints them), minus-codes first, then by code."""
    return (0 if code.side == "ICPC" else 1, 0 if code.code.startswith("-") else 1, code_key(code.code))


# --- packages ----------------------------------------------------------------------------------------------------


def available_on(package: t.Package, on: date) -> bool:
    """Marketed on the date, and not past the three months' sale after a withdrawal or temporary stop."""
    if package.marketed_from is not None and on < package.marketed_from:
        return False
    for stop in (package.withdrawn_on, package.temporarily_out_on):
        if stop is not None and on > _add_months(stop, SALE_AFTER_WITHDRAWAL):
            return False
    return True


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - a day 1 always exists


def find_package(session: Session, release_id: int, varenummer: str) -> t.Package | None:
    return session.scalars(select(t.Package).where(t.Package.release_id == release_id,
                                                   t.Package.varenummer == varenummer.strip())
                           .order_by(t.Package.entry_time.desc())).first()


def package_prices(session: Session, release_id: int, fest_ids: Iterable[str]) -> dict[str, list[t.PackagePrice]]:
    out: dict[str, list[t.PackagePrice]] = {}
    wanted = set(fest_ids)
    if not wanted:
        return out
    for row in session.scalars(select(t.PackagePrice).where(t.PackagePrice.release_id == release_id,
                                                            t.PackagePrice.package_fest_id.in_(wanted))):
        out.setdefault(row.package_fest_id, []).append(row)
    return out


def package_on(session: Session, varenummer: str, on: date) -> PackageView:
    """One package as the catalogue has it on the date: prices, substitution group with the cheapest equivalent
    and trinnpris, and reimbursement (hjemmel, groups, codes with text, vilkår). NotFound if unknown."""
    release = release_on(session, on)
    package = find_package(session, release.id, varenummer)
    if package is None:
        raise NotFound(f"Fant ikke varenummer {varenummer.strip()} i katalogen (FEST-utgaven "
                       f"{release.hentet.date().isoformat()}).")
    prices = prices_on(package_prices(session, release.id, [package.fest_id]).get(package.fest_id, []), on)
    brand = session.scalar(select(t.Brand).where(t.Brand.release_id == release.id,
                                                 t.Brand.fest_id == package.brand_fest_id)) \
        if package.brand_fest_id else None
    links = list(session.scalars(select(t.PackageReimbursement).where(
        t.PackageReimbursement.release_id == release.id,
        t.PackageReimbursement.package_fest_id == package.fest_id)))
    item_ids = list(session.scalars(select(t.ItemCondition.condition_fest_id).where(
        t.ItemCondition.release_id == release.id,
        or_(t.ItemCondition.owner_fest_id == package.fest_id,
            t.ItemCondition.owner_fest_id == (package.brand_fest_id or "")))))
    item_conditions = tuple(sorted(conditions_by_id(session, release.id, item_ids).values(),
                                   key=lambda v: _number_key(v.number)))
    return PackageView(
        release=release, on=on, varenummer=package.varenummer, name=package.name, atc=package.atc,
        atc_name=package.atc_name, prescription_group=package.prescription_group, form=package.form,
        package_size=package.package_size, package_unit=package.package_unit, ean=package.ean,
        producer=brand.producer if brand else None, substances=_substances(session, release.id, package),
        marketed_from=package.marketed_from, withdrawn_on=package.withdrawn_on,
        temporarily_out_on=package.temporarily_out_on, available=available_on(package, on),
        prescription_validity=tuple(
            (f"{v['sex_text'] or v['sex']}: " if v.get("sex") else "") + v["duration"]
            for v in (brand.validity if brand else [])
        ),
        prices=prices, substitution=_substitution(session, release.id, package, on),
        reimbursements=reimbursements(session, release.id, links, on, on), conditions=item_conditions,
    )


def _substances(session: Session, release_id: int, package: t.Package) -> tuple[str, ...]:
    if not package.brand_fest_id:
        return ()
    refs = list(session.scalars(select(t.BrandSubstance.substance_fest_id).where(
        t.BrandSubstance.release_id == release_id, t.BrandSubstance.brand_fest_id == package.brand_fest_id)
        .order_by(t.BrandSubstance.position)))
    if not refs:
        return ()
    rows = {s.fest_id: s for s in session.scalars(select(t.Substance).where(
        t.Substance.release_id == release_id, t.Substance.fest_id.in_(refs)))}
    parents = {s.fest_id: s for s in session.scalars(select(t.Substance).where(
        t.Substance.release_id == release_id,
        t.Substance.fest_id.in_([r.substance_fest_id for r in rows.values() if r.substance_fest_id])))}
    out = []
    for ref in refs:
        row = rows.get(ref)
        if row is None:
            continue
        if row.kind == "strength":
            parent = parents.get(row.substance_fest_id or "")
            strength = f"{row.strength} {row.strength_unit or ''}".strip().replace(".", ",")
            if row.denominator:
                strength += f"/{row.denominator.replace('.', ',')} {row.denominator_unit or ''}".rstrip()
            out.append(f"{parent.name if parent else '?'} {strength}")
        else:
            out.append(row.name or "?")
    return tuple(out)


def pack_of(package: t.Package) -> str | None:
    """The pack size with its unit, normalised ('98 stykk', '50 x 1 stykk')."""
    if not package.package_size:
        return None
    return " ".join(f"{package.package_size} {package.package_unit or ''}".split())


def _substitution(session: Session, release_id: int, package: t.Package, on: date) -> SubstitutionView | None:
    if not package.substitution_group_fest_id or not in_period(package.substitution_from, package.substitution_to,
                                                                on):
        return None
    group = session.scalar(select(t.SubstitutionGroup).where(
        t.SubstitutionGroup.release_id == release_id,
        t.SubstitutionGroup.fest_id == package.substitution_group_fest_id))
    members = [p for p in session.scalars(select(t.Package).where(
        t.Package.release_id == release_id, t.Package.substitution_group_fest_id == package.substitution_group_fest_id))
        if in_period(p.substitution_from, p.substitution_to, on) and available_on(p, on)]
    prices = package_prices(session, release_id, [p.fest_id for p in members])
    refs = []
    for member in sorted(members, key=lambda p: p.varenummer):
        held = prices_on(prices.get(member.fest_id, []), on)
        refs.append(PackageRef(member.varenummer, member.name, next((p.amount for p in held if p.kind == "aup"), None),
                               next((p.amount for p in held if p.kind == "trinnpris"), None), pack_of(member)))
    # Likeverdige pakninger are compared at the same pack size: a 28-pack is not a cheaper 98-pack.
    priced = [r for r in refs if r.aup is not None and r.pack == pack_of(package)]
    cheapest = min(priced, key=lambda r: (r.aup, r.varenummer)) if priced else None
    return SubstitutionView(group.code if group else None, group.name if group else None,
                            bool(group.remark) if group else False, group.remark_text if group else None,
                            tuple(refs), cheapest)


# --- search --------------------------------------------------------------------------------------------------------


def search(session: Session, text: str, on: date, limit: int = 50) -> list[SearchHit]:
    """Packages and products by varenummer (digits), ATC code (prefix, e.g. 'C09CA'), or name (part of it)."""
    query = text.strip()
    if not query:
        raise BadQuery("Skriv et navn, en ATC-kode eller et varenummer å søke etter.")
    release = release_on(session, on)
    upper = query.upper()
    packages = select(t.Package).where(t.Package.release_id == release.id)
    goods = select(t.Goods).where(t.Goods.release_id == release.id)
    if query.isdigit():
        packages = packages.where(t.Package.varenummer.startswith(query, autoescape=True))
        goods = goods.where(t.Goods.number.startswith(query, autoescape=True))
    elif _ATC.match(upper):
        packages = packages.where(t.Package.atc.startswith(upper, autoescape=True))
        goods = goods.where(func.lower(t.Goods.name).contains(query.lower(), autoescape=True))
    else:
        packages = packages.where(or_(func.lower(t.Package.name).contains(query.lower(), autoescape=True),
                                      func.lower(t.Package.atc_name).contains(query.lower(), autoescape=True)))
        goods = goods.where(func.lower(t.Goods.name).contains(query.lower(), autoescape=True))
    found = list(session.scalars(packages.order_by(t.Package.name, t.Package.varenummer).limit(limit)))
    prices = package_prices(session, release.id, [p.fest_id for p in found])
    hits = []
    for package in found:
        aup = next((p.amount for p in prices_on(prices.get(package.fest_id, []), on) if p.kind == "aup"), None)
        size = f"{package.package_size} {package.package_unit or ''}".strip() if package.package_size else None
        hits.append(SearchHit("pakning", package.varenummer, package.name, package.atc, size, aup))
    for item in session.scalars(goods.order_by(t.Goods.name).limit(max(0, limit - len(hits)))):
        hits.append(SearchHit("vare", item.number, item.name, None, KIND_TEXT.get(item.kind, item.kind), None))
    return hits


# --- reimbursable for a code -----------------------------------------------------------------------------------------


def _wanted_code(text: str) -> tuple[str, CodeSystem | None]:
    """The key and system of a code typed by a person; without a prefix, any system (ICPC-2 or ICD-10)."""
    try:
        written = parse_refund_code(text)
        return written.key, written.system
    except MalformedCode:
        key = code_key(text)
        if re.match(r"^[A-Z]\d{2}\d{0,2}$", key):
            return key, None
        raise


def reimbursable_for_code(session: Session, code: str, on: date) -> ReimbursableList:
    """Every package with a reimbursement for the refund code that holds on the date (link and code both).
    An ICD-10 subcode (K21.0) finds the reimbursements on its category (K21)."""
    try:
        key, system = _wanted_code(code)
    except MalformedCode as exc:
        raise BadQuery(str(exc)) from None
    release = release_on(session, on)
    keys = {key, key[:3]} if system in (None, CodeSystem.ICD10) and len(key) > 3 else {key}
    code_rows = [row for row in session.scalars(select(t.RefundCode).where(
        t.RefundCode.release_id == release.id, t.RefundCode.code_key.in_(keys)))
        if _system_matches(row, system, key)
        and holds(Validity(row.valid_from, row.prescribe_until, row.dispense_until), on, on)]
    text = next((row.code_text for row in code_rows if row.code_text), None)
    if text is None:
        text = codes.code_text(system or CodeSystem.ICD10, key) or codes.code_text(CodeSystem.ICPC2, key)
    hits: list[ReimbursableHit] = []
    if code_rows:
        group_ids = {row.group_fest_id for row in code_rows}
        groups = {g.fest_id: g for g in session.scalars(select(t.ReimbursementGroup).where(
            t.ReimbursementGroup.release_id == release.id, t.ReimbursementGroup.fest_id.in_(group_ids)))}
        conditions = list(session.scalars(select(t.RefundCodeCondition).where(
            t.RefundCodeCondition.release_id == release.id, t.RefundCodeCondition.group_fest_id.in_(group_ids))))
        views = conditions_by_id(session, release.id, [c.condition_fest_id for c in conditions])
        rows = session.execute(select(t.PackageReimbursement, t.Package).join(t.Package, (
            t.Package.release_id == t.PackageReimbursement.release_id)
            & (t.Package.fest_id == t.PackageReimbursement.package_fest_id)).where(
            t.PackageReimbursement.release_id == release.id, t.PackageReimbursement.group_fest_id.in_(group_ids)))
        seen = set()
        for link, package in rows:
            if not holds(Validity(link.valid_from, link.prescribe_until, link.dispense_until), on, on):
                continue
            for row in code_rows:
                if row.group_fest_id != link.group_fest_id or (package.varenummer, row.group_fest_id) in seen:
                    continue
                seen.add((package.varenummer, row.group_fest_id))
                numbers = sorted({views[c.condition_fest_id].number or "" for c in conditions
                                  if c.group_fest_id == row.group_fest_id and c.code_position == row.position
                                  and in_period(c.valid_from, c.valid_to, on) and c.condition_fest_id in views},
                                 key=lambda n: _number_key(n))
                group = groups.get(row.group_fest_id)
                hits.append(ReimbursableHit(package.varenummer, package.name, package.atc,
                                            group.hjemmel_code if group else None,
                                            group.group_code if group else None, row.code, tuple(numbers)))
    hits.sort(key=lambda h: (h.atc or "", h.name, h.varenummer))
    dotted = key if len(key) <= 3 or key.startswith("-") else f"{key[:3]}.{key[3:]}"
    shown = dotted if system in (None, CodeSystem.DMP) else f"{system.value} {dotted}"
    return ReimbursableList(release, on, shown, system.value if system else None, text, tuple(hits))


def _system_matches(row: t.RefundCode, system: CodeSystem | None, key: str) -> bool:
    found = codes.system_of(row.code_system, row.code)
    if system is None or system is CodeSystem.DMP or found is CodeSystem.DMP:
        return row.code_key == key or (len(key) > 3 and row.code_key == key[:3] and found is CodeSystem.ICD10)
    if found is not system:
        return False
    return row.code_key == key or (system is CodeSystem.ICD10 and len(key) > 3 and row.code_key == key[:3])


# --- § 5 / § 6 products --------------------------------------------------------------------------------------------


def find_goods(session: Session, release_id: int, number: str) -> t.Goods | None:
    return session.scalar(select(t.Goods).where(t.Goods.release_id == release_id, t.Goods.number == number.strip()))


def product_on(session: Session, number: str, on: date) -> ProductView:
    """A § 5 / § 6 product on the date: its product group, hjemmel, maximum refund price and conditions."""
    release = release_on(session, on)
    item = find_goods(session, release.id, number)
    if item is None:
        raise NotFound(f"Fant ikke varen {number.strip()} i produktlistene i katalogen (FEST-utgaven "
                       f"{release.hentet.date().isoformat()}).")
    prices = prices_on(session.scalars(select(t.GoodsPrice).where(t.GoodsPrice.release_id == release.id,
                                                                  t.GoodsPrice.goods_number == item.number)), on)
    links = list(session.scalars(select(t.GoodsReimbursement).where(
        t.GoodsReimbursement.release_id == release.id, t.GoodsReimbursement.goods_number == item.number)))
    held = reimbursements(session, release.id, links, on, on)
    group = held[0].group_code if held else None
    return ProductView(
        release=release, on=on, number=item.number, name=item.name, kind=item.kind,
        kind_text=KIND_TEXT.get(item.kind, item.kind), product_number=item.product_number, per_pack=item.per_pack,
        unit=item.unit, supplier=item.supplier, above_max_allowed=item.above_max_allowed, product_group=group,
        product_group_text=(held[0].group_text or codes.product_group_name(group or "")) if held else None,
        prices=prices,
        max_price_per_pack=next((p.amount for p in prices if p.kind == "maks_per_pakning"), None),
        max_price_per_unit=next((p.amount for p in prices if p.kind == "maks_per_enhet"), None),
        reimbursements=held,
    )
