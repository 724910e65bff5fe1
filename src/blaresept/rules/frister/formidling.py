"""The pure rules of Helfo's pasientformidling after a breach (helfo.no «Elektronisk varsling av fristbrudd";
shared/reference/helfo-services-facts.md § 4):

- Helfo contacts the patient; with no answer in 3 days it searches anyway and sends a letter.
- Providers considered: those with an agreement with Helfo and free capacity in the treatment area.
- The patient has 10 virkedager to reply to an offer; with no reply the case goes back to the original hospital.
- Cases are taken in order of deadline date; a caseworker may move a case first for medical urgency.
- The patient keeps the place on the original waiting list until accepting an offer, and cannot choose the
  provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from blaresept.rules import law
from blaresept.rules.frister.breach import BREACH_NOTE, BREACH_SECTION
from blaresept.rules.frister.workdays import HolidayCalendar, add_working_days, long_date
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step


def _ref() -> law.LegalReference:
    return law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE)


@dataclass(frozen=True)
class ContactWindow:
    search_from: date
    step: Step


def contact_window(contacted_on: date, params: ParameterSet) -> ContactWindow:
    """When Helfo starts the search if the patient has not answered."""
    days, use = params["formidling.no_answer_days"].use(contacted_on)
    search_from = contacted_on + timedelta(days=days)
    return ContactWindow(search_from, Step(
        rule="formidling.no_answer",
        reference=_ref(),
        version=use.effective,
        outcome=search_from.isoformat(),
        text=(f"Helfo kontaktet pasienten {long_date(contacted_on)}. Har pasienten ikke svart innen {days} dager, "
              f"starter Helfo søket likevel fra {long_date(search_from)} og sender pasienten et brev."),
        inputs={"contacted_on": contacted_on},
        outputs={"search_from": search_from},
        parameters=(use,),
    ))


@dataclass(frozen=True)
class ReplyDeadline:
    deadline: date
    step: Step


def reply_deadline(offered_on: date, params: ParameterSet, calendar: HolidayCalendar) -> ReplyDeadline:
    """The last day the patient can reply to an offer sent on the date."""
    days, use = params["formidling.reply_working_days"].use(offered_on)
    saturday, saturday_use = params["frister.saturday_is_working_day"].use(offered_on)
    count = add_working_days(offered_on, days, calendar, saturday)
    holidays = f" Helligdager som ikke telles: {count.holiday_text()}." if count.holidays else ""
    return ReplyDeadline(count.end, Step(
        rule="formidling.reply_deadline",
        reference=_ref(),
        version=max(use.effective, saturday_use.effective),
        outcome=count.end.isoformat(),
        text=(f"Tilbudet ble sendt {long_date(offered_on)}. Pasienten må svare innen {days} virkedager, senest "
              f"{long_date(count.end)}; uten svar går saken tilbake til det opprinnelige behandlingsstedet, og "
              f"pasienten beholder plassen på ventelisten der.{holidays}"),
        inputs={"offered_on": offered_on},
        outputs={"reply_deadline": count.end, "holidays": [{"date": d, "name": n} for d, n in count.holidays]},
        parameters=(use, saturday_use),
    ))


@dataclass(frozen=True)
class ProviderSlot:
    """A provider's free capacity in one treatment area, and whether it has an agreement with Helfo."""

    code: str
    name: str
    area: str
    capacity: int
    agreement: bool


@dataclass(frozen=True)
class Match:
    providers: tuple[ProviderSlot, ...]
    step: Step


def matching_providers(area: str, slots: Iterable[ProviderSlot], on: date) -> Match:
    """Providers with an agreement and free capacity in the area, most capacity first (then by name)."""
    found = tuple(sorted((s for s in slots if s.area == area and s.agreement and s.capacity > 0),
                         key=lambda s: (-s.capacity, s.name)))
    names = ", ".join(f"{s.name} ({s.capacity} ledige)" for s in found)
    return Match(found, Step(
        rule="formidling.providers",
        reference=_ref(),
        version=on,
        outcome="funnet" if found else "ingen",
        text=(f"Behandlingssteder med avtale og ledig kapasitet innen {area}: {names}." if found else
              f"Ingen behandlingssteder med avtale har ledig kapasitet innen {area}; Helfo må kjøpe direkte "
              "eller lete videre."),
        inputs={"area": area},
        outputs={"providers": [s.code for s in found]},
    ))


def queue_key(deadline: date, urgent: bool, case_id: int) -> tuple[int, date, int]:
    """Order of Helfo's queue: cases marked medically urgent first, then by the deadline date (oldest first)."""
    return (0 if urgent else 1, deadline, case_id)
