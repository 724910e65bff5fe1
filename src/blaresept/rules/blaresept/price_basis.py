"""The price the copay and Helfo's share are computed from (prisgrunnlaget), and what the patient pays on top.

- Mellomlegg (blåreseptforskriften § 7, in force since 2004-10-01): when the patient refuses the cheaper
  equivalent the pharmacy offers, and the prescriber has not reserved against substitution, the basis is the
  cheapest equivalent's price and the patient pays the difference. The mellomlegg is not a copay and does not
  count toward the egenandelstak. When the prescriber reserved, the basis is the dispensed item's price.
- Maximum refund price (§ 5 goods, and § 6 products on Helfo's lists): the basis is at most Helfo's maximum
  refund price; the patient pays the part above it, which does not count toward the egenandelstak.

- From 2025-04-02 (FOR-2025-04-02-577, § 8 femte ledd) the supplier may not charge more than the product and
  price list, neither the member nor the trygd: on a § 5/§ 6 line the part above the maximum refund price is
  charged to no one (`not_charged`, «ikke belastet»); the patient pays nothing above it
  (parameter blaresept.section8.list_price_limit). § 2 drugs are not on that list and keep the old rule.

Source: Pediatriveileder 13.8.2 (2009), "Refusjonsregler" point 2 (shared/seeds/004_…); tidsskriftet.no 2004
«Egenandel ved bytte av legemiddel» (rules-facts.md § 9); FOR-2025-04-02-577 (rules-facts.md § 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.money import Ore, format_kr
from blaresept.rules import law
from blaresept.rules.blaresept.dispensing import Line, Reservation
from blaresept.rules.errors import RuleInputError
from blaresept.rules.steps import Step

MELLOMLEGG_SINCE = date(2004, 10, 1)
"""The mellomlegg rule took effect on 1 October 2004 (tidsskriftet.no 2004, rules-facts.md § 9)."""
LIST_PRICE_LIMIT_SINCE = date(2025, 4, 2)
"""§ 8 femte ledd as worded by FOR-2025-04-02-577; the date is also the parameter's (the step's version)."""


@dataclass(frozen=True)
class PriceBasis:
    basis: Ore
    mellomlegg: Ore
    above_max_refund: Ore
    not_charged: Ore = 0


def price_basis(line: Line, list_price_limit: bool = False) -> PriceBasis:
    """The basis of one line and the patient's extra: mellomlegg, then the cap at the maximum refund price. With
    `list_price_limit` (§ 8 femte ledd from 2025-04-02, § 5/§ 6 lines) the part above the maximum refund price is
    not charged to anyone instead of to the patient."""
    check_line(line)
    substitution_price = line.price
    if line.reserved_by is Reservation.PATIENT:
        assert line.cheapest_price is not None
        substitution_price = min(line.price, line.cheapest_price)
    mellomlegg = line.price - substitution_price
    basis = substitution_price
    above_max = 0
    if line.max_refund_price is not None and basis > line.max_refund_price:
        above_max = basis - line.max_refund_price
        basis = line.max_refund_price
    if list_price_limit and above_max:
        return PriceBasis(basis, mellomlegg, 0, above_max)
    return PriceBasis(basis, mellomlegg, above_max)


def check_line(line: Line) -> None:
    """Refuse a line that cannot be priced, with a reason in bokmål."""
    if line.price < 0:
        raise RuleInputError(f"Prisen på varen kan ikke være negativ ({format_kr(line.price)}).")
    if line.cheapest_price is not None and line.cheapest_price < 0:
        raise RuleInputError("Prisen på billigste likeverdige vare kan ikke være negativ.")
    if line.max_refund_price is not None and line.max_refund_price < 0:
        raise RuleInputError("Maksimal refusjonspris kan ikke være negativ.")
    if line.reserved_by is Reservation.PATIENT and line.cheapest_price is None:
        raise RuleInputError(
            "Pasienten har reservert seg mot bytte, men prisen på billigste likeverdige vare mangler; "
            "mellomlegget kan ikke beregnes."
        )


def price_basis_step(number: str, line: Line, result: PriceBasis) -> Step:
    """The explanation of one line's basis."""
    if line.reserved_by is Reservation.PATIENT and result.mellomlegg:
        text = (
            f"Vare {number}: Pasienten reserverte seg mot bytte og legen har ikke reservert seg. Egenandelen "
            f"beregnes av billigste likeverdige vare ({format_kr(line.price - result.mellomlegg)}), og pasienten "
            f"betaler mellomlegget på {format_kr(result.mellomlegg)}, som ikke teller mot egenandelstaket."
        )
        reference, outcome = law.blaresept("§ 7"), "mellomlegg"
    elif line.reserved_by is Reservation.PRESCRIBER:
        text = (
            f"Vare {number}: Legen har reservert seg mot bytte, så egenandelen beregnes av prisen på varen som "
            f"utleveres ({format_kr(line.price)}), uten mellomlegg."
        )
        reference, outcome = law.blaresept("§ 7"), "legereservasjon"
    else:
        text = f"Vare {number}: Prisgrunnlaget er prisen på varen som utleveres ({format_kr(line.price)})."
        reference, outcome = law.blaresept("§ 7"), "utlevert_pris"
    version = MELLOMLEGG_SINCE
    if result.above_max_refund:
        text += (
            f" Prisen er over Helfos maksimale refusjonspris ({format_kr(result.basis)}); pasienten betaler "
            f"{format_kr(result.above_max_refund)} over denne, og det teller ikke mot egenandelstaket."
        )
        outcome += "+over_maksimal_refusjonspris"
    if result.not_charged:
        text += (
            f" Prisen er over maksimal refusjonspris i produkt- og prislisten ({format_kr(result.basis)}). "
            f"Utleverer kan ikke kreve mer enn listeprisen, verken av pasienten eller av folketrygden: "
            f"{format_kr(result.not_charged)} belastes ingen (ikke belastet)."
        )
        outcome += "+ikke_belastet"
        reference, version = law.blaresept("§ 8", "femte"), LIST_PRICE_LIMIT_SINCE
    return Step(
        rule="blaresept.price_basis",
        reference=reference,
        version=version,
        outcome=outcome,
        text=text,
        inputs={
            "line": number,
            "price": line.price,
            "cheapest_price": line.cheapest_price,
            "reserved_by": line.reserved_by.value,
            "max_refund_price": line.max_refund_price,
        },
        outputs={
            "basis": result.basis,
            "mellomlegg": result.mellomlegg,
            "above_max_refund": result.above_max_refund,
            "not_charged": result.not_charged,
        },
    )
