"""The bidrag for a claim (folketrygdloven § 5-22 with Helsedirektoratet's rundskriv).

Per person (rundskriv kap. 3 and 4):
- hudlidelser, sår og fistler, legemidler på hvit resept and kreft/immunsvikt count as **one purpose**: one
  minstebeløp over their sum, 90 % of the rest (parameters bidrag.minimum_amount, bidrag.share);
- legemidler på hvit resept from 2018 only for transition users (individual.bidrag.medicines_open_to_new_users);
- full cover (100 %, no minstebeløp) for cystisk fibrose forbruksmateriell, and for the one-purpose group when
  Helfo has established yrkesskade (ftrl § 5-25) or low income (kap. 4; the income test itself is a caseworker's);
- madrass- and puteovertrekk: children under 16, up to a fixed maximum, paid once (bidrag.*_cover_max);
- ridefysioterapi: from the first treatment, up to the takst T99 each, at most 30 a year (bidrag.riding_*);
- brystpumpe: no sourced rate or rule (helfo-services-facts.md § 1c) — refused with a bokmål error.

Family pooling (kap. 4; helsenorge.no): the applicant with spouse, cohabitant or registered partner and children
under 18. Only hud, sår and hvit resept pool. A member whose pooled purposes alone reach the minstebeløp joins;
a member below it is left out. When two or more join, the family pays **one** minstebeløp: 90 % of the sum of
their amounts above it (3 000 + 4 000 + 5 000 in 2024 → 90 % × (12 000 − 2 151) = 8 864,10 kr).

The claim must reach Helfo within 6 months after the end of the year (30 June the next year); a late claim gets
nothing. The minstebeløp does not count toward the egenandelstak.
"""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

from blaresept.money import Ore, format_kr, percent, rate, round_half_up
from blaresept.rules import law
from blaresept.rules.bidrag.model import (
    ONE_PURPOSE,
    POOLED,
    PURPOSE_LABELS,
    BidragResult,
    Claim,
    Expense,
    Line,
    Person,
    Purpose,
    Relation,
)
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.deadlines import Calendar, ProcessingDeadline, deadline_after_weeks
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step, rule_version

FAMILY = (Relation.APPLICANT, Relation.SPOUSE, Relation.COHABITANT, Relation.PARTNER)
REF = law.ftrl("§ 5-22")


def claim_deadline(year: int, params: ParameterSet) -> tuple[date, ParameterUse]:
    """The last day a claim for the year's expenses may reach Helfo: the end of the 6th month after the year."""
    months, use = params["bidrag.claim_deadline_months"].use(date(year, 1, 1))
    index = 12 + int(months)  # months counted from January of the year (1-based), past its end
    deadline_year, month = year + (index - 1) // 12, (index - 1) % 12 + 1
    return date(deadline_year, month, calendar.monthrange(deadline_year, month)[1]), use


