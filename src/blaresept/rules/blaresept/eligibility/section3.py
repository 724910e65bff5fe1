"""blåreseptforskriften § 3 – individuell stønad: only with an individual decision for this patient that covers
the drug on the dispensing date; hjemmel 300 from 2018, the legacy § 3a/§ 3b (301/302) still accepted.

«Du trenger ikke skrive refusjonskode på resepten når pasienten har et individuelt vedtak etter § 3»; under the
transitional scheme «skal angi § 3a (refusjonshjemmel 301) og refusjonskode» (Helfo, søknad om individuell
stønad, after 2018). A hospital pharmacy may dispense one month's supply before the decision to a patient
discharged from hospital, with the discharge date on the prescription (Pediatriveileder 13.8.2, 2009).
"""

from __future__ import annotations

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility.facts import CatalogFacts, CheckRequest, IndividualDecision
from blaresept.rules.blaresept.eligibility.general import add_months
from blaresept.rules.blaresept.eligibility.hjemmel import display, read_hjemmel
from blaresept.rules.blaresept.eligibility.outcome import SectionOutcome, step
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, WrittenCode, parse_refund_code
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

REF = law.blaresept("§ 3")
LEGACY = ("301", "302")


def _covers(decision: IndividualDecision, request: CheckRequest, catalog: CatalogFacts) -> bool:
    try:
        code = decision.hjemmel_code or read_hjemmel(decision.hjemmel)
    except RuleInputError:
        return False
    if not code.startswith("3"):
        return False
    on = request.dispensed
    if decision.valid_from > on or (decision.valid_to is not None and on > decision.valid_to):
        return False
    number = catalog.product.number if catalog.product else catalog.looked_up
    if decision.varenummer and decision.varenummer.strip() == number:
        return True
    atc = catalog.product.atc if catalog.product else None
    return bool(decision.atc and atc and atc.startswith(decision.atc.strip().upper()))


def assess(request: CheckRequest, catalog: CatalogFacts, params: ParameterSet, hjemmel_code: str) -> SectionOutcome:
    on = request.dispensed
    steps: list[Step] = []
    accepted, use = params["blaresept.section3.hjemler"].use(on)
    if hjemmel_code not in accepted:
        steps.append(step("blaresept.section3.hjemmel", REF, on, False,
                          f"Hjemmelen {display(hjemmel_code)} ({hjemmel_code}) kan ikke brukes på "
                          f"{on.isoformat()}; gyldige hjemler for individuell stønad er da "
                          f"{', '.join(display(c) + ' (' + c + ')' for c in accepted)}.", uses=(use,)))
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    steps.append(step("blaresept.section3.hjemmel", REF, on, True,
                      f"Hjemmelen {display(hjemmel_code)} ({hjemmel_code}) gjelder for individuell stønad på datoen.",
                      uses=(use,)))
    covering = [d for d in request.decisions if _covers(d, request, catalog)]
    what = catalog.product.name if catalog.product else f"varenummer {catalog.looked_up}"
    if covering:
        decision = covering[0]
        scope = (f"varenummer {decision.varenummer}" if decision.varenummer else f"ATC {decision.atc}")
        steps.append(step("blaresept.section3.decision", REF, on, True,
                          "Pasienten har individuelt vedtak" + (f" {decision.reference}" if decision.reference else "")
                          + f" for {scope}, gyldig fra {decision.valid_from.isoformat()}"
                          + (f" til {decision.valid_to.isoformat()}" if decision.valid_to else "")
                          + f", som dekker {what} på datoen.",
                          inputs={"decisions": len(request.decisions)}, outputs={"reference": decision.reference}))
        return _legacy_code(request, hjemmel_code, decision, steps)
    return _hospital_bridge(request, params, hjemmel_code, what, steps)


