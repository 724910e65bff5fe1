"""The check at dispensing against the catalogue: fills the rules core's facts from the FEST release in force on
the dispensing date — the product with every reimbursement link, refund code and vilkår *and their dates* — and
runs blaresept.rules.blaresept.eligibility.check.check_eligibility.

    check_prescription(session, request: CheckRequest, params=None) -> EligibilityResult
    catalog_facts(session, dispensed, *, varenummer=None, product_number=None) -> CatalogFacts
    counter_check(session, request: DispenseRequest, person) -> list[Step]     # the counter's CheckHook
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.catalog import codes, service
from blaresept.catalog import tables as t
from blaresept.rules.blaresept.eligibility.check import check_eligibility
from blaresept.rules.blaresept.eligibility.dates import Validity
from blaresept.rules.blaresept.eligibility.facts import (
    CatalogFacts,
    CheckRequest,
    CodedValue,
    ConditionFact,
    EligibilityResult,
    IndividualDecision,
    PatientFacts,
    PrescriberFacts,
    PrescriptionLine,
    ProductFacts,
    ProductKind,
    RefundCodeFact,
    ReimbursementFact,
    Specialty,
    StructuredRequirement,
    ValidityFact,
)
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

KINDS = {"forbruksmateriell": ProductKind.CONSUMABLE, "naringsmiddel": ProductKind.NUTRITION,
         "brystprotese": ProductKind.PROSTHESIS}


def _condition(row: t.Condition, attached_from: date | None = None, attached_to: date | None = None) -> ConditionFact:
    return ConditionFact(
        number=row.number,
        text=row.text,
        applies_to=row.applies_to_code,
        structured=tuple(
            StructuredRequirement(
                type_code=str(part.get("type")),
                type_text=part.get("type_text") or codes.volven()["7439"].get(str(part.get("type")), ""),
                values=tuple(CodedValue(v.get("code"), v.get("text")) for v in part.get("values", [])),
                texts=tuple(part.get("texts", [])),
            )
            for part in row.structured or []
        ),
        attached_from=attached_from,
        attached_to=attached_to,
    )


def _reimbursements(session: Session, release_id: int, links: list[Any]) -> tuple[ReimbursementFact, ...]:
    """Every link with its group, codes and vilkår — unfiltered: the rules decide what holds on the dates."""
    group_ids = {link.group_fest_id for link in links}
    if not group_ids:
        return ()
    groups = {g.fest_id: g for g in session.scalars(select(t.ReimbursementGroup).where(
        t.ReimbursementGroup.release_id == release_id, t.ReimbursementGroup.fest_id.in_(group_ids)))}
    code_rows = list(session.scalars(select(t.RefundCode).where(
        t.RefundCode.release_id == release_id, t.RefundCode.group_fest_id.in_(group_ids))
        .order_by(t.RefundCode.group_fest_id, t.RefundCode.position)))
    code_links = list(session.scalars(select(t.RefundCodeCondition).where(
        t.RefundCodeCondition.release_id == release_id, t.RefundCodeCondition.group_fest_id.in_(group_ids))))
    group_links = list(session.scalars(select(t.GroupCondition).where(
        t.GroupCondition.release_id == release_id, t.GroupCondition.group_fest_id.in_(group_ids))))
    wanted = {c.condition_fest_id for c in code_links} | {c.condition_fest_id for c in group_links}
    rows = {c.fest_id: c for c in session.scalars(select(t.Condition).where(
        t.Condition.release_id == release_id, t.Condition.fest_id.in_(wanted)))} if wanted else {}
    out = []
    for link in links:
        group = groups.get(link.group_fest_id)
        if group is None:
            continue
        group_codes = tuple(
            RefundCodeFact(
                system=codes.system_of(code.code_system, code.code).value,
                code=code.code,
                text=code.code_text or codes.code_text(codes.system_of(code.code_system, code.code), code.code),
                validity=Validity(code.valid_from, code.prescribe_until, code.dispense_until),
                conditions=tuple(
                    _condition(rows[c.condition_fest_id], c.valid_from, c.valid_to) for c in code_links
                    if c.group_fest_id == group.fest_id and c.code_position == code.position
                    and c.condition_fest_id in rows
                ),
            )
            for code in code_rows if code.group_fest_id == group.fest_id
        )
        out.append(ReimbursementFact(
            hjemmel_code=group.hjemmel_code, hjemmel_text=group.hjemmel_text, group_code=group.group_code,
            group_text=group.group_text, requires_code=group.requires_refund_code,
            requires_decision=group.requires_decision,
            link=Validity(link.valid_from, link.prescribe_until, link.dispense_until), codes=group_codes,
            conditions=tuple(_condition(rows[c.condition_fest_id]) for c in group_links
                             if c.group_fest_id == group.fest_id and c.condition_fest_id in rows),
        ))
    return tuple(out)


def catalog_facts(session: Session, dispensed: date, *, varenummer: str | None = None,
                  product_number: str | None = None) -> CatalogFacts:
    """What the release in force on the dispensing date says about a package or a § 5 / § 6 product.
    Raises service.EmptyCatalog when nothing has been imported."""
    release = service.release_on(session, dispensed)
    if varenummer:
        package = service.find_package(session, release.id, varenummer)
        if package is None:
            return CatalogFacts(varenummer.strip(), None, release.hentet, release.after_date)
        brand = session.scalar(select(t.Brand).where(t.Brand.release_id == release.id,
                                                     t.Brand.fest_id == package.brand_fest_id)) \
            if package.brand_fest_id else None
        links = list(session.scalars(select(t.PackageReimbursement).where(
            t.PackageReimbursement.release_id == release.id,
            t.PackageReimbursement.package_fest_id == package.fest_id)))
        product = ProductFacts(
            kind=ProductKind.MEDICINE, number=package.varenummer, name=package.name, atc=package.atc,
            validity=tuple(ValidityFact(v["duration"], v.get("sex")) for v in (brand.validity if brand else [])),
            reimbursements=_reimbursements(session, release.id, links),
        )
        return CatalogFacts(package.varenummer, product, release.hentet, release.after_date)
    number = (product_number or "").strip()
    item = service.find_goods(session, release.id, number)
    if item is None:
        return CatalogFacts(number, None, release.hentet, release.after_date)
    links = list(session.scalars(select(t.GoodsReimbursement).where(
        t.GoodsReimbursement.release_id == release.id, t.GoodsReimbursement.goods_number == item.number)))
    reimbursements = _reimbursements(session, release.id, links)
    prices = service.prices_on(session.scalars(select(t.GoodsPrice).where(
        t.GoodsPrice.release_id == release.id, t.GoodsPrice.goods_number == item.number)), dispensed)
    product = ProductFacts(
        kind=KINDS.get(item.kind, ProductKind.CONSUMABLE), number=item.number, name=item.name,
        product_group=next((r.group_code for r in reimbursements if r.group_code), None),
        reimbursements=reimbursements,
        max_price_per_pack=next((p.amount for p in prices if p.kind == "maks_per_pakning"), None),
        max_price_per_unit=next((p.amount for p in prices if p.kind == "maks_per_enhet"), None),
        per_pack=item.per_pack,
    )
    return CatalogFacts(item.number, product, release.hentet, release.after_date)


def check_prescription(session: Session, request: CheckRequest,
                       params: ParameterSet | None = None) -> EligibilityResult:
    """The check of one prescription line against the catalogue on the dispensing date (see the module text).
    Raises RuleInputError for impossible input and service.EmptyCatalog when no catalogue is loaded."""
    line = request.prescription
    if not line.varenummer and not line.product_number:
        raise RuleInputError("Resepten må angi et varenummer (legemiddel) eller et produktnummer (§ 5 / § 6).")
    facts = catalog_facts(session, request.dispensed, varenummer=line.varenummer, product_number=line.product_number)
    return check_eligibility(request, facts, params)


@dataclass(frozen=True)
class LineCheck:
    """The check of one dispensed line with a varenummer: where it stands on the prescription, and the result."""

    prescription: int
    line: int
    varenummer: str
    result: EligibilityResult


def check_dispensing(session: Session, request: Any, fnr: str, birth_date: date) -> list[LineCheck]:
    """Every line of a DispenseRequest with a varenummer, checked against the catalogue on the dispensing date
    with the patient's granted individual decisions; lines without a varenummer are not checked."""
    if not any(line.varenummer for prescription in request.prescriptions for line in prescription.lines):
        return []
    decisions = _granted(session, fnr, request.date)
    checks = []
    for number, prescription in enumerate(request.prescriptions, start=1):
        for index, line in enumerate(prescription.lines, start=1):
            if not line.varenummer:
                continue
            checks.append(LineCheck(number, index, line.varenummer, check_prescription(session, CheckRequest(
                dispensed=request.date,
                patient=PatientFacts(birth_date),
                prescriber=_prescriber(prescription),
                prescription=PrescriptionLine(written=prescription.written, hjemmel=str(prescription.hjemmel),
                                              varenummer=line.varenummer, refund_code=prescription.refund_code,
                                              instituted_by=prescription.instituted_by,
                                              supply_days=getattr(line, "supply_days", None)),
                decisions=decisions,
            ))))
    return checks