def compute_bidrag(claim: Claim, params: ParameterSet) -> BidragResult:
    _validate(claim)
    start = date(claim.year, 1, 1)
    deadline, deadline_use = claim_deadline(claim.year, params)
    late = claim.received > deadline
    steps = [Step(
        "bidrag.claim_deadline", REF, deadline_use.effective, "for_sent" if late else "i_tide",
        (f"Kravet kom {_d(claim.received)}, etter fristen {_d(deadline)} (seks måneder etter utgangen av "
         f"{claim.year}); det gis ikke bidrag." if late else
         f"Kravet kom {_d(claim.received)}, innen fristen {_d(deadline)} (seks måneder etter utgangen av "
         f"{claim.year}; rundskriv til § 5-22 kap. 3)."),
        {"year": claim.year, "received": claim.received}, {"deadline": deadline, "late": late}, (deadline_use,))]
    if late:
        return BidragResult(claim.year, claim.received, deadline, True, None, (), (),
                            {p.id: 0 for p in claim.persons}, 0,
                            (f"Kravet kom etter fristen {_d(deadline)}.",), tuple(steps))

    share_value, share_use = params["bidrag.share"].use(start)
    share = rate(share_value)
    refused: list[str] = []
    counted = {p.id: _counted(p, claim.year, params, refused, steps) for p in claim.persons}
    full = {p.id: claim.low_income or p.yrkesskade for p in claim.persons}
    minimum: Ore | None = None
    minimum_use: ParameterUse | None = None
    if any(counted[p.id].get(purpose) for p in claim.persons if not full[p.id] for purpose in ONE_PURPOSE):
        value, minimum_use = params["bidrag.minimum_amount"].use(start)
        if value is None:
            raise RuleInputError(
                f"Det finnes ingen kildebelagt minstebeløp for bidrag i {claim.year}; Blåresept beregner ikke "
                "bidrag for dette året (rundskriv til folketrygdloven § 5-22 kap. 3).")
        minimum = int(value) * 100
        steps.append(Step("bidrag.minimum_amount", REF, minimum_use.effective, "minstebeløp",
                          f"Minstebeløpet for {claim.year} er {format_kr(minimum)} per bidragsformål; det teller "
                          "ikke med i egenandelstaket.", {"year": claim.year}, {"minimum": minimum},
                          (minimum_use,)))

    pooled = _pooling(claim, counted, full, minimum, steps, share_use, minimum_use, params)
    lines: list[Line] = []
    bearer = pooled[0] if pooled else None
    for person in claim.persons:
        amounts = counted[person.id]
        group = sum(amounts.get(p, 0) for p in ONE_PURPOSE)
        if group:
            lines.append(_group_line(person, group, full[person.id], claim.low_income, minimum, share,
                                     person.id in pooled, person.id == bearer, steps, share_use, minimum_use))
        for purpose in (Purpose.CYSTISK_FIBROSE, Purpose.MADRASSOVERTREKK, Purpose.PUTEOVERTREKK,
                        Purpose.RIDEFYSIOTERAPI):
            if purpose in amounts:
                line = _full_line(person, purpose, amounts[purpose], amounts.get(f"{purpose}:paid", 0))
                lines.append(line)
                if purpose is Purpose.CYSTISK_FIBROSE:
                    steps.append(Step("bidrag.cystisk_fibrose", REF, start, "full_dekning",
                                      line.text + " (helsenorge.no: forbruksmateriell ved CF dekkes fullt)",
                                      {"person": person.id, "amount": line.expenses}, {"payout": line.payout}))
    per_person = {p.id: sum(line.payout for line in lines if line.person == p.id) for p in claim.persons}
    total = sum(per_person.values())
    steps.append(Step(
        "bidrag.total", REF, rule_version(*(u for u in (share_use, minimum_use) if u), default=start),
        "bidrag" if total else "ingen_bidrag",
        f"Bidrag i alt for {claim.year}: {format_kr(total)}."
        + ("" if total else " Utgiftene gir ikke rett til bidrag."),
        {"year": claim.year}, {"payout": total, "per_person": per_person}))
    return BidragResult(claim.year, claim.received, deadline, False, minimum, tuple(pooled), tuple(lines),
                        per_person, total, tuple(refused), tuple(steps))


