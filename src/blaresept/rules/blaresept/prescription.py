"""A blue prescription in the register: how long it is valid, how many days one dispensing of it lasts, and
what remains of it after earlier dispensings.

- Validity: one year from the date written (parameter blaresept.validity.prescription_years).
- Supply: a dispensing covers at most three months' use (parameter blaresept.validity.supply_months); the days
  a dispensing lasts are the units dispensed divided by the daily dose the doctor wrote.
- Iterations (reit): a prescription may be dispensed once and then `reit` more times (uttak = reit + 1); each
  uttak at most the quantity written (packs), and never more packs in total than packs × (reit + 1).

Sources: the parameters' files; Helfo's guide for parents (a blue prescription is valid one year); the M1 model
(Antall, Reiterasjon) in shared/reference/eresept/messages.md § 3. The rules core reads no catalogue: the pack
size comes in as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility.general import add_months
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope, ParameterSet, default_parameters
from blaresept.rules.steps import Step

MAX_REIT = 11
"""The most iterations accepted. Not a legal quantity: a prescription lasts one year, and a dispensing covers at
least a month in practice, so twelve uttak cover a year (a bound on input, said in docs/prescriptions.md)."""

_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:[xX×]\s*(\d+(?:[.,]\d+)?))?\s*$")


def units_per_pack(size: str | None) -> Decimal | None:
    """The number of units in one pack from FEST's pack size ('98', '50 x 1', '2,5'); None when it is not a
    number (the supply cannot then be computed from it)."""
    if not size:
        return None
    found = _SIZE.match(size)
    if not found:
        return None
    try:
        total = Decimal(found.group(1).replace(",", "."))
        if found.group(2):
            total *= Decimal(found.group(2).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    return total if total > 0 else None


def supply_days(packs: int, per_pack: Decimal, daily_dose: Decimal) -> int:
    """Whole days the packs last at the daily dose (rounded down: a part day is not a day's supply)."""
    if packs < 1:
        raise RuleInputError("Antall pakninger må være minst 1.")
    if daily_dose <= 0:
        raise RuleInputError("Dosen per døgn må være større enn null.")
    return int((packs * per_pack) // daily_dose)


def valid_until(written: date, params: ParameterSet | None = None) -> tuple[date, Step]:
    """The last day the prescription may be dispensed: one year from the date written (the dated parameter)."""
    params = params or default_parameters()
    parameter = params["blaresept.validity.prescription_years"]
    years, use = parameter.use(written)
    end = add_months(written, 12 * years)
    return end, Step(
        rule="blaresept.prescription.validity", reference=parameter.law, version=use.effective,
        outcome="gyldig_til",
        text=f"En blå resept skrevet {written.isoformat()} er gyldig i {years} år, til og med {end.isoformat()}.",
        inputs={"written": written}, outputs={"valid_until": end}, parameters=(use,))


def max_supply_days(on: date, params: ParameterSet | None = None) -> tuple[int, Step]:
    """The most days one dispensing on the date may cover: three months from the date (the dated parameter)."""
    params = params or default_parameters()
    parameter = params["blaresept.validity.supply_months"]
    months, use = parameter.use(on)
    days = (add_months(on, months) - on).days
    return days, Step(
        rule="blaresept.prescription.max_supply", reference=parameter.law, version=use.effective,
        outcome="grense", text=f"En utlevering {on.isoformat()} kan dekke høyst {months} måneders forbruk "
                               f"({days} dager).",
        inputs={"on": on}, outputs={"max_days": days}, parameters=(use,))


@dataclass(frozen=True)
class Remaining:
    """What is left of a prescription: uttak (dispensings) and packs, and until when."""

    uttak: int
    packs: int
    valid_until: date


def remaining(packs: int, reit: int, used_uttak: int, used_packs: int, until: date) -> Remaining:
    """What remains after the dispensings so far (returned dispensings are not counted by the caller)."""
    return Remaining(max(0, reit + 1 - used_uttak), max(0, packs * (reit + 1) - used_packs), until)


def check_dispensable(*, on: date, written: date, until: date, cancelled: bool, left: Remaining, packs: int,
                      per_uttak: int) -> Step:
    """Whether `packs` may be dispensed on the date against the prescription; RuleInputError (bokmål) if not."""
    if cancelled:
        raise RuleInputError("Resepten er tilbakekalt av legen og kan ikke utleveres.")
    if on < written:
        raise RuleInputError(f"Resepten er skrevet {written.isoformat()}, etter utleveringsdatoen {on.isoformat()}.")
    if on > until:
        raise RuleInputError(f"Resepten var gyldig til og med {until.isoformat()} og er utløpt.")
    if left.uttak <= 0 or left.packs <= 0:
        raise RuleInputError("Resepten er fullt utlevert: det er ingen uttak igjen.")
    if packs < 1:
        raise RuleInputError("Antall pakninger må være minst 1.")
    if packs > per_uttak:
        raise RuleInputError(f"Legen har forskrevet {per_uttak} pakning(er) per uttak; {packs} er for mange.")
    if packs > left.packs:
        raise RuleInputError(f"Det er bare {left.packs} pakning(er) igjen på resepten.")
    return Step(
        rule="blaresept.prescription.remaining", reference=law.blaresept("§ 8"), version=written,
        outcome="kan_utleveres",
        text=(f"Resepten har {left.uttak} uttak og {left.packs} pakning(er) igjen og er gyldig til og med "
              f"{until.isoformat()}; {packs} pakning(er) utleveres nå."),
        inputs={"packs": packs, "uttak_left": left.uttak, "packs_left": left.packs},
        outputs={"uttak_after": left.uttak - 1, "packs_after": left.packs - packs})


def covered_until(params: ParameterSet | None = None) -> date:
    """The last day Blåresept has rules for: the end of the last year whose egenandelstak is formalised (the tak
    is set each year in the budget; a later date would silently use an old year's tak)."""
    params = params or default_parameters()
    last = params["egenandelstak.amount"].change_dates()[-1]
    return date(last.year, 12, 31)


def check_in_scope(on: date, params: ParameterSet | None = None) -> None:
    """A date after the parameters' range is refused with a bokmål OutOfScope (before it, the parameters refuse)."""
    end = covered_until(params)
    if on > end:
        raise OutOfScope(f"Datoen {on.isoformat()} ligger etter siste år Blåresept har regler for "
                         f"(egenandelstaket er formalisert til og med {end.year}); den kan ikke brukes.")