def counter_check(session: Session, request: Any, person: Any) -> list[Step]:
    """The counter's CheckHook (blaresept.counter.service.CheckHook): every line with a varenummer is checked
    against the catalogue; RuleInputError (bokmål) when one is not reimbursable. Vilkår on the prescriber's
    specialties or hospital are decided when the request gives them, and left to the pharmacy to confirm when not."""
    steps: list[Step] = []
    for check in check_dispensing(session, request, person.fnr, person.birth_date):
        if not check.result.reimbursable:
            raise RuleInputError(f"Resept {check.prescription}, varenummer {check.varenummer}: "
                                 + " ".join(check.result.reasons or ("Ikke refusjonsberettiget.",)))
        steps.extend(check.result.steps)
    return steps


def _prescriber(prescription: Any) -> PrescriberFacts:
    """What the counter knows of the prescriber: specialties (Volven 7426 codes) and hospital, when given;
    unknown facts leave specialist vilkår to the pharmacy to confirm."""
    specialties = prescription.prescriber_specialties
    return PrescriberFacts(
        hpr=prescription.prescriber,
        specialties=None if specialties is None else tuple(
            Specialty(code, codes.specialty_name(code) or code) for code in specialties),
        hospital=prescription.prescriber_hospital,
    )


def _granted(session: Session, fnr: str, on: date) -> tuple[IndividualDecision, ...]:
    """The patient's granted individual decisions from Helfo case handling, when that domain is present."""
    try:
        from blaresept.cases.stonader.individual.granted import granted_decisions
    except ImportError:  # pragma: no cover - case handling not installed
        return ()
    return tuple(
        IndividualDecision(hjemmel=d.hjemmel, hjemmel_code=d.hjemmel_code, atc=d.atc, varenummer=d.varenummer,
                           product_group=d.product_group, refund_code=d.refund_code, valid_from=d.valid_from,
                           valid_to=d.valid_to, reference=d.case_reference)
        for d in granted_decisions(session, fnr, on)
    )