def _validate(claim: Claim) -> None:
    if not claim.persons:
        raise RuleInputError("Kravet må gjelde minst én person.")
    applicants = [p for p in claim.persons if p.relation is Relation.APPLICANT]
    if len(applicants) != 1:
        raise RuleInputError("Kravet må ha nøyaktig én søker (relation: applicant).")
    ids = [p.id for p in claim.persons]
    if len(set(ids)) != len(ids):
        raise RuleInputError("Hver person i kravet må ha sin egen id.")
    if not any(p.expenses for p in claim.persons):
        raise RuleInputError("Kravet har ingen utgifter.")
    for person in claim.persons:
        for expense in person.expenses:
            if expense.date.year != claim.year:
                raise RuleInputError(
                    f"Utgiften datert {_d(expense.date)} hører ikke til kravåret {claim.year}; send ett krav per år.")
            if expense.amount <= 0:
                raise RuleInputError(f"Utgiften datert {_d(expense.date)} må ha et beløp over 0 kr.")
            if expense.date < person.birth_date:
                raise RuleInputError(f"Utgiften datert {_d(expense.date)} er før personen {person.id} ble født.")
            if expense.purpose is Purpose.BRYSTPUMPE:
                raise RuleInputError(
                    "Det finnes ingen kildebelagt sats eller regel for bidrag til elektrisk brystpumpe i Blåresept "
                    "(bare omtalt som engangsbidrag ved leppe-kjeve-ganespalte); kravet må vurderes av Helfo "
                    "manuelt.")
    if claim.received < date(claim.year, 1, 1):
        raise RuleInputError(f"Kravet kan ikke være mottatt før kravåret {claim.year} begynte.")


def _counted(person: Person, year: int, params: ParameterSet, refused: list[str],
             steps: list[Step]) -> dict[str, Ore]:
    """The amounts the rules count per purpose (receipts that are not covered are left out, with a reason)."""
    amounts: dict[str, Ore] = {}
    by_purpose: dict[Purpose, list[Expense]] = {}
    for expense in sorted(person.expenses, key=lambda e: e.date):
        by_purpose.setdefault(expense.purpose, []).append(expense)
    for purpose, expenses in by_purpose.items():
        if purpose is Purpose.LEGEMIDLER_HVIT_RESEPT:
            kept = []
            for e in expenses:
                open_to_new, use = params["individual.bidrag.medicines_open_to_new_users"].use(e.date)
                if open_to_new or person.hvit_resept_transition:
                    kept.append(e)
                else:
                    refused.append(f"{person.id}: legemidler på hvit resept {_d(e.date)} ({format_kr(e.amount)}) – "
                                   "ordningen er stengt for nye brukere fra 1. januar 2018 (bare overgangsordning).")
                    steps.append(Step("bidrag.hvit_resept", REF, use.effective, "avslått", refused[-1],
                                      {"person": person.id, "date": e.date}, {}, (use,)))
            expenses = kept
        elif purpose in (Purpose.MADRASSOVERTREKK, Purpose.PUTEOVERTREKK):
            expenses = _covers(person, purpose, expenses, params, refused, steps, amounts)
        elif purpose is Purpose.RIDEFYSIOTERAPI:
            expenses = _riding(person, expenses, params, refused, steps, amounts)
        if expenses:
            amounts[purpose] = sum(e.amount for e in expenses)
    return amounts


def _covers(person: Person, purpose: Purpose, expenses: list[Expense], params: ParameterSet, refused: list[str],
            steps: list[Step], amounts: dict[str, Ore]) -> list[Expense]:
    name = "mattress" if purpose is Purpose.MADRASSOVERTREKK else "pillow"
    label = PURPOSE_LABELS[purpose]
    if purpose in person.previously_paid:
        refused.append(f"{person.id}: {label} er dekket tidligere; utgiftene dekkes bare én gang.")
        steps.append(Step(f"bidrag.{name}_cover", REF, expenses[0].date, "avslått", refused[-1], {"person": person.id}))
        return []
    first = expenses[0].date
    max_age, age_use = params["bidrag.cover_max_age"].use(first)
    kept = [e for e in expenses if age_on(person.birth_date, e.date) < int(max_age)]
    if len(kept) < len(expenses):
        refused.append(f"{person.id}: {label} dekkes bare for barn under {max_age} år.")
    if not kept:
        steps.append(Step(f"bidrag.{name}_cover", REF, age_use.effective, "avslått", refused[-1],
                          {"person": person.id}, {}, (age_use,)))
        return []
    maximum, use = params[f"bidrag.{name}_cover_max"].use(kept[0].date)
    if maximum is None:
        raise RuleInputError(f"Det finnes ingen kildebelagt høyeste sats for {label} i {kept[0].date.year}; "
                             "Blåresept beregner ikke bidraget.")
    paid = min(sum(e.amount for e in kept), int(maximum) * 100)
    amounts[f"{purpose}:paid"] = paid
    steps.append(Step(f"bidrag.{name}_cover", REF, use.effective, "dekket",
                      f"{person.id}: {label} dekkes med inntil {format_kr(int(maximum) * 100)}, én gang: "
                      f"{format_kr(paid)}.", {"person": person.id, "amount": sum(e.amount for e in kept)},
                      {"payout": paid}, (use, age_use)))
    return kept


