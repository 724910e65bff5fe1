"""Stønad to examination and treatment by a logoped or audiopedagog (folketrygdloven § 5-10): is there a right
to stønad on a referral, does it need Helfo's prior approval before treatment starts, and how many treatments
does it cover before a new application is needed.

The rules in force on the referral's date apply:
- until 2021-12-31: a doctor's referral, documentation from a specialist or a hospital's specialist department that
  illness causes the need, and — for children under 18 from 2017, for everyone before — Helfo's prior approval
  before treatment starts; support covers 25 treatments, more needing a new application with statements from the
  doctor and the logoped (seed 000; Helfo's older pages);
- from 2022-01-01 (Prop. 4 L (2021–2022)): a doctor's referral with a diagnosis suffices; no prior approval, no
  specialist statement, no 25-treatment rule;
- always: a referral is not backdated (treatment before the referral is not covered), and there is no stønad
  when the kommune or fylkeskommune provides the help (subsidiarity).

Every function here is pure: facts and parameters in, the result with its explanation steps out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from blaresept.rules.errors import RuleInputError
from blaresept.rules.law import ftrl
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step


class Therapist(StrEnum):
    LOGOPED = "logoped"
    AUDIOPEDAGOG = "audiopedagog"


@dataclass(frozen=True)
class Referral:
    """A doctor's referral and the facts around it.

    `treatment_start` is the first treatment (None: not started); `treatments_used` how many treatments have been
    given on the referral (or the approval) so far; `municipal_offer` that the kommune or fylkeskommune provides
    the help (opplæringslova, helse- og omsorgstjenesteloven, barnehageloven)."""

    patient_birth_date: date
    referral_date: date
    therapist: Therapist = Therapist.LOGOPED
    diagnosis: str | None = None
    specialist_statement: bool = False
    municipal_offer: bool = False
    treatment_start: date | None = None
    treatments_used: int = 0


@dataclass(frozen=True)
class LogopedAssessment:
    """`eligible`: the referral gives a right to stønad; `prior_approval`: Helfo must approve it before treatment
    starts; `treatment_limit`: treatments covered before a new application (None: no limit); `reasons`: why not
    (bokmål); `steps`: the explanation."""

    eligible: bool
    prior_approval: bool
    treatment_limit: int | None
    treatments_left: int | None
    reasons: tuple[str, ...]
    steps: tuple[Step, ...]


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _norwegian(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def assess_referral(referral: Referral, params: ParameterSet) -> LogopedAssessment:
    """The rules in force on the referral's date over the referral. Raises OutOfScope for a date before 2009 and
    RuleInputError for contradictory input (a negative count, a referral before the patient was born)."""
    on = referral.referral_date
    if referral.treatments_used < 0:
        raise RuleInputError("Antall behandlinger kan ikke være negativt.")
    if referral.patient_birth_date > on:
        raise RuleInputError("Henvisningen er datert før pasienten ble født.")
    steps: list[Step] = []
    reasons: list[str] = []
    specialist, specialist_use = params["logoped.specialist_statement"].use(on)
    approval, approval_use = params["logoped.prior_approval"].use(on)
    child_age, age_use = params["logoped.child_age"].use(on)
    limit, limit_use = params["logoped.treatments_per_referral"].use(on)
    who = "logoped" if referral.therapist is Therapist.LOGOPED else "audiopedagog"

    # the referral: from a doctor, not backdated; from 2022 with a diagnosis
    referral_ok = True
    if referral.treatment_start is not None and referral.treatment_start < on:
        referral_ok = False
        text = (f"Behandlingen startet {_norwegian(referral.treatment_start)}, før henvisningen ble skrevet "
                f"{_norwegian(on)}. En henvisning kan ikke tilbakedateres; behandling før henvisningen dekkes ikke.")
    elif not specialist and not (referral.diagnosis or "").strip():
        referral_ok = False
        text = "Henvisningen fra legen må oppgi diagnosen."
    else:
        text = f"Henvisningen fra lege er datert {_norwegian(on)}" + (
            f" og oppgir diagnosen {referral.diagnosis}." if referral.diagnosis else ".")
    if not referral_ok:
        reasons.append(text)
    steps.append(Step(rule="logoped.referral", reference=ftrl("§ 5-10"), version=specialist_use.effective,
                      outcome="oppfylt" if referral_ok else "ikke_oppfylt", text=text,
                      inputs={"henvisning": on, "behandlingsstart": referral.treatment_start,
                              "diagnose": referral.diagnosis},
                      outputs={"oppfylt": referral_ok}, parameters=(specialist_use,)))

    # the specialist statement (until 2021)
    if specialist:
        ok = referral.specialist_statement
        text = ("Det foreligger dokumentasjon fra spesialistlege eller spesialavdeling om at sykdom er årsaken til "
                "behovet." if ok else "Søknaden mangler dokumentasjon fra spesialistlege eller spesialavdeling på "
                "sykehus om at det er sykdom som er årsak til behovet.")
        if not ok:
            reasons.append(text)
        steps.append(Step(rule="logoped.specialist_statement", reference=ftrl("§ 5-10"),
                          version=specialist_use.effective, outcome="oppfylt" if ok else "ikke_oppfylt", text=text,
                          inputs={"spesialisterklæring": referral.specialist_statement}, outputs={"oppfylt": ok},
                          parameters=(specialist_use,)))
    else:
        steps.append(Step(rule="logoped.specialist_statement", reference=ftrl("§ 5-10"),
                          version=specialist_use.effective, outcome="ikke_relevant",
                          text="Fra 1. januar 2022 trengs ingen spesialisterklæring; henvisning fra lege med diagnose "
                          "er nok.", outputs={"kreves": False}, parameters=(specialist_use,)))

    # subsidiarity
    if referral.municipal_offer:
        text = (f"Kommunen eller fylkeskommunen gir tilbudet om {who}; da gir ikke folketrygden stønad (§ 5-10 er "
                "subsidiær til opplæringslova, helse- og omsorgstjenesteloven og barnehageloven).")
        reasons.append(text)
    else:
        text = f"Kommunen eller fylkeskommunen gir ikke tilbudet om {who}."
    steps.append(Step(rule="logoped.subsidiarity", reference=ftrl("§ 5-10"), version=date(2009, 1, 1),
                      outcome="ikke_oppfylt" if referral.municipal_offer else "oppfylt", text=text,
                      inputs={"kommunalt_tilbud": referral.municipal_offer},
                      outputs={"oppfylt": not referral.municipal_offer}))

    # prior approval
    age = _age_on(referral.patient_birth_date, on)
    prior = approval == "all" or (approval == "children" and age < child_age)
    if approval == "none":
        text = "Fra 1. januar 2022 trengs ikke forhåndsgodkjenning fra Helfo; behandlingen kan starte på henvisningen."
    elif prior:
        text = ("Helfo må godkjenne henvisningen før behandlingen starter"
                + (f" (pasienten er {age} år, under {child_age})." if approval == "children" else "."))
    else:
        text = f"Pasienten er {age} år; voksne trenger ikke forhåndsgodkjenning fra Helfo."
    steps.append(Step(rule="logoped.prior_approval", reference=ftrl("§ 5-10"),
                      version=max(approval_use.effective, age_use.effective), outcome="kreves" if prior else
                      "kreves_ikke", text=text, inputs={"alder": age}, outputs={"forhåndsgodkjenning": prior},
                      parameters=(approval_use, age_use)))

    # the number of treatments
    left = None if limit is None else max(limit - referral.treatments_used, 0)
    if limit is None:
        text = "Fra 1. januar 2022 er det ingen grense på 25 behandlinger per henvisning."
    elif left == 0:
        text = (f"Alle {limit} behandlinger på henvisningen er brukt. Flere behandlinger krever ny søknad med "
                "erklæring fra både lege og logoped/audiopedagog.")
        reasons.append(text)
    else:
        text = f"Henvisningen gir stønad til {limit} behandlinger; {left} gjenstår."
    steps.append(Step(rule="logoped.treatment_limit", reference=ftrl("§ 5-10"), version=limit_use.effective,
                      outcome="grense" if limit is not None else "ingen_grense", text=text,
                      inputs={"brukt": referral.treatments_used}, outputs={"grense": limit, "igjen": left},
                      parameters=(limit_use,)))
    return LogopedAssessment(not reasons, prior, limit, left, tuple(reasons), tuple(steps))
