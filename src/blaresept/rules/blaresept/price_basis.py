"""The price the copay and Helfo's share are computed from (prisgrunnlaget), and what the patient pays on top.

- Mellomlegg (blåreseptforskriften § 7, in force since 2004-10-01): when the patient refuses the cheaper
  equivalent the pharmacy offers, and the prescriber has not reserved against substitution, the basis is the
  cheapest equivalent's price and the patient pays the difference. The mellomlegg is not a copay and does not
  count toward the egenandelstak. When the prescriber reserved, the basis is the dispensed item's price.
- Maximum refund price (§ 5 goods, and § 6 products on Helfo's lists): the basis is at most Helfo's maximum
  refund price; the patient pays the part above it, which does not count toward the egenandelstak.

Source: Pediatriveileder 13.8.2 (2009), "Refusjonsregler" point 2 (shared/seeds/004_…); tidsskriftet.no 2004
«Egenandel ved bytte av legemiddel» (rules-facts.md § 9).
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


@dataclass(frozen=True)
class PriceBasis:
    basis: Ore
    mellomlegg: Ore
    above_max_refund: Ore


def price_basis(line: Line) -> PriceBasis:
    """The basis of one line and the patient's extra: mellomlegg, then the cap at the maximum refund price."""
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
    if result.above_max_refund:
        text += (
            f" Prisen er over Helfos maksimale refusjonspris ({format_kr(result.basis)}); pasienten betaler "
            f"{format_kr(result.above_max_refund)} over denne, og det teller ikke mot egenandelstaket."
        )
        outcome += "+over_maksimal_refusjonspris"
    return Step(
        rule="blaresept.price_basis",
        reference=reference,
        version=MELLOMLEGG_SINCE,
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
        },
    )
