"""blåreseptforskriften § 4 – allmennfarlige smittsomme sykdommer: anti-infectives (ATC J) and
immunostimulants (L03A) for the listed diseases, pre-approved without application; membership of folketrygden
not required; no copay (Pediatriveileder 13.8.2, 2009; the parameters under blaresept/section4/ and
blaresept.exemptions.section4)."""

from __future__ import annotations

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility.facts import CatalogFacts, CheckRequest
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome, step
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, listed, parse_refund_code
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

HJEMMEL = "400"
REF = law.blaresept("§ 4")


def assess(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet) -> SectionOutcome:
    on = request.dispensed
    steps: list[Step] = []
    product = catalog.product
    if product is None:
        return SectionOutcome(False, HJEMMEL, ())
    groups, groups_use = params["blaresept.section4.atc_groups"].use(on)
    atc = product.atc or ""
    group = next((g for g in groups if atc.startswith(g)), None)
    if group is None:
        steps.append(step("blaresept.section4.atc", REF, on, False,
                          f"§ 4 gjelder antiinfektiva og immunstimulerende midler (ATC {', '.join(groups)}); "
                          f"{product.name} har ATC {atc or 'ukjent'}.", uses=(groups_use,)))
        return SectionOutcome(False, HJEMMEL, tuple(steps))
    steps.append(step("blaresept.section4.atc", REF, on, True,
                      f"{product.name} har ATC {atc}, i gruppen {group} som § 4 gjelder.", uses=(groups_use,)))
    diseases, disease_use = params["blaresept.section4.diseases"].use(on)
    text = (request.prescription.refund_code or "").strip()
    if not text:
        steps.append(step("blaresept.section4.disease", REF, on, False,
                          "Resepten etter § 4 må angi sykdommen (refusjonskoden) den gjelder.", outcome="mangler_kode",
                          uses=(disease_use,)))
        return SectionOutcome(False, HJEMMEL, tuple(steps))
    try:
        written = parse_refund_code(text)
    except MalformedCode as exc:
        steps.append(step("blaresept.section4.disease", REF, on, False, str(exc), outcome="ugyldig_kode",
                          uses=(disease_use,)))
        return SectionOutcome(False, HJEMMEL, tuple(steps), refund_code=text)
    entry = listed(written, diseases)
    if entry is None:
        steps.append(step("blaresept.section4.disease", REF, on, False,
                          f"{written.display} er ikke en allmennfarlig smittsom sykdom etter listen § 4 viser til.",
                          outcome="ikke_listet", uses=(disease_use,)))
        return SectionOutcome(False, HJEMMEL, tuple(steps), refund_code=written.display)
    steps.append(step("blaresept.section4.disease", REF, on, True,
                      f"{written.display} er en allmennfarlig smittsom sykdom ({entry} i listen).",
                      uses=(disease_use,)))
    exempt, exempt_use = params["blaresept.exemptions.section4"].use(on)
    if exempt:
        steps.append(step("blaresept.section4.copay", REF, on, True,
                          "Legemidler etter § 4 utleveres uten egenandel.", outcome="fritatt", uses=(exempt_use,)))
    return SectionOutcome(True, HJEMMEL, tuple(steps), refund_code=written.display, copay_exempt=bool(exempt))
