"""The assessment deadline (vurderingsfrist) and the individual deadline set at assessment.

- A referral to the specialist health service is to be assessed within 30 virkedager of receipt (until
  2015-10-31) or 10 virkedager (from 2015-11-01); with suspected serious or life-threatening illness the
  patient has a right to a faster assessment (pasient- og brukerrettighetsloven § 2-2 første ledd;
  parameters frister.assessment_working_days, frister.serious_illness_sooner).
- At assessment a patient with a right to necessary help gets a binding deadline for when help must start at
  the latest (§ 2-2 første ledd fjerde punktum; before 2015 only a rettighetspasient). The date is set by the
  hospital, guided by Helsedirektoratet's prioriteringsveiledere, and is stored as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.frister.workdays import HolidayCalendar, add_working_days, long_date, short_date
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step, rule_version

REFORM = date(2015, 11, 1)


@dataclass(frozen=True)
class AssessmentDeadline:
    received: date
    working_days: int
    deadline: date
    holidays: tuple[tuple[date, str], ...]
    sooner: bool
    steps: tuple[Step, ...]


def assessment_deadline(received: date, serious_illness_suspected: bool, params: ParameterSet,
                        calendar: HolidayCalendar) -> AssessmentDeadline:
    """The last day the referral received on `received` may be assessed."""
    days, days_use = params["frister.assessment_working_days"].use(received)
    saturday, saturday_use = params["frister.saturday_is_working_day"].use(received)
    count = add_working_days(received, days, calendar, saturday)
    not_counted = "Søndager" if saturday else "Lørdager og søndager"
    text = (
        f"Henvisningen ble mottatt {long_date(received)}. Den skal være vurdert innen {days} virkedager, altså "
        f"senest {long_date(count.end)}. {not_counted} telles ikke"
        + (f", og heller ikke disse helligdagene: {count.holiday_text()}." if count.holidays else ".")
    )
    steps = [Step(
        rule="frister.assessment_deadline",
        reference=law.pbrl("§ 2-2", "første"),
        version=rule_version(days_use, saturday_use, default=received),
        outcome=count.end.isoformat(),
        text=text,
        inputs={"received": received, "serious_illness_suspected": serious_illness_suspected},
        outputs={"working_days": days, "deadline": count.end,
                 "holidays": [{"date": d, "name": n} for d, n in count.holidays]},
        parameters=(days_use, saturday_use),
    )]
    sooner = False
    if serious_illness_suspected:
        sooner_param = params["frister.serious_illness_sooner"]
        if received < sooner_param.first_date:
            steps.append(Step(
                rule="frister.serious_illness_sooner",
                reference=law.pbrl("§ 2-2", "første", "tredje punktum"),
                version=received,
                outcome="ingen_kilde",
                text=(f"Henvisningen oppgir mistanke om alvorlig sykdom, men Blåresept har ingen kilde for regelen om "
                      f"raskere vurdering før {short_date(sooner_param.first_date)}; bare den ordinære fristen er "
                      "regnet."),
                inputs={"received": received},
                outputs={"sooner": False},
            ))
        else:
            sooner, sooner_use = sooner_param.use(received)
            steps.append(Step(
                rule="frister.serious_illness_sooner",
                reference=law.pbrl("§ 2-2", "første", "tredje punktum"),
                version=sooner_use.effective,
                outcome="raskere" if sooner else "ordinær",
                text=("Henvisningen oppgir mistanke om alvorlig eller livstruende sykdom. Da har pasienten rett til "
                      f"raskere vurdering enn {days} virkedager; loven setter ingen bestemt dato, så "
                      f"{long_date(count.end)} er den ytterste fristen."),
                inputs={"received": received},
                outputs={"sooner": sooner},
                parameters=(sooner_use,),
            ))
    return AssessmentDeadline(received, days, count.end, count.holidays, bool(sooner), tuple(steps))


@dataclass(frozen=True)
class Assessment:
    """The hospital's assessment: on time or not, the right to help, and the individual deadline as given."""

    on_time: bool
    has_right: bool
    deadline: date | None
    steps: tuple[Step, ...]


def assess(referral: AssessmentDeadline, assessed_on: date, has_right: bool, deadline: date | None) -> Assessment:
    """Record the assessment. A patient with a right to help must get a deadline on or after the assessment
    date; a patient without one gets none."""
    if assessed_on < referral.received:
        raise RuleInputError(
            f"Vurderingsdatoen {assessed_on.isoformat()} er før henvisningen ble mottatt "
            f"({referral.received.isoformat()})."
        )
    if has_right and deadline is None:
        raise RuleInputError("En pasient med rett til nødvendig helsehjelp skal få en frist for når helsehjelpen "
                             "senest skal starte. Oppgi fristen.")
    if not has_right and deadline is not None:
        raise RuleInputError("En frist for start av helsehjelp gis bare når pasienten har rett til nødvendig "
                             "helsehjelp fra spesialisthelsetjenesten.")
    if deadline is not None and deadline < assessed_on:
        raise RuleInputError(
            f"Fristen for start av helsehjelp ({deadline.isoformat()}) kan ikke være før vurderingsdatoen "
            f"({assessed_on.isoformat()})."
        )
    on_time = assessed_on <= referral.deadline
    before = referral.received < REFORM
    has_text = "er rettighetspasient" if before else "har rett til nødvendig helsehjelp"
    has_not_text = "er ikke rettighetspasient" if before else "har ikke rett til nødvendig helsehjelp"
    timing = (f"Henvisningen ble vurdert {long_date(assessed_on)}, innen vurderingsfristen "
              f"{long_date(referral.deadline)}."
              if on_time else
              f"Henvisningen ble vurdert {long_date(assessed_on)}, etter vurderingsfristen "
              f"{long_date(referral.deadline)}.")
    steps = [Step(
        rule="frister.assessed_on_time",
        reference=law.pbrl("§ 2-2", "første"),
        version=referral.steps[0].version,
        outcome="i_tide" if on_time else "for_sent",
        text=timing,
        inputs={"assessed_on": assessed_on, "assessment_deadline": referral.deadline},
        outputs={"on_time": on_time},
    )]
    if has_right:
        assert deadline is not None
        text = (f"Pasienten {has_text} og har fått frist for når helsehjelpen senest skal starte: "
                f"{long_date(deadline)}. Fristen er satt av behandlingsstedet etter Helsedirektoratets "
                "prioriteringsveiledere og lagres slik den er gitt.")
    else:
        text = (f"Pasienten {has_not_text} etter vurderingen, og får ingen frist; det kan derfor ikke "
                "oppstå fristbrudd.")
    steps.append(Step(
        rule="frister.individual_deadline",
        reference=law.pbrl("§ 2-2", "første", "fjerde punktum"),
        version=referral.steps[0].version,
        outcome="frist" if has_right else "ingen_rett",
        text=text,
        inputs={"has_right": has_right, "deadline": deadline},
        outputs={"deadline": deadline},
    ))
    return Assessment(on_time, has_right, deadline, tuple(steps))
