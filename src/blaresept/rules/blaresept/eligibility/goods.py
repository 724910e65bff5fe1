"""What § 5 and § 6 share: the product is on Helfo's product list (its product group linked to a hjemmel of the
section) on the dates, the hjemmel on the prescription fits, the group's vilkår hold, and the maximum refund
price on the date (FEST guide v3.5 § 12; Volven 7403, 7423, 7427)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.money import Ore, format_kr
from blaresept.rules.blaresept.eligibility import conditions as vilkar
from blaresept.rules.blaresept.eligibility.dates import why_not
from blaresept.rules.blaresept.eligibility.facts import (
    CatalogFacts,
    CheckRequest,
    ConditionOutcome,
    ConditionStatus,
    ProductFacts,
    ProductKind,
    ReimbursementFact,
)
from blaresept.rules.blaresept.eligibility.hjemmel import display
from blaresept.rules.blaresept.eligibility.outcome import step
from blaresept.rules.law import LegalReference
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class Listed:
    """The product's reimbursement that holds, or why there is none."""

    product: ProductFacts | None
    group: ReimbursementFact | None
    steps: tuple[Step, ...]


def listed(request: CheckRequest, catalog: CatalogFacts, kind: ProductKind, hjemler: tuple[str, ...],
           written_code: str, reference: LegalReference, uses: tuple[ParameterUse, ...]) -> Listed:
    on = request.dispensed
    product = catalog.product
    section = reference.section
    if product is None:
        return Listed(None, None, ())
    if product.kind is not kind:
        return Listed(product, None, (step(f"blaresept.{_rule(section)}.product", reference, on, False,
                                           f"{product.name} er {_kind_text(product.kind)}; {section} gjelder "
                                           f"{PLURAL[kind]} på Helfos produktliste.", uses=uses),))
    groups = [r for r in product.reimbursements if r.hjemmel_code in hjemler]
    if not groups:
        return Listed(product, None, (step(f"blaresept.{_rule(section)}.listed", reference, on, False,
                                           f"{product.name} står ikke på produktlisten etter {section}.",
                                           uses=uses),))
    written = request.prescription.written
    held = [g for g in groups if why_not(g.link, written, on) is None]
    if not held:
        reason = why_not(groups[0].link, written, on)
        return Listed(product, None, (step(f"blaresept.{_rule(section)}.listed", reference, on, False,
                                           f"{product.name} i produktgruppen {groups[0].group_code}: refusjonen "
                                           f"{reason}.", outcome="ikke_gyldig", uses=uses),))
    group = held[0]
    steps = [step(f"blaresept.{_rule(section)}.listed", reference, on, True,
                  f"{product.name} står på produktlisten i produktgruppen {group.group_code} "
                  f"({group.group_text or ''}) under {display(group.hjemmel_code or '')} på datoen.", uses=uses)]
    if written_code not in ("500", "600") and written_code != group.hjemmel_code:
        steps.append(step(f"blaresept.{_rule(section)}.hjemmel", reference, on, False,
                          f"Resepten er skrevet etter {display(written_code)}, men varen hører til "
                          f"{display(group.hjemmel_code or '')}.", outcome="feil_hjemmel"))
        return Listed(product, None, tuple(steps))
    return Listed(product, group, tuple(steps))


def max_price(product: ProductFacts, reference: LegalReference, on: date) -> tuple[Ore | None, Step]:
    """The maximum refund price per pack on the date: 'P', else 'E' times the units per pack."""
    if product.max_price_per_pack is not None:
        return product.max_price_per_pack, step(
            "blaresept.goods.max_price", reference, on, True,
            f"Maksimal refusjonspris per pakning er {format_kr(product.max_price_per_pack)}.", outcome="makspris")
    if product.max_price_per_unit is not None:
        units = product.per_pack or 1
        amount = product.max_price_per_unit * units
        return amount, step("blaresept.goods.max_price", reference, on, True,
                            f"Maksimal refusjonspris er {format_kr(product.max_price_per_unit)} per enhet, "
                            f"{format_kr(amount)} for pakningen på {units} stk.", outcome="makspris")
    return None, step("blaresept.goods.max_price", reference, on, None,
                      "Katalogen har ingen maksimal refusjonspris for varen på datoen; apoteket må sjekke prisen.",
                      outcome="bekreftes")


def group_conditions(request: CheckRequest, product: ProductFacts, group: ReimbursementFact,
                     reference: LegalReference) -> tuple[tuple[ConditionOutcome, ...], tuple[Step, ...], bool]:
    outcomes, steps = vilkar.assess(group.conditions, request, product, reference)
    return outcomes, steps, all(o.status is not ConditionStatus.UNMET for o in outcomes)


def _rule(section: str) -> str:
    return "section" + section.replace("§", "").strip()


PLURAL = {ProductKind.MEDICINE: "legemidler", ProductKind.CONSUMABLE: "medisinsk forbruksmateriell",
          ProductKind.NUTRITION: "næringsmidler", ProductKind.PROSTHESIS: "brystproteser"}


def _kind_text(kind: ProductKind) -> str:
    return {ProductKind.MEDICINE: "et legemiddel", ProductKind.CONSUMABLE: "medisinsk forbruksmateriell",
            ProductKind.NUTRITION: "et næringsmiddel", ProductKind.PROSTHESIS: "en brystprotese"}[kind]
