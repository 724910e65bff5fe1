"""blåreseptforskriften § 5 – medisinsk forbruksmateriell: goods on Helfo's product list in groups 501–514, with
the maximum refund price; incontinence goods must name their main group on the prescription (Pediatriveileder
13.8.2, 2009: «Inkontinensutstyr (§ 5) må spesifiseres ved at legen oppgir hvilken hovedgruppe produktet
tilhører»; «Det er ikke nødvendig å søke om refusjon»)."""

from __future__ import annotations

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility import goods
from blaresept.rules.blaresept.eligibility.facts import CatalogFacts, CheckRequest, ProductKind
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome, step
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

REF = law.blaresept("§ 5")


def assess(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet, hjemmel_code: str) -> SectionOutcome:
    on = request.dispensed
    hjemler, use = params["blaresept.section5.hjemler"].use(on)
    found = goods.listed(request, catalog, ProductKind.CONSUMABLE, hjemler, hjemmel_code, REF, (use,))
    steps: list[Step] = list(found.steps)
    if found.product is None or found.group is None:
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    product, group = found.product, found.group
    ok = True
    main_groups, main_use = params["blaresept.section5.main_group_hjemler"].use(on)
    if group.hjemmel_code in main_groups:
        named = (request.prescription.product_group or "").strip()
        product_group = product.product_group or group.group_code or ""
        fits = len(named) >= 5 and product_group.startswith(named)
        if fits:
            steps.append(step("blaresept.section5.main_group", REF, on, True,
                              f"Resepten angir hovedgruppen {named}, som varen (produktgruppe {product_group}) hører "
                              "til.", uses=(main_use,)))
        else:
            ok = False
            steps.append(step("blaresept.section5.main_group", REF, on, False,
                              "Inkontinensutstyr må spesifiseres med hovedgruppen produktet tilhører "
                              f"(for denne varen {product_group[:5]} eller {product_group}); resepten angir "
                              + (f"«{named}»." if named else "ingen."), outcome="mangler_hovedgruppe",
                              uses=(main_use,)))
    price, price_step = goods.max_price(product, REF, on)
    steps.append(price_step)
    outcomes, condition_steps, conditions_ok = goods.group_conditions(request, product, group, REF)
    steps.extend(condition_steps)
    return SectionOutcome(ok and conditions_ok, group.hjemmel_code, tuple(steps), outcomes, group.conditions,
                          max_refund_price=price)
