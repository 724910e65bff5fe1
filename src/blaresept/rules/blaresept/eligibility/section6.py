"""blåreseptforskriften § 6 – næringsmidler on Helfo's product lists: point 3 (phenylketonuria, hjemmel 603)
without a decision, points 1, 2 and 4 only with an individual decision; point 2 only for children under 10;
milk substitutes of free amino acids (6010702, 6020602, 6040702) only with the article group on the
prescription (Pediatriveileder 13.8.2, 2009; Helfo, søknad om individuell stønad, after 2018).

From 2025-12-01 (FOR-2025-04-02-577) there is no age limit, and every case needs an approval except congenital
metabolic diseases; the Volven 7427 codes of the new grounds are not known, so the check keeps the codes it has
(603 without a decision — phenylketonuria is such a disease — the others, and 600, with one)."""

from __future__ import annotations

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility import goods
from blaresept.rules.blaresept.eligibility.facts import (
    CatalogFacts,
    CheckRequest,
    IndividualDecision,
    ProductFacts,
    ProductKind,
)
from blaresept.rules.blaresept.eligibility.hjemmel import display, read_hjemmel
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome, step
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

REF = law.blaresept("§ 6")


def _covers(decision: IndividualDecision, request: CheckRequest, product: ProductFacts, hjemmel: str) -> bool:
    try:
        code = decision.hjemmel_code or read_hjemmel(decision.hjemmel)
    except RuleInputError:
        return False
    if not code.startswith("6") or (code != "600" and code != hjemmel):
        return False
    on = request.dispensed
    if decision.valid_from > on or (decision.valid_to is not None and on > decision.valid_to):
        return False
    if decision.varenummer:
        return decision.varenummer.strip() == product.number
    if decision.product_group:
        return (product.product_group or "").startswith(decision.product_group.strip())
    return code == hjemmel  # a decision for the whole point


def assess(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet, hjemmel_code: str) -> SectionOutcome:
    on = request.dispensed
    hjemler, use = params["blaresept.section6.hjemler"].use(on)
    found = goods.listed(request, catalog, ProductKind.NUTRITION, hjemler, hjemmel_code, REF, (use,))
    steps: list[Step] = list(found.steps)
    if found.product is None or found.group is None:
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    product, group = found.product, found.group
    point = group.hjemmel_code or hjemmel_code
    ok = True
    needs_decision, decision_use = params["blaresept.section6.decision_hjemler"].use(on)
    if point in needs_decision:
        covering = [d for d in request.decisions if _covers(d, request, product, point)]
        if covering:
            decision = covering[0]
            steps.append(step("blaresept.section6.decision", REF, on, True,
                              "Pasienten har individuelt vedtak" + (f" {decision.reference}" if decision.reference
                                                                     else "")
                              + f" etter {display(point)} som dekker varen på datoen.", uses=(decision_use,)))
        else:
            ok = False
            steps.append(step("blaresept.section6.decision", REF, on, False,
                              f"Næringsmidler etter {display(point)} gis bare med individuelt vedtak fra Helfo, og "
                              f"pasienten har ikke noe vedtak som dekker {product.name} på {on.isoformat()}.",
                              outcome="mangler_vedtak", uses=(decision_use,)))
    else:
        steps.append(step("blaresept.section6.decision", REF, on, True,
                          f"Næringsmidler etter {display(point)} forskrives direkte på blå resept uten vedtak.",
                          uses=(decision_use,)))
    limit, age_use = params["individual.nutrition.child_age_point2"].use(on)
    if point == "602" and limit is not None:  # no age limit in § 6 from 2025-12-01
        age = age_on(request.patient.birth_date, on)
        young = age < limit
        ok = ok and young
        steps.append(step("blaresept.section6.age", law.blaresept("§ 6", point="punkt 2"), on, young,
                          f"§ 6 punkt 2 gjelder barn under {limit} år; pasienten er {age} år.", uses=(age_use,)))
    groups, group_use = params["blaresept.section6.article_groups"].use(on)
    if product.product_group in groups:
        named = (request.prescription.product_group or "").strip()
        if named == product.product_group:
            steps.append(step("blaresept.section6.article_group", REF, on, True,
                              f"Resepten angir artikkelgruppen {named}, som kreves for denne varen.",
                              uses=(group_use,)))
        else:
            ok = False
            steps.append(step("blaresept.section6.article_group", REF, on, False,
                              f"Varer i artikkelgruppen {product.product_group} kan ikke utleveres uten at "
                              "artikkelgruppen står på resepten; resepten angir "
                              + (f"«{named}»." if named else "ingen."), outcome="mangler_artikkelgruppe",
                              uses=(group_use,)))
    price, price_step = goods.max_price(product, REF, on)
    steps.append(price_step)
    outcomes, condition_steps, conditions_ok = goods.group_conditions(request, product, group, REF)
    steps.extend(condition_steps)
    return SectionOutcome(ok and conditions_ok, point, tuple(steps), outcomes, group.conditions,
                          max_refund_price=price)
