"""The reimbursement catalogue (FEST) as open data: search, one package, what is reimbursable for a refund code,
and one § 5 / § 6 product, each for a date. Public: no login. Money is kroner as exact decimal strings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from blaresept import inputs
from blaresept.api.deps import SessionDep
from blaresept.api.problems import Problem
from blaresept.catalog import service
from blaresept.inputs import ONE_LINE_PATTERN
from blaresept.money import Ore, to_kroner
from blaresept.timeutil import today

router = APIRouter(prefix="/catalog", tags=["katalog"])

Day = Annotated[inputs.Day | None, Query(alias="date", description="Datoen (ÅÅÅÅ-MM-DD); i dag om den utelates")]
Money = Annotated[str, Field(description="Kroner som eksakt desimaltall", examples=["539.40"])]


class ReleaseOut(BaseModel):
    hentet: dt.datetime = Field(description="FEST-utgavens HentetDato (UTC)")
    files: list[str]
    after_date: bool = Field(description="Utgaven er hentet etter datoen det spørres om")


class PriceOut(BaseModel):
    kind: str = Field(description="aup, aip, refusjonspris, trinnpris, maks_per_pakning, maks_per_enhet …")
    label: str
    amount: Money
    valid_from: dt.date | None
    valid_to: dt.date | None


class StructuredOut(BaseModel):
    type_code: str = Field(description="Type strukturert vilkår (Volven 7439)")
    type_text: str
    values: list[dict[str, str | None]]
    texts: list[str]


class ConditionOut(BaseModel):
    number: str | None
    text: str
    group: str | None
    applies_to: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    structured: list[StructuredOut]


class RefundCodeOut(BaseModel):
    system: str = Field(description="ICPC-2, ICD-10 eller DMP (minus-kode)")
    side: str = Field(description="ICPC eller ICD: hvilken kolonne i refusjonslisten")
    code: str
    text: str | None
    subterm: str | None
    valid_from: dt.date
    prescribe_until: dt.date | None
    dispense_until: dt.date | None
    conditions: list[ConditionOut]


class ReimbursementOut(BaseModel):
    hjemmel_code: str | None
    hjemmel_text: str | None
    group_code: str | None
    group_text: str | None
    atc: str | None
    eligible_use: str | None
    requires_code: bool
    requires_decision: bool
    valid_from: dt.date
    prescribe_until: dt.date | None
    dispense_until: dt.date | None
    codes: list[RefundCodeOut]
    conditions: list[ConditionOut]


class PackageRefOut(BaseModel):
    varenummer: str
    name: str
    aup: Money | None
    trinnpris: Money | None
    pack: str | None = Field(None, description="Pakningsstørrelse; likeverdige sammenlignes ved samme størrelse")


class SubstitutionOut(BaseModel):
    code: str | None
    name: str | None
    remark: bool
    remark_text: str | None
    members: list[PackageRefOut]
    cheapest: PackageRefOut | None


class PackageOut(BaseModel):
    release: ReleaseOut
    date: dt.date
    varenummer: str
    name: str
    atc: str | None
    atc_name: str | None
    prescription_group: str | None
    form: str | None
    package_size: str | None
    package_unit: str | None
    producer: str | None
    substances: list[str]
    marketed_from: dt.date | None
    available: bool
    prescription_validity: list[str]
    prices: list[PriceOut]
    substitution: SubstitutionOut | None
    reimbursements: list[ReimbursementOut]
    conditions: list[ConditionOut]


class SearchHitOut(BaseModel):
    kind: str = Field(description="pakning eller vare")
    number: str
    name: str
    atc: str | None
    detail: str | None
    aup: Money | None


class ReimbursableHitOut(BaseModel):
    varenummer: str
    name: str
    atc: str | None
    hjemmel_code: str | None
    group_code: str | None
    code: str
    conditions: list[str]


class ReimbursableOut(BaseModel):
    release: ReleaseOut
    date: dt.date
    code: str
    text: str | None
    packages: list[ReimbursableHitOut]


class ProductOut(BaseModel):
    release: ReleaseOut
    date: dt.date
    number: str
    name: str
    kind: str
    kind_text: str
    product_group: str | None
    product_group_text: str | None
    hjemmel_code: str | None
    requires_decision: bool
    per_pack: int | None
    supplier: str | None
    max_price_per_pack: Money | None
    max_price_per_unit: Money | None
    prices: list[PriceOut]
    conditions: list[ConditionOut]


def _kr(amount: Ore | None) -> str | None:
    return None if amount is None else str(to_kroner(amount))


def _release(release: service.ReleaseInfo) -> dict[str, Any]:
    hentet = release.hentet if release.hentet.tzinfo else release.hentet.replace(tzinfo=dt.UTC)
    return {"hentet": hentet, "files": list(release.files), "after_date": release.after_date}


def _price(price: service.PriceView) -> dict[str, Any]:
    return {"kind": price.kind, "label": price.label, "amount": _kr(price.amount), "valid_from": price.valid_from,
            "valid_to": price.valid_to}


def _condition(condition: service.ConditionView) -> dict[str, Any]:
    return {
        "number": condition.number, "text": condition.text.strip(), "group": condition.group,
        "applies_to": condition.applies_to, "valid_from": condition.valid_from, "valid_to": condition.valid_to,
        "structured": [{"type_code": s.type_code, "type_text": s.type_text,
                        "values": [{"code": v.code, "system": v.system, "text": v.text} for v in s.values],
                        "texts": list(s.texts)} for s in condition.structured],
    }


def _reimbursement(r: service.ReimbursementView) -> dict[str, Any]:
    return {
        "hjemmel_code": r.hjemmel_code, "hjemmel_text": r.hjemmel_text, "group_code": r.group_code,
        "group_text": r.group_text, "atc": r.atc, "eligible_use": r.eligible_use, "requires_code": r.requires_code,
        "requires_decision": r.requires_decision, "valid_from": r.valid_from, "prescribe_until": r.prescribe_until,
        "dispense_until": r.dispense_until,
        "codes": [{"system": c.system, "side": c.side, "code": c.code, "text": c.text, "subterm": c.subterm,
                   "valid_from": c.valid_from, "prescribe_until": c.prescribe_until,
                   "dispense_until": c.dispense_until, "conditions": [_condition(x) for x in c.conditions]}
                  for c in r.codes],
        "conditions": [_condition(x) for x in r.conditions],
    }


def _ref(ref: service.PackageRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"varenummer": ref.varenummer, "name": ref.name, "aup": _kr(ref.aup), "trinnpris": _kr(ref.trinnpris),
            "pack": ref.pack}


def _answer(error: service.CatalogError) -> Problem:
    return Problem(422 if isinstance(error, service.BadQuery) else 404, str(error))


@router.get("/search", response_model=list[SearchHitOut], summary="Søk på navn, ATC-kode eller varenummer")
def search(session: SessionDep,
           q: Annotated[str, Query(min_length=1, max_length=100, description="Søketekst", pattern=ONE_LINE_PATTERN)],
           on: Day = None) -> list[dict[str, Any]]:
    try:
        hits = service.search(session, q, on or today())
    except service.CatalogError as exc:
        raise _answer(exc) from None
    return [{"kind": h.kind, "number": h.number, "name": h.name, "atc": h.atc, "detail": h.detail, "aup": _kr(h.aup)}
            for h in hits]


@router.get("/packages/{varenummer}", response_model=PackageOut,
            summary="En pakning på datoen: priser, byttegruppe og refusjon")
def package(session: SessionDep,
            varenummer: Annotated[str, Path(min_length=1, max_length=20, pattern=ONE_LINE_PATTERN)],
            on: Day = None) -> dict[str, Any]:
    try:
        view = service.package_on(session, varenummer, on or today())
    except service.CatalogError as exc:
        raise _answer(exc) from None
    sub = view.substitution
    return {
        "release": _release(view.release), "date": view.on, "varenummer": view.varenummer, "name": view.name,
        "atc": view.atc, "atc_name": view.atc_name, "prescription_group": view.prescription_group, "form": view.form,
        "package_size": view.package_size, "package_unit": view.package_unit, "producer": view.producer,
        "substances": list(view.substances), "marketed_from": view.marketed_from, "available": view.available,
        "prescription_validity": list(view.prescription_validity), "prices": [_price(p) for p in view.prices],
        "substitution": None if sub is None else {
            "code": sub.code, "name": sub.name, "remark": sub.remark, "remark_text": sub.remark_text,
            "members": [_ref(m) for m in sub.members], "cheapest": _ref(sub.cheapest)},
        "reimbursements": [_reimbursement(r) for r in view.reimbursements],
        "conditions": [_condition(c) for c in view.conditions],
    }


@router.get("/reimbursable", response_model=ReimbursableOut,
            summary="Pakningene med refusjon for en refusjonskode på datoen")
def reimbursable(session: SessionDep,
                 code: Annotated[str, Query(min_length=1, max_length=20, pattern=ONE_LINE_PATTERN,
                                            description="ICPC:D84, ICD:K21 (eller K21.0) eller -90")],
                 on: Day = None) -> dict[str, Any]:
    try:
        found = service.reimbursable_for_code(session, code, on or today())
    except service.CatalogError as exc:
        raise _answer(exc) from None
    return {"release": _release(found.release), "date": found.on, "code": found.code, "text": found.text,
            "packages": [{"varenummer": h.varenummer, "name": h.name, "atc": h.atc, "hjemmel_code": h.hjemmel_code,
                          "group_code": h.group_code, "code": h.code, "conditions": list(h.conditions)}
                         for h in found.hits]}


@router.get("/products/{number}", response_model=ProductOut,
            summary="En vare fra produktlistene (§ 5 / § 6) med maksimal refusjonspris")
def product(session: SessionDep, number: Annotated[str, Path(min_length=1, max_length=50, pattern=ONE_LINE_PATTERN)],
            on: Day = None) -> dict[str, Any]:
    try:
        view = service.product_on(session, number, on or today())
    except service.CatalogError as exc:
        raise _answer(exc) from None
    return {
        "release": _release(view.release), "date": view.on, "number": view.number, "name": view.name,
        "kind": view.kind, "kind_text": view.kind_text, "product_group": view.product_group,
        "product_group_text": view.product_group_text, "hjemmel_code": view.hjemmel_code,
        "requires_decision": bool(view.reimbursements and view.reimbursements[0].requires_decision),
        "per_pack": view.per_pack, "supplier": view.supplier, "max_price_per_pack": _kr(view.max_price_per_pack),
        "max_price_per_unit": _kr(view.max_price_per_unit), "prices": [_price(p) for p in view.prices],
        "conditions": [_condition(c) for r in view.reimbursements for c in r.conditions],
    }


@router.get("/releases", response_model=list[ReleaseOut], summary="FEST-utgavene i katalogen")
def list_releases(session: SessionDep) -> list[dict[str, Any]]:
    return [_release(r) for r in service.releases(session)]
