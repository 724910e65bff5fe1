"""The copay (egenandel): a rate of the price basis, at most a maximum per group.

Until 2025 the maximum applies per prescription, where all blue prescriptions written by the same prescriber
on the same date count as one ("samme lege og samme dato = en resept"); from 2026-01-01 it applies to the
whole dispensing ("per utlevering"). Each group's copay is rounded half up to the øre, then shared out over
its lines in proportion to their basis so that the lines add up exactly to the group.

Source: blåreseptforskriften § 8 første ledd; Pediatriveileder 13.8.2 (2009) "Refusjonsregler";
FOR-2025-12-17-2621; parameters/blaresept/copay/.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from blaresept.money import Ore, format_kr, kroner, percent, rate, round_half_up
from blaresept.rules import law
from blaresept.rules.blaresept.dispensing import CopayGroup, Prescription
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step, rule_version

PER_PRESCRIPTION_GROUP = "prescription_group"
PER_DISPENSING = "dispensing"


@dataclass(frozen=True)
class CopayTerms:
    """The copay rule on a date: rate, maximum, and what the maximum applies to."""

    rate: Fraction
    maximum: Ore
    applies_to: str
    uses: tuple[ParameterUse, ...]


def copay_terms(on: date, params: ParameterSet) -> CopayTerms:
    """Look up the copay rate, the maximum and its unit in force on the date."""
    rate_value, rate_use = params["blaresept.copay.rate"].use(on)
    maximum_value, maximum_use = params["blaresept.copay.maximum"].use(on)
    applies_to, applies_use = params["blaresept.copay.maximum_applies_to"].use(on)
    if applies_to not in (PER_PRESCRIPTION_GROUP, PER_DISPENSING):
        raise RuleInputError(f"Ukjent enhet for høyeste egenandel: {applies_to}.")
    return CopayTerms(rate(rate_value), kroner(maximum_value), applies_to, (rate_use, maximum_use, applies_use))


def group_key(terms: CopayTerms, prescription: Prescription) -> tuple[str, str]:
    """The group a prescription's copay is capped in, and its label in bokmål."""
    if terms.applies_to == PER_DISPENSING:
        return "utlevering", "hele utleveringen"
    if not prescription.prescriber.strip():
        raise RuleInputError(
            "Resepten mangler forskriver; reseptgruppen (samme lege og samme dato) kan ikke bestemmes."
        )
    key = f"{prescription.prescriber.strip()}|{prescription.written.isoformat()}"
    return key, f"resepter fra {prescription.prescriber.strip()} skrevet {prescription.written.isoformat()}"


def grouping_step(on: date, terms: CopayTerms, labels: Sequence[str]) -> Step:
    """Explain how the lines were grouped under the maximum."""
    if terms.applies_to == PER_DISPENSING:
        text = (
            f"Fra 2026 gjelder høyeste egenandel ({format_kr(terms.maximum)}) for hele utleveringen samlet, "
            "ikke per resept."
        )
    else:
        text = (
            f"Høyeste egenandel ({format_kr(terms.maximum)}) gjelder per resept, og alle blå resepter fra samme "
            f"lege skrevet samme dato regnes som én resept. Utleveringen har {len(labels)} slik(e) gruppe(r)"
            + (": " + "; ".join(labels) if labels else "") + "."
        )
    return Step(
        rule="blaresept.copay.groups",
        reference=law.blaresept("§ 8", "første"),
        version=rule_version(*terms.uses[1:], default=on),
        outcome=terms.applies_to,
        text=text,
        inputs={"applies_to": terms.applies_to},
        outputs={"groups": list(labels)},
        parameters=terms.uses[1:],
    )


def group_copay(basis: Ore, terms: CopayTerms) -> tuple[Ore, Ore]:
    """The copay of a group: the rate of its basis rounded half up to the øre, then at most the maximum.
    Returns (uncapped, copay)."""
    uncapped = round_half_up(terms.rate * basis)
    return uncapped, min(uncapped, terms.maximum)


def copay_step(on: date, group: CopayGroup, terms: CopayTerms) -> Step:
    """Explain one group's copay."""
    text = (
        f"Egenandel for {group.label}: {percent(terms.rate)} av {format_kr(group.basis)} er "
        f"{format_kr(group.uncapped)}"
    )
    if group.paid_before and group.capped:
        text += (f", men i egenandelsperioden er det bare {format_kr(group.limit)} igjen av høyeste egenandel på "
                 f"{format_kr(group.maximum)}, så egenandelen blir {format_kr(group.copay)}.")
    elif group.capped:
        text += f", men høyeste egenandel er {format_kr(group.maximum)}, så egenandelen blir {format_kr(group.copay)}."
    elif group.paid_before:
        text += (f", under det som er igjen av høyeste egenandel i egenandelsperioden "
                 f"({format_kr(group.limit)} av {format_kr(group.maximum)}).")
    else:
        text += f", under høyeste egenandel på {format_kr(group.maximum)}."
    return Step(
        rule="blaresept.copay.amount",
        reference=law.blaresept("§ 8", "første"),
        version=rule_version(*terms.uses[:2], default=on),
        outcome="maksimum" if group.capped else "prosent",
        text=text,
        inputs={"group": group.key, "basis": group.basis, "rate": terms.rate, "maximum": group.maximum,
                "paid_in_period": group.paid_before},
        outputs={"uncapped": group.uncapped, "copay": group.copay, "rounding": "half up to the øre"},
        parameters=terms.uses[:2],
    )


def allocate(total: Ore, bases: Sequence[Ore]) -> list[Ore]:
    """Share a group's copay over its lines in proportion to their basis, exactly.

    Line i gets round(total × (b₁+…+bᵢ) / B) − round(total × (b₁+…+bᵢ₋₁) / B), halves up, so the shares are
    never negative and always add up to the total. With a zero basis everything is zero."""
    whole = sum(bases)
    if whole == 0:
        return [0 for _ in bases]
    shares = []
    running = 0
    before = 0
    for basis in bases:
        running += basis
        upto = round_half_up(Fraction(total * running, whole))
        shares.append(upto - before)
        before = upto
    return shares
