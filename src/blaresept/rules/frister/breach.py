"""Fristbrudd and the patient's rights when it happens.

- A breach: help has not started by the individual deadline (pasient- og brukerrettighetsloven § 2-1 b fjerde
  ledd; after Prop. 40 L (2022–2023) § 2-2 b første ledd). It exists from the day after the deadline.
- On breach the patient has the right to help without delay from another public provider, a private provider
  or a provider abroad; the RHF of the home region pays, travel included (spesialisthelsetjenesteloven § 5-2
  tredje ledd), and travel and stay are covered in full with no egenandel.
- Who notifies Helfo: the patient until 2015-10-31, the specialist health service from 2015-11-01; the patient
  may always call the Fristbruddtelefon (parameter frister.breach_notifier).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blaresept.rules import law
from blaresept.rules.frister.workdays import long_date
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

BREACH_SECTION = "§ 2-1 b"
BREACH_NOTE = "fra Prop. 40 L (2022–2023): § 2-2 b første ledd"
FRISTBRUDD_PHONE = "23 32 70 03"


@dataclass(frozen=True)
class BreachStatus:
    breached: bool
    since: date | None
    days_over: int
    step: Step


def breach_on(deadline: date, help_started: date | None, on: date) -> BreachStatus:
    """Is the deadline breached on the date? Breach = help not started by the deadline, seen after it."""
    since = deadline + timedelta(days=1)
    started_in_time = help_started is not None and help_started <= deadline
    breached = not started_in_time and on >= since
    if started_in_time:
        assert help_started is not None
        outcome, text = "overholdt", (f"Helsehjelpen startet {long_date(help_started)}, innen fristen "
                                      f"{long_date(deadline)}. Fristen er overholdt.")
    elif not breached:
        outcome, text = "løper", (f"Fristen for start av helsehjelp er {long_date(deadline)}; den er ikke passert "
                                  f"{long_date(on)}.")
    else:
        started = (f" Helsehjelpen startet først {long_date(help_started)}." if help_started is not None
                   else " Helsehjelpen har ikke startet.")
        outcome, text = "fristbrudd", (f"Fristen for start av helsehjelp var {long_date(deadline)}. Det er "
                                       f"fristbrudd fra og med {long_date(since)}.{started}")
    days_over = (on - deadline).days if breached else 0
    return BreachStatus(breached, since if breached else None, days_over, Step(
        rule="frister.breach",
        reference=law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE),
        version=on,
        outcome=outcome,
        text=text,
        inputs={"deadline": deadline, "help_started": help_started, "on": on},
        outputs={"breached": breached, "since": since if breached else None, "days_over": days_over},
    ))


@dataclass(frozen=True)
class BreachRights:
    notifier: str
    travel_in_full: bool
    options: tuple[str, ...]
    steps: tuple[Step, ...]


PROVIDER_OPTIONS = ("annet offentlig behandlingssted", "privat behandlingssted", "behandlingssted i utlandet")


def breach_rights(breach_since: date, params: ParameterSet) -> BreachRights:
    """The patient's rights once the deadline is breached, as the law stood on the first day of the breach."""
    notifier, notifier_use = params["frister.breach_notifier"].use(breach_since)
    travel, travel_use = params["frister.breach_travel_in_full"].use(breach_since)
    steps = [
        Step(
            rule="frister.breach_rights",
            reference=law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE),
            version=breach_since,
            outcome="rett_til_annen_tjenesteyter",
            text=("Ved fristbrudd har pasienten rett til å få helsehjelpen uten opphold fra et annet offentlig "
                  "behandlingssted, et privat behandlingssted eller et behandlingssted i utlandet. Helfo finner "
                  "tilbudet; pasienten kan ikke selv velge tjenesteyter."),
            inputs={"breach_since": breach_since},
            outputs={"options": list(PROVIDER_OPTIONS)},
        ),
        Step(
            rule="frister.breach_travel",
            reference=law.sphl("§ 5-2", "tredje"),
            version=travel_use.effective,
            outcome="fullt_dekket" if travel else "pasientreisesatser",
            text=("Det regionale helseforetaket i pasientens bostedsregion betaler helsehjelpen og reisen. Reise og "
                  "opphold dekkes fullt ut (rimeligste forsvarlige alternativ), også i utlandet, uten egenandel."
                  if travel else "Reisen dekkes etter de vanlige reglene for pasientreiser."),
            inputs={"breach_since": breach_since},
            outputs={"travel_in_full": travel},
            parameters=(travel_use,),
        ),
        Step(
            rule="frister.breach_notifier",
            reference=law.pbrl(BREACH_SECTION, "fjerde", BREACH_NOTE),
            version=notifier_use.effective,
            outcome=notifier,
            text=(f"Spesialisthelsetjenesten skal varsle Helfo om fristbruddet. Pasienten kan også selv melde det, "
                  f"for eksempel på Fristbruddtelefonen {FRISTBRUDD_PHONE}."
                  if notifier == "spesialisthelsetjenesten" else
                  f"Før 1. november 2015 måtte pasienten selv kontakte Helfo om fristbruddet "
                  f"(Fristbruddtelefonen {FRISTBRUDD_PHONE})."),
            inputs={"breach_since": breach_since},
            outputs={"notifier": notifier},
            parameters=(notifier_use,),
        ),
    ]
    return BreachRights(notifier, bool(travel), PROVIDER_OPTIONS, tuple(steps))
