"""When a reimbursement in the catalogue holds: the link from the package (or product) to its group and the
refund code each carry GyldigFraDato, ForskrivesTilDato and UtleveresTilDato, and both must hold.

FEST implementation guide v3.5 § 6.4.1: "For a reimbursement to be valid, it must be valid both at the link to
the class Refusjonskode … and the link to LegemiddelPakningMerkevare". The prescription's date is checked
against GyldigFraDato and ForskrivesTilDato ("after this date the reimbursement code must not be displayed upon
prescription"), the dispensing date against UtleveresTilDato ("… upon dispensing"). A to-date is the last day
it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Validity:
    """The three dates of a reimbursement link or refund code."""

    valid_from: date | None
    prescribe_until: date | None = None
    dispense_until: date | None = None


def holds(validity: Validity, written: date, dispensed: date) -> bool:
    """Whether a prescription written on `written` and dispensed on `dispensed` falls within the dates."""
    return why_not(validity, written, dispensed) is None


def why_not(validity: Validity, written: date, dispensed: date) -> str | None:
    """Why the dates do not hold, in bokmål (None when they hold)."""
    if validity.valid_from is not None and written < validity.valid_from:
        return f"gjelder først fra {validity.valid_from.isoformat()}, og resepten er skrevet {written.isoformat()}"
    if validity.prescribe_until is not None and written > validity.prescribe_until:
        return (f"kunne bare forskrives til og med {validity.prescribe_until.isoformat()}, og resepten er skrevet "
                f"{written.isoformat()}")
    if validity.dispense_until is not None and dispensed > validity.dispense_until:
        return (f"kunne bare utleveres til og med {validity.dispense_until.isoformat()}, og utleveringen er "
                f"{dispensed.isoformat()}")
    return None


def in_period(start: date | None, end: date | None, on: date) -> bool:
    """Whether `on` lies in a period whose ends are inclusive (None: open)."""
    return (start is None or start <= on) and (end is None or on <= end)
