"""The counter price of one dispensing: for each line the copay (counts toward the egenandelstak), the
patient's extra (mellomlegg and the part above a maximum refund price; does not count) and Helfo's share,
under the rules in force on the dispensing date, with the explanation.

Order of the rules: the price basis of each line (§ 7, maximum refund price) → who is exempt (§ 8 andre
ledd, § 4, yrkesskade) → the copay groups and their maximum (§ 8 første ledd) → Helfo pays the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from blaresept.money import format_kr
from blaresept.rules import law
from blaresept.rules.blaresept.copay import (
    PER_PRESCRIPTION_GROUP,
    allocate,
    copay_step,
    copay_terms,
    group_copay,
    group_key,
    grouping_step,
)
from blaresept.rules.blaresept.copay_period import CopayPeriod, period_for, period_months, period_step
from blaresept.rules.blaresept.dispensing import CopayGroup, Dispensing, PricedDispensing, PricedLine
from blaresept.rules.blaresept.exemptions import patient_exemption, prescription_exemption
from blaresept.rules.blaresept.price_basis import PriceBasis, price_basis, price_basis_step
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import Step


def price_dispensing(dispensing: Dispensing, params: ParameterSet | None = None,
                     periods: Sequence[CopayPeriod] | None = None) -> PricedDispensing:
    """Price everything handed out at once under the rules of the dispensing date.

    `periods` are the person's egenandelsperioder before this dispensing (copay_period.py); each group's copay
    is then at most what is left of the maximum in its period, and the group carries its period after the
    dispensing. Without `periods` (None) the dispensing is priced alone, as the first pick-up of each group."""
    params = params or default_parameters()
    on = dispensing.date
    terms = copay_terms(on, params)  # refuses a date before the first formalised rule
    _check_dispensing(dispensing)
    steps: list[Step] = []

    bases: dict[tuple[int, int], PriceBasis] = {}
    for p, prescription in enumerate(dispensing.prescriptions, start=1):
        for n, line in enumerate(prescription.lines, start=1):
            result = price_basis(line)
            bases[(p, n)] = result
            steps.append(price_basis_step(f"{p}.{n}", line, result))

    patient_exempt, patient_step = patient_exemption(on, dispensing.patient, params)
    steps.append(patient_step)

    members: dict[str, list[tuple[int, int]]] = {}
    labels: dict[str, str] = {}
    if patient_exempt is None:
        for p, prescription in enumerate(dispensing.prescriptions, start=1):
            exempt, step = prescription_exemption(on, p, prescription, params)
            if step is not None:
                steps.append(step)
            if exempt is not None:
                continue
            key, label = group_key(terms, prescription)
            labels[key] = label
            members.setdefault(key, []).extend((p, n) for n in range(1, len(prescription.lines) + 1))
        steps.append(grouping_step(on, terms, list(labels.values())))

    copay_of: dict[tuple[int, int], int] = {}
    group_of: dict[tuple[int, int], str] = {}
    groups: list[CopayGroup] = []
    months, months_use = period_months(on, params) if members else (None, None)
    for key, positions in members.items():
        line_bases = [bases[pos].basis for pos in positions]
        uncapped, copay = group_copay(sum(line_bases), terms)
        group = CopayGroup(key, labels[key], sum(line_bases), uncapped, terms.maximum, copay)
        period_explained = None
        if months is not None and months_use is not None and terms.applies_to == PER_PRESCRIPTION_GROUP:
            period, new = period_for(periods or (), key, on, months)
            copay = min(copay, max(0, terms.maximum - period.paid))
            after = CopayPeriod(key, period.start, period.end, period.paid + copay, period.dispensings + 1)
            group = CopayGroup(key, labels[key], group.basis, uncapped, terms.maximum, copay, period.paid, after)
            period_explained = period_step(labels[key], period, new, copay, terms.maximum, months_use)
        groups.append(group)
        steps.append(copay_step(on, group, terms))
        if period_explained is not None:
            steps.append(period_explained)
        for pos, share in zip(positions, allocate(copay, line_bases), strict=True):
            copay_of[pos] = share
            group_of[pos] = key

    lines = []
    for (p, n), result in bases.items():
        line = dispensing.prescriptions[p - 1].lines[n - 1]
        copay = copay_of.get((p, n), 0)
        lines.append(
            PricedLine(
                prescription=p,
                line=n,
                price=line.price,
                basis=result.basis,
                mellomlegg=result.mellomlegg,
                above_max_refund=result.above_max_refund,
                copay=copay,
                helfo=result.basis - copay,
                group=group_of.get((p, n)),
            )
        )
    priced = PricedDispensing(on, tuple(lines), tuple(groups))
    steps.append(_total_step(priced, terms.uses[0].effective))
    return PricedDispensing(on, priced.lines, priced.groups, tuple(steps))


def _check_dispensing(dispensing: Dispensing) -> None:
    if not dispensing.prescriptions:
        raise RuleInputError("Utleveringen har ingen resepter.")
    for p, prescription in enumerate(dispensing.prescriptions, start=1):
        if not prescription.lines:
            raise RuleInputError(f"Resept {p} har ingen varer.")
        if prescription.written > dispensing.date:
            raise RuleInputError(
                f"Resept {p} er skrevet {prescription.written.isoformat()}, etter utleveringsdatoen "
                f"{dispensing.date.isoformat()}."
            )


def _total_step(priced: PricedDispensing, version: date) -> Step:
    return Step(
        rule="blaresept.split",
        reference=law.ftrl("§ 5-14"),
        version=version,
        outcome="fordelt",
        text=(
            f"Samlet pris {format_kr(priced.price)}: pasienten betaler {format_kr(priced.copay)} i egenandel "
            f"(teller mot egenandelstaket) og {format_kr(priced.patient_extra)} i tillegg (mellomlegg og over "
            f"maksimal refusjonspris, teller ikke), og Helfo dekker {format_kr(priced.helfo)}."
        ),
        inputs={"price": priced.price},
        outputs={"copay": priced.copay, "patient_extra": priced.patient_extra, "helfo": priced.helfo},
    )