def _riding(person: Person, expenses: list[Expense], params: ParameterSet, refused: list[str], steps: list[Step],
            amounts: dict[str, Ore]) -> list[Expense]:
    maximum, max_use = params["bidrag.riding_max_treatments"].use(expenses[0].date)
    covered = expenses[: int(maximum)]
    if len(expenses) > len(covered):
        refused.append(f"{person.id}: {len(expenses) - len(covered)} behandlinger med ridefysioterapi utover "
                       f"{maximum} i året dekkes ikke.")
    paid = 0
    uses = [max_use]
    for e in covered:
        takst, use = params["bidrag.riding_rate"].use(e.date)
        uses.append(use)
        paid += min(e.amount, int(takst) * 100)
    amounts[f"{Purpose.RIDEFYSIOTERAPI}:paid"] = paid
    steps.append(Step("bidrag.ridefysioterapi", REF, rule_version(*uses, default=expenses[0].date), "dekket",
                      f"{person.id}: {len(covered)} behandlinger med ridefysioterapi dekkes fra første time, hver med "
                      f"inntil taksten T99 (høyst {maximum} i året): {format_kr(paid)} (rundskriv til § 5-22 kap. 20).",
                      {"person": person.id, "treatments": len(expenses)}, {"payout": paid},
                      tuple(dict.fromkeys(uses))))
    return covered


def _pooling(claim: Claim, counted: dict[str, dict[str, Ore]], full: dict[str, bool], minimum: Ore | None,
             steps: list[Step], share_use: ParameterUse, minimum_use: ParameterUse | None,
             params: ParameterSet) -> list[str]:
    """The persons whose amounts are pooled (in claim order), or none."""
    if minimum is None or minimum_use is None:
        return []
    child_age, age_use = params["bidrag.pooling_child_age"].use(date(claim.year, 1, 1))
    candidates: list[str] = []
    left_out: list[str] = []
    for person in claim.persons:
        if full[person.id]:
            continue
        if person.relation is Relation.CHILD and age_on(person.birth_date, date(claim.year, 12, 31)) >= int(child_age):
            continue
        own = sum(counted[person.id].get(p, 0) for p in POOLED)
        if not own:
            continue
        (candidates if own >= minimum else left_out).append(person.id)
    if len(candidates) < 2:
        return []
    text = (f"Familien slår sammen utgiftene sine til hudlidelser, sår og fistler og legemidler på hvit resept: "
            f"{', '.join(candidates)} har hver nådd minstebeløpet alene, og familien betaler ett minstebeløp på "
            f"{format_kr(minimum)}"
            + (f"; {', '.join(left_out)} har ikke nådd minstebeløpet og holdes utenfor" if left_out else "")
            + " (rundskriv til § 5-22 kap. 4).")
    steps.append(Step("bidrag.family_pooling", REF, rule_version(share_use, minimum_use, age_use,
                                                                 default=date(claim.year, 1, 1)),
                      "samlet", text, {"members": [p.id for p in claim.persons]},
                      {"pooled": candidates, "left_out": left_out}, (minimum_use, age_use)))
    return candidates


