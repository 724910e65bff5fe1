"""Vilkår: each numbered condition attached to a refund code (or to a § 5 / § 6 product group) is decided from
the data where it has structured parts, and otherwise left to the pharmacy to confirm — or, when it applies to
the prescriber only, taken as the prescriber's responsibility.

Structured conditions: FEST implementation guide v3.5 § 5.8 and Volven 7439. Age in completed years on the
dispensing date. "Instituted by" may be shown by the prescriber's own specialty or by the note on the
prescription of who instituted the treatment, which the pharmacy checks (Pediatriveileder 13.8.2, 2009:
«skal legen påføre resepten hvilken institusjon/spesialist som har instituert behandlingen. Slik påtegning
skal kontrolleres av apoteket»); "prescribed by" only by the prescriber («kreves det at resepten skrives ut av
spesialist … hver gang resepten fornyes»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from blaresept.rules.blaresept.eligibility.facts import (
    STATUS_TEXT,
    CheckRequest,
    ConditionFact,
    ConditionOutcome,
    ConditionStatus,
    ProductFacts,
    StructuredRequirement,
)
from blaresept.rules.blaresept.eligibility.outcome import step
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.law import LegalReference
from blaresept.rules.steps import Step

HOSPITAL_WORDS = ("sykehus", "poliklinikk", "helseforetak", "klinikk")
SEXES = {"1": "mann", "2": "kvinne"}
Decision = tuple[ConditionStatus, str]


def _letters(text: str) -> str:
    return re.sub(r"[^a-zæøå]", "", text.casefold())


def _names_in_note(note: str | None, names: Sequence[str]) -> str | None:
    """The first specialty named in the note (its full name, or its last word when that is a long word)."""
    if not note:
        return None
    haystack = _letters(note)
    for name in names:
        words = name.split()
        candidates = {_letters(name)}
        if len(words) > 1 and len(_letters(words[-1])) >= 6:
            candidates.add(_letters(words[-1]))
        if any(c and c in haystack for c in candidates):
            return name
    return None


def _hospital_in_note(note: str | None) -> bool:
    text = (note or "").casefold()
    return any(word in text for word in HOSPITAL_WORDS) or bool(re.search(r"\bhf\b", text))


def _number(requirement: StructuredRequirement) -> int | None:
    for text in requirement.texts:
        if text.strip().isdigit():
            return int(text.strip())
    return None


def _specialist(requirement: StructuredRequirement, request: CheckRequest, note_counts: bool) -> Decision:
    wanted = {v.code for v in requirement.values if v.code}
    names = [v.text or v.code or "" for v in requirement.values]
    listed = ", ".join(n.lower() for n in names)
    specialties = request.prescriber.specialties
    if specialties is not None:
        own = [s for s in specialties if s.code in wanted or _letters(s.name) in {_letters(n) for n in names}]
        if own:
            return ConditionStatus.MET, f"forskriveren er spesialist i {own[0].name.lower()}"
    if note_counts:
        named = _names_in_note(request.prescription.instituted_by, names)
        if named:
            return ConditionStatus.MET, (f"resepten er påtegnet at behandlingen er instituert av spesialist i "
                                         f"{named.lower()} («{request.prescription.instituted_by}»)")
    if specialties is None and (not note_counts or not request.prescription.instituted_by):
        return ConditionStatus.TO_CONFIRM, f"forskriverens spesialitet er ikke kjent (krav: {listed})"
    who = "forskriveren eller påtegningen om instituering" if note_counts else "forskriveren"
    return ConditionStatus.UNMET, f"verken {who} viser spesialist i {listed}"


def _hospital(request: CheckRequest, note_counts: bool) -> Decision:
    if request.prescriber.hospital:
        return ConditionStatus.MET, "resepten er skrevet på sykehus"
    if note_counts and _hospital_in_note(request.prescription.instituted_by):
        note = request.prescription.instituted_by
        return ConditionStatus.MET, f"påtegningen viser instituering på sykehus («{note}»)"
    if request.prescriber.hospital is None and not (note_counts and request.prescription.instituted_by):
        return ConditionStatus.TO_CONFIRM, "det er ikke kjent om forskriveren arbeider på sykehus"
    return ConditionStatus.UNMET, "resepten er ikke skrevet på sykehus" + (
        " og påtegningen viser ikke sykehus" if note_counts else "")


def _either(first: Decision, second: Decision) -> Decision:
    for decision in (first, second):
        if decision[0] is ConditionStatus.MET:
            return decision
    for decision in (first, second):
        if decision[0] is ConditionStatus.TO_CONFIRM:
            return decision
    return ConditionStatus.UNMET, f"{first[1]}, og {second[1]}"


def decide(requirement: StructuredRequirement, request: CheckRequest, product: ProductFacts | None,
           on: date) -> Decision:
    """One structured requirement decided from the data, with the reason (bokmål)."""
    kind = requirement.type_code
    line = request.prescription
    if kind in ("1", "2"):
        limit = _number(requirement)
        age = age_on(request.patient.birth_date, on)
        if limit is None:
            return ConditionStatus.TO_CONFIRM, f"aldersgrensen «{', '.join(requirement.texts)}» kan ikke leses"
        met = age >= limit if kind == "1" else age < limit
        rule = f"minst {limit} år" if kind == "1" else f"under {limit} år"
        return (ConditionStatus.MET if met else ConditionStatus.UNMET), f"pasienten er {age} år (krav: {rule})"
    if kind == "3":
        wanted = SEXES.get(requirement.values[0].code or "") if requirement.values else None
        if wanted is None or request.patient.sex is None:
            return ConditionStatus.TO_CONFIRM, "pasientens kjønn er ikke kjent"
        met = request.patient.sex == wanted
        return (ConditionStatus.MET if met else ConditionStatus.UNMET), (
            f"pasienten er {request.patient.sex} (krav: {wanted})")
    if kind == "4":
        return _specialist(requirement, request, note_counts=True)
    if kind == "5":
        return _hospital(request, note_counts=True)
    if kind == "7":
        return _either(_specialist(requirement, request, note_counts=True), _hospital(request, note_counts=True))
    if kind == "8":
        return _specialist(requirement, request, note_counts=False)
    if kind == "9":
        return _hospital(request, note_counts=False)
    if kind == "10":
        return _either(_specialist(requirement, request, note_counts=False), _hospital(request, note_counts=False))
    if kind == "11":
        group = product.product_group if product else None
        if line.product_group and group and line.product_group.strip() == group:
            return ConditionStatus.MET, f"resepten angir artikkelgruppen {group}"
        return ConditionStatus.UNMET, (f"resepten må angi artikkelgruppen {group or ''}".rstrip()
                                       + (f", men angir «{line.product_group}»" if line.product_group else ""))
    if kind in ("15", "16", "19"):
        return _quantity(kind, requirement, request)
    if kind == "22":
        if line.test_strips_per_day is not None:
            return ConditionStatus.MET, f"resepten angir {line.test_strips_per_day} teststrimler per døgn"
        return ConditionStatus.UNMET, "resepten angir ikke antall teststrimler per døgn"
    if kind == "28":
        return ConditionStatus.MET, f"gyldighet ved refusjon {', '.join(requirement.texts)} (brukt for gyldigheten)"
    if kind in ("17", "18"):
        return ConditionStatus.TO_CONFIRM, f"«{requirement.type_text}» – apoteket må vurdere utleveringen"
    return ConditionStatus.TO_CONFIRM, f"«{requirement.type_text}» kan ikke avgjøres fra dataene"


def _quantity(kind: str, requirement: StructuredRequirement, request: CheckRequest) -> Decision:
    limit = _number(requirement)
    line = request.prescription
    if limit is None:
        return ConditionStatus.TO_CONFIRM, f"grensen «{', '.join(requirement.texts)}» kan ikke leses"
    if kind == "19":
        if line.supply_days is None:
            return ConditionStatus.TO_CONFIRM, f"forbruket utleveringen dekker er ikke oppgitt (høyst {limit} dager)"
        met = line.supply_days <= limit
        return (ConditionStatus.MET if met else ConditionStatus.UNMET), (
            f"utleveringen dekker {line.supply_days} dager (høyst {limit})")
    if line.quantity is None:
        return ConditionStatus.TO_CONFIRM, f"antallet som utleveres er ikke oppgitt (høyst {limit} stk)"
    if kind == "16":
        met = line.quantity <= limit
        return (ConditionStatus.MET if met else ConditionStatus.UNMET), (
            f"{line.quantity} stk i denne utleveringen (høyst {limit})")
    if line.quantity > limit:
        return ConditionStatus.UNMET, f"{line.quantity} stk er mer enn {limit} per kalenderår"
    if line.units_this_year is None:
        return ConditionStatus.TO_CONFIRM, (f"{line.quantity} stk nå; apoteket må sjekke hvor mange som er "
                                            f"utlevert i år (høyst {limit} per kalenderår)")
    total = line.units_this_year + line.quantity
    return (ConditionStatus.MET if total <= limit else ConditionStatus.UNMET), (
        f"{line.units_this_year} stk utlevert i år og {line.quantity} nå, i alt {total} (høyst {limit})")


def assess(conditions: Sequence[ConditionFact], request: CheckRequest, product: ProductFacts | None,
           reference: LegalReference) -> tuple[tuple[ConditionOutcome, ...], tuple[Step, ...]]:
    """Decide every vilkår; one outcome and one step each."""
    on = request.dispensed
    outcomes: list[ConditionOutcome] = []
    steps: list[Step] = []
    for condition in conditions:
        if condition.structured:
            decided = [decide(r, request, product, on) for r in condition.structured]
            statuses = [d[0] for d in decided]
            if ConditionStatus.UNMET in statuses:
                status = ConditionStatus.UNMET
            elif ConditionStatus.TO_CONFIRM in statuses:
                status = ConditionStatus.TO_CONFIRM
            else:
                status = ConditionStatus.MET
            reason = "; ".join(d[1] for d in decided)
        elif condition.applies_to == "1":
            status = ConditionStatus.PRESCRIBER
            reason = ("vilkåret gjelder forskriveren, som har skrevet resepten med refusjonskoden; det forutsettes "
                      "oppfylt")
        else:
            status = ConditionStatus.TO_CONFIRM
            reason = "vilkåret har bare tekst og må bekreftes av apoteket"
        outcomes.append(ConditionOutcome(condition.number, condition.text.strip(), status, reason))
        label = f"Vilkår {condition.number}" if condition.number else "Vilkår"
        steps.append(step(
            "blaresept.eligibility.condition", reference, on,
            None if status in (ConditionStatus.TO_CONFIRM, ConditionStatus.PRESCRIBER) else
            status is ConditionStatus.MET,
            f"{label} ({STATUS_TEXT[status]}): {reason}. Vilkårstekst: «{condition.text.strip()}»",
            outcome={ConditionStatus.MET: "oppfylt", ConditionStatus.UNMET: "ikke_oppfylt",
                     ConditionStatus.TO_CONFIRM: "bekreftes", ConditionStatus.PRESCRIBER: "forskriver"}[status],
            inputs={"vilkar": condition.number, "strukturert": [r.type_code for r in condition.structured]},
            outputs={"status": status.value},
        ))
    return tuple(outcomes), tuple(steps)