def _legacy_code(request: CheckRequest, hjemmel_code: str, decision: IndividualDecision,
                 steps: list[Step]) -> SectionOutcome:
    """§ 3a/§ 3b prescriptions carry the refund code of the decision; § 3 (300) needs none. Where the prescription's
    code differs from the decision's, the step names the code to register: the decision's."""
    on = request.dispensed
    text = (request.prescription.refund_code or "").strip()
    if hjemmel_code not in LEGACY:
        wanted = _decision_code(decision)
        if text and wanted is not None and not _same_code(text, wanted):
            steps.append(step(
                "blaresept.section3.code", REF, on, True,
                f"Resepter etter § 3 trenger ikke refusjonskode når pasienten har vedtak, men koden på resepten "
                f"({_shown(text)}) er ikke koden vedtaket gjelder. Registrer vedtakets kode {wanted.display}.",
                outcome="vedtakets_kode", inputs={"refund_code": text},
                outputs={"register": wanted.display}))
            return SectionOutcome(True, hjemmel_code, tuple(steps), refund_code=wanted.display)
        steps.append(step("blaresept.section3.code", REF, on, True,
                          "Resepter etter § 3 trenger ikke refusjonskode når pasienten har vedtak."))
        return SectionOutcome(True, hjemmel_code, tuple(steps), refund_code=text or None)
    if not text:
        steps.append(step("blaresept.section3.code", REF, on, False,
                          f"Resepter etter {display(hjemmel_code)} må ha refusjonskode.", outcome="mangler_kode"))
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    try:
        written = parse_refund_code(text)
        wanted = parse_refund_code(decision.refund_code) if decision.refund_code else None
    except MalformedCode as exc:
        steps.append(step("blaresept.section3.code", REF, on, False, str(exc), outcome="ugyldig_kode"))
        return SectionOutcome(False, hjemmel_code, tuple(steps), refund_code=text)
    if wanted is not None and (wanted.system, wanted.key[:3]) != (written.system, written.key[:3]):
        steps.append(step("blaresept.section3.code", REF, on, False,
                          f"Refusjonskoden {written.display} på resepten er ikke koden vedtaket gjelder. Registrer "
                          f"vedtakets kode {wanted.display} på resepten.", outcome="feil_kode",
                          inputs={"refund_code": text}, outputs={"register": wanted.display}))
        return SectionOutcome(False, hjemmel_code, tuple(steps), refund_code=written.display)
    steps.append(step("blaresept.section3.code", REF, on, True,
                      f"Resepten etter {display(hjemmel_code)} har refusjonskoden {written.display}."))
    return SectionOutcome(True, hjemmel_code, tuple(steps), refund_code=written.display)


def _decision_code(decision: IndividualDecision) -> WrittenCode | None:
    """The decision's refund code, or None when it has none (or one that cannot be read)."""
    try:
        return parse_refund_code(decision.refund_code) if decision.refund_code else None
    except MalformedCode:
        return None


def _same_code(text: str, wanted: WrittenCode) -> bool:
    try:
        written = parse_refund_code(text)
    except MalformedCode:
        return False
    return (written.system, written.key[:3]) == (wanted.system, wanted.key[:3])


def _shown(text: str) -> str:
    try:
        return parse_refund_code(text).display
    except MalformedCode:
        return text


def _hospital_bridge(request: CheckRequest, params: ParameterSet, hjemmel_code: str, what: str,
                     steps: list[Step]) -> SectionOutcome:
    on = request.dispensed
    line = request.prescription
    months, use = params["blaresept.section3.hospital_supply_months"].use(on)
    if not request.hospital_pharmacy or line.discharge_date is None:
        missing = ("utleveringen er ikke fra et sykehusapotek" if not request.hospital_pharmacy
                   else "resepten har ikke utskrivningsdato")
        steps.append(step("blaresept.section3.decision", REF, on, False,
                          f"Pasienten har ikke noe individuelt vedtak etter § 3 som dekker {what} på "
                          f"{on.isoformat()}, og unntaket for sykehusapotek gjelder ikke ({missing}).",
                          outcome="mangler_vedtak", inputs={"decisions": len(request.decisions)}, uses=(use,)))
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    if line.discharge_date > on:
        steps.append(step("blaresept.section3.hospital", REF, on, False,
                          f"Utskrivningsdatoen {line.discharge_date.isoformat()} ligger etter utleveringen.",
                          uses=(use,)))
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    limit = (add_months(on, months) - on).days
    if line.supply_days is not None and line.supply_days > limit:
        steps.append(step("blaresept.section3.hospital", REF, on, False,
                          f"Før vedtaket kan sykehusapoteket utlevere høyst {months} måneds forbruk ({limit} dager); "
                          f"utleveringen dekker {line.supply_days} dager.", uses=(use,)))
        return SectionOutcome(False, hjemmel_code, tuple(steps))
    amount = (f"{line.supply_days} dager, innenfor {months} måneds forbruk" if line.supply_days is not None
              else f"høyst {months} måneds forbruk ({limit} dager) – apoteket må holde seg innenfor")
    steps.append(step("blaresept.section3.hospital", REF, on, True,
                      f"Ingen vedtak ennå, men sykehusapoteket kan utlevere {amount} før vedtaket til pasienten som "
                      f"ble skrevet ut {line.discharge_date.isoformat()}. Avslås søknaden, må pasienten betale "
                      "senere utleveringer selv.", outcome="sykehusapotek", uses=(use,)))
    return SectionOutcome(True, hjemmel_code, tuple(steps))
