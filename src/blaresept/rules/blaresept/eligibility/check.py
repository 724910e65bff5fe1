"""The check at dispensing: one prescription line against the catalogue on the dates involved, under the
hjemmel written on it (blåreseptforskriften §§ 2–6), and the general requirements — with every step recorded.

`check_eligibility(request, catalog, params=None) -> EligibilityResult` is pure: the catalogue comes in as
facts (blaresept.catalog.check fills them from the database).
"""

from __future__ import annotations

from blaresept.rules.blaresept.eligibility import general, section2, section3, section4, section5, section6
from blaresept.rules.blaresept.eligibility.facts import CatalogFacts, CheckRequest, EligibilityResult
from blaresept.rules.blaresept.eligibility.hjemmel import read_hjemmel, section_of
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import Step


def _section(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet, code: str) -> SectionOutcome:
    section = section_of(code)
    if section == 2:
        return section2.assess(request, catalog, params)
    if section == 3:
        return section3.assess(request, catalog, params, code)
    if section == 4:
        return section4.assess(request, catalog, params)
    if section == 5:
        return section5.assess(request, catalog, params, code)
    return section6.assess(request, catalog, params, code)


def check_eligibility(request: CheckRequest, catalog: CatalogFacts,
                      params: ParameterSet | None = None) -> EligibilityResult:
    """Whether the line is reimbursable, under which hjemmel, with the vilkår that applied and every reason.

    Raises RuleInputError (bokmål) for input that cannot be (an unknown hjemmel, a prescription written after
    the dispensing) and OutOfScope for a date before 2009."""
    params = params or default_parameters()
    code = read_hjemmel(request.prescription.hjemmel)
    general.check_dates(request)
    section = section_of(code)
    steps: list[Step] = []
    ok = True
    product_step = general.product_step(request, catalog, section)
    steps.append(product_step)
    known = catalog.product is not None
    # § 3 may be decided on a decision naming a varenummer FEST does not have (a non-marketed drug).
    if not known and section != 3:
        return EligibilityResult(False, code, request.prescription.refund_code, (), tuple(steps))
    if not known:
        steps.pop()
    outcome = _section(request, catalog, params, code)
    valid, validity = general.validity_step(request, catalog.product, outcome.condition_facts, params)
    supplied, supply = general.supply_step(request, params)
    member, membership = general.membership_step(request, code)
    steps.extend([validity, supply])
    if membership is not None:
        steps.append(membership)
    steps.extend(outcome.steps)
    undetermined = False
    if not outcome.ok and section != 3:
        unresolved = general.unresolved_step(request, catalog.product)
        if unresolved is not None:
            steps.append(unresolved)
            undetermined = True
    ok = outcome.ok and valid and supplied and member
    return EligibilityResult(
        reimbursable=ok,
        hjemmel_code=outcome.hjemmel_code or code,
        refund_code=outcome.refund_code,
        conditions=outcome.conditions,
        steps=tuple(steps),
        max_refund_price=outcome.max_refund_price,
        copay_exempt=outcome.copay_exempt,
        product=catalog.product,
        undetermined=undetermined,
    )
