"""The price of a package dispensed on a blue prescription, from the catalogue's prices on the date (never typed):

- the maksimal AUP is the most a pharmacy may take; it may sell below it (felleskatalogen.no «Priser på
  legemidler»; rules-facts.md § 9);
- a package in the trinnpris system costs at most its trinnpris, «the maximum price folketrygden refunds or the
  patient pays» (legemiddelverket.no «Trinnpris»; rules-facts.md § 9);
- outside trinnpris the pharmacy offers the cheapest equivalent at the same pack size (generisk bytte), and the
  price is at most that one's AUP;
- the patient who refuses the offer pays the dispensed package's AUP, and the difference to the trinnpris or the
  cheapest is the mellomlegg (blåreseptforskriften § 7); the doctor's reservation against substitution keeps
  the prescribed package at its AUP without mellomlegg (§ 7).

The result is the input of blaresept.rules.blaresept.pricing (a Line), with a step saying where the price came
from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.money import Ore, format_kr
from blaresept.rules import law
from blaresept.rules.blaresept.dispensing import Line, Reservation
from blaresept.rules.errors import RuleInputError
from blaresept.rules.steps import Step

TRINNPRIS_SINCE = date(2005, 1, 1)


@dataclass(frozen=True)
class CatalogPrices:
    """The dispensed package's prices on the date and what it is compared with."""

    name: str
    aup: Ore | None
    trinnpris: Ore | None = None
    cheapest_aup: Ore | None = None
    """The cheapest equivalent package's AUP at the same pack size (None when there is none)."""


def catalog_line(prices: CatalogPrices, packs: int, *, on: date, patient_reserved: bool = False,
                 prescriber_reserved: bool = False, pharmacy_price: Ore | None = None) -> tuple[Line, Step]:
    """The priced line for `packs` packs, and the step that explains it. A pharmacy's own price per pack is
    allowed below the catalogue's ceiling, never above it."""
    if prices.aup is None:
        raise RuleInputError(f"Katalogen har ingen AUP for {prices.name} på {on.isoformat()}, så varen kan ikke "
                             "prises.")
    if packs < 1:
        raise RuleInputError("Antall pakninger må være minst 1.")
    reference = None if prescriber_reserved else (
        prices.trinnpris if prices.trinnpris is not None else prices.cheapest_aup)
    if reference is not None and reference >= prices.aup:
        reference = None
    why = "trinnprisen" if reference is not None and reference == prices.trinnpris else "billigste likeverdige"
    if prescriber_reserved:
        ceiling, reserved, cheapest = prices.aup, Reservation.PRESCRIBER, None
        text = (f"Legen har reservert seg mot bytte: {prices.name} prises til maksimal AUP "
                f"{format_kr(prices.aup)} per pakning, uten mellomlegg.")
    elif patient_reserved:
        ceiling, reserved = prices.aup, Reservation.PATIENT
        cheapest = reference if reference is not None else prices.aup
        text = (f"Pasienten har reservert seg mot bytte: {prices.name} koster maksimal AUP {format_kr(prices.aup)}"
                + (f"; egenandelen beregnes av {why} ({format_kr(reference)}) og resten er mellomlegg."
                   if reference is not None else "; det finnes ingen billigere likeverdig pakning, så det blir "
                                                 "ikke mellomlegg."))
    else:
        ceiling = reference if reference is not None else prices.aup
        reserved, cheapest = Reservation.NONE, None
        if reference is not None and reference == prices.trinnpris:
            text = (f"{prices.name} er i trinnprissystemet: uten reservasjon er prisen trinnprisen "
                    f"{format_kr(reference)} per pakning (maksimal AUP er {format_kr(prices.aup)}).")
        elif reference is not None:
            text = (f"Uten reservasjon prises {prices.name} som billigste likeverdige pakning med samme "
                    f"pakningsstørrelse, {format_kr(reference)} per pakning (maksimal AUP er {format_kr(prices.aup)}).")
        else:
            text = f"{prices.name} prises til maksimal AUP {format_kr(prices.aup)} per pakning."
    unit = ceiling
    if pharmacy_price is not None:
        if pharmacy_price <= 0:
            raise RuleInputError("Apotekets pris må være større enn null.")
        if pharmacy_price > ceiling:
            raise RuleInputError(f"Prisen {format_kr(pharmacy_price)} per pakning er over den høyeste prisen "
                                 f"katalogen tillater for {prices.name} på {on.isoformat()} "
                                 f"({format_kr(ceiling)}).")
        unit = pharmacy_price
        text += f" Apoteket tar en lavere pris: {format_kr(unit)} per pakning."
        if cheapest is not None:
            cheapest = min(cheapest, unit)
    line = Line(price=unit * packs, cheapest_price=cheapest * packs if cheapest is not None else None,
                reserved_by=reserved)
    if packs > 1:
        text += f" {packs} pakninger: {format_kr(line.price)}."
    step = Step(
        rule="blaresept.catalog_price", reference=law.blaresept("§ 7"), version=TRINNPRIS_SINCE,
        outcome=reserved.value if reserved is not Reservation.NONE else ("trinnpris" if why == "trinnprisen"
                                                                          and reference is not None else "katalogpris"),
        text=text,
        inputs={"aup": prices.aup, "trinnpris": prices.trinnpris, "cheapest_aup": prices.cheapest_aup,
                "packs": packs, "patient_reserved": patient_reserved, "prescriber_reserved": prescriber_reserved,
                "pharmacy_price": pharmacy_price},
        outputs={"price": line.price, "cheapest_price": line.cheapest_price, "ceiling_per_pack": ceiling},
    )
    return line, step
