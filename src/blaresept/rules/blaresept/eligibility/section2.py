"""blåreseptforskriften § 2 – forhåndsgodkjent refusjon: the package is on the reimbursement list for the refund
code on the prescription, on the dates involved, and the vilkår attached to the code hold.

The package's link to its reimbursement group and the refund code must both hold (FEST guide v3.5 § 6.4.1):
the date written against GyldigFraDato and ForskrivesTilDato, the dispensing date against UtleveresTilDato.
A code is required where the group demands it (KreverRefusjonskode). «alle vilkår må være oppfylt for at et
legemiddel skal være godkjent for refusjon på aktuell refusjonskode» (Pediatriveileder 13.8.2, 2009).
"""

from __future__ import annotations

from datetime import date

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility import conditions as vilkar
from blaresept.rules.blaresept.eligibility.dates import holds, in_period, why_not
from blaresept.rules.blaresept.eligibility.facts import (
    CatalogFacts,
    CheckRequest,
    ConditionFact,
    ConditionStatus,
    ProductKind,
    RefundCodeFact,
    ReimbursementFact,
)
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome, step
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, matches, parse_refund_code
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

HJEMMEL = "200"
H_RESEPT = "950"
REF = law.blaresept("§ 2")


def _fail(steps: list[Step], code: str | None = None) -> SectionOutcome:
    return SectionOutcome(False, HJEMMEL, tuple(steps), refund_code=code)


def attached(code: RefundCodeFact, on: date) -> tuple[ConditionFact, ...]:
    """The vilkår attached to a refund code on the dispensing date (FraDato–TilDato)."""
    return tuple(c for c in code.conditions if in_period(c.attached_from, c.attached_to, on))


def assess(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet) -> SectionOutcome:
    """§ 2 for one prescription line (params is unused: § 2 is decided by the catalogue)."""
    del params
    on = request.dispensed
    written = request.prescription.written
    product = catalog.product
    steps: list[Step] = []
    if product is None:
        return _fail(steps)
    if product.kind is not ProductKind.MEDICINE:
        steps.append(step("blaresept.section2.product", REF, on, False,
                          f"{product.name} er ikke et legemiddel; § 2 gjelder legemidler på refusjonslisten "
                          "(forbruksmateriell og næringsmidler gis etter § 5 og § 6)."))
        return _fail(steps)
    groups = [r for r in product.reimbursements if r.hjemmel_code == HJEMMEL]
    if not groups and any(holds(u.link, written, on) for u in product.unresolved):
        return _fail(steps)  # a group the file lacks may be the § 2 group: the check says «kan ikke avgjøres»
    if not groups:
        h_prescription = any(r.hjemmel_code == H_RESEPT for r in product.reimbursements)
        text = (f"{product.name} er et H-reseptlegemiddel: det finansieres av helseforetaket og gis ikke på blå "
                "resept etter § 2." if h_prescription else
                f"{product.name} har ingen forhåndsgodkjent refusjon (§ 2) i katalogen.")
        steps.append(step("blaresept.section2.listed", REF, on, False, text, outcome="ikke_på_listen"))
        return _fail(steps)
    held: list[ReimbursementFact] = []
    for group in groups:
        reason = why_not(group.link, written, on)
        if reason is None:
            held.append(group)
        else:
            steps.append(step("blaresept.section2.link", REF, on, False,
                              f"Pakningens refusjon i gruppen {group.group_code} {reason}.", outcome="ikke_gyldig",
                              inputs={"group": group.group_code}))
    if not held:
        return _fail(steps)
    names = ", ".join(g.group_code or "?" for g in held)
    steps.append(step("blaresept.section2.link", REF, on, True,
                      f"Pakningen har forhåndsgodkjent refusjon i refusjonsgruppen {names} på datoene (skrevet "
                      f"{written.isoformat()}, utlevert {on.isoformat()}).", inputs={"groups": names}))

    text = (request.prescription.refund_code or "").strip()
    if not text:
        demanding = [g for g in held if g.requires_code]
        if demanding:
            steps.append(step("blaresept.section2.code", REF, on, False,
                              f"Resepten mangler refusjonskode, og refusjonsgruppen {demanding[0].group_code} krever "
                              "refusjonskode.", outcome="mangler_kode"))
            return _fail(steps)
        group = held[0]
        steps.append(step("blaresept.section2.code", REF, on, True,
                          f"Refusjonsgruppen {group.group_code} krever ikke refusjonskode."))
        return _conditions(request, catalog, steps, group, group.conditions, None)
    try:
        written_code = parse_refund_code(text)
    except MalformedCode as exc:
        steps.append(step("blaresept.section2.code", REF, on, False, f"{exc} Refusjon kan ikke gis på koden.",
                          outcome="ugyldig_kode", inputs={"refund_code": text}))
        return _fail(steps, text)
    found = [(g, c) for g in held for c in g.codes if matches(written_code, c.system, c.code)]
    if not found:
        steps.append(step("blaresept.section2.code", REF, on, False,
                          f"Refusjonskoden {written_code.display} gir ikke refusjon for {product.name} "
                          f"(refusjonsgruppe {names}).", outcome="ikke_refusjonskode",
                          inputs={"refund_code": text}))
        return _fail(steps, written_code.display)
    valid = [(g, c) for g, c in found if why_not(c.validity, written, on) is None]
    if not valid:
        group, code = found[0]
        steps.append(step("blaresept.section2.code", REF, on, False,
                          f"Refusjonskoden {code.code} ({code.text or ''}) i gruppen {group.group_code} "
                          f"{why_not(code.validity, written, on)}.", outcome="ikke_gyldig",
                          inputs={"refund_code": text}))
        return _fail(steps, written_code.display)
    group, code = valid[0]
    since = code.validity.valid_from.isoformat() if code.validity.valid_from else "–"
    steps.append(step("blaresept.section2.code", REF, on, True,
                      f"Refusjonskoden {code.code} {code.text or ''} gir refusjon i gruppen {group.group_code} "
                      f"på datoene (gyldig fra {since}).", inputs={"refund_code": text},
                      outputs={"code": code.code, "system": code.system}))
    return _conditions(request, catalog, steps, group, attached(code, on) + group.conditions, code.code)


def _conditions(request: CheckRequest, catalog: CatalogFacts, steps: list[Step], group: ReimbursementFact,
                facts: tuple[ConditionFact, ...], code: str | None) -> SectionOutcome:
    outcomes, condition_steps = vilkar.assess(facts, request, catalog.product, REF)
    steps.extend(condition_steps)
    ok = all(o.status is not ConditionStatus.UNMET for o in outcomes)
    if not facts:
        steps.append(step("blaresept.section2.conditions", REF, request.dispensed, True,
                          "Ingen vilkår er knyttet til refusjonskoden på datoen."))
    return SectionOutcome(ok, HJEMMEL, tuple(steps), outcomes, facts, code)