def _group_line(person: Person, group: Ore, full: bool, low_income: bool, minimum: Ore | None, share: Fraction,
                pooled: bool, bears_minimum: bool, steps: list[Step], share_use: ParameterUse,
                minimum_use: ParameterUse | None) -> Line:
    label = "hudlidelser, sår og fistler, hvit resept og kreft/immunsvikt (ett formål)"
    if full:
        why = "lav inntekt" if low_income else "yrkesskade (folketrygdloven § 5-25)"
        text = f"{person.id}: full dekning på grunn av {why}: {format_kr(group)} (rundskriv til § 5-22 kap. 4)."
        steps.append(Step("bidrag.full_cover", REF, share_use.effective, "full_dekning", text,
                          {"person": person.id, "amount": group}, {"payout": group}))
        return Line(person.id, "samlet", label, group, group, 0, "100 %", group, text)
    if minimum is None or minimum_use is None:
        raise RuleInputError("Minstebeløpet mangler for beregningen.")
    deduction = minimum if (not pooled or bears_minimum) else 0
    base = max(group - deduction, 0)
    payout = round_half_up(share * base)
    if pooled:
        text = (f"{person.id}: {format_kr(group)} i familiens samlede krav"
                + (f", minus familiens ene minstebeløp {format_kr(deduction)}" if deduction else
                   " (minstebeløpet er alt trukket)")
                + f"; {percent(share)} av {format_kr(base)} = {format_kr(payout)}.")
    elif group > minimum:
        text = (f"{person.id}: {format_kr(group)} til ett bidragsformål, minus minstebeløpet {format_kr(minimum)}; "
                f"{percent(share)} av {format_kr(base)} = {format_kr(payout)} (rundskriv til § 5-22 kap. 4).")
    else:
        text = (f"{person.id}: {format_kr(group)} er ikke over minstebeløpet {format_kr(minimum)}; ikke noe bidrag.")
    steps.append(Step("bidrag.purpose", REF, rule_version(share_use, minimum_use, default=share_use.effective),
                      "bidrag" if payout else "under_minstebeløp", text,
                      {"person": person.id, "expenses": group, "minimum": deduction, "pooled": pooled},
                      {"payout": payout}, (share_use, minimum_use)))
    return Line(person.id, "samlet", label, group, group, deduction, percent(share), payout, text)


def _full_line(person: Person, purpose: Purpose, amount: Ore, paid: Ore) -> Line:
    label = PURPOSE_LABELS[purpose]
    if purpose is Purpose.CYSTISK_FIBROSE:
        text = f"{person.id}: {label} dekkes fullt: {format_kr(amount)}."
        return Line(person.id, purpose.value, label, amount, amount, 0, "100 %", amount, text)
    text = f"{person.id}: {label}: {format_kr(paid)} av {format_kr(amount)}."
    return Line(person.id, purpose.value, label, amount, amount, 0, "sats", paid, text)


def _d(value: date) -> str:
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


_MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember")


def processing_deadline(received: date, params: ParameterSet, calendar: Calendar) -> ProcessingDeadline:
    """When Helfo should have answered a claim: Helfo's general processing time (fvl § 11 a). Bidrag has no
    prioritised processing of its own in the sources; the general time is used for every claim."""
    weeks, use = params["procedure.processing_time.general"].use(received)
    nominal, due = deadline_after_weeks(received, int(weeks), calendar)
    moved = f" (flyttet fra {_d(nominal)}, som ikke er en virkedag)" if due != nominal else ""
    step = Step("procedure.processing_time", law.fvl("§ 11 a"), use.effective, "ordinær",
                f"Kravet kom inn {_d(received)} og skal være behandlet innen {weeks} uker, senest {_d(due)}{moved}.",
                {"received": received}, {"weeks": weeks, "due": due}, (use,))
    return ProcessingDeadline(False, (), int(weeks), due, step)
