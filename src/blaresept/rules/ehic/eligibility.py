"""Who may have a European health insurance card (europeisk helsetrygdkort) from Norway, and for how long.

A person qualifies on their own ground when they are a member of the folketrygd and a citizen of Norway, another
EU/EØS state or Switzerland (trygdeforordningen art. 2, helsenorge), or as a family member of such a person —
spouse, registered partner, cohabitant with common children, a child under the age limit or a supported child
above it — whatever their own citizenship or membership (art. 1 bokstav i; helsenorge, nyinorge). Refugees and
stateless persons may qualify (helsenorge: «det finnes noen unntak»): that is left to a caseworker, never decided
by the rules. The card is valid for the dated number of years from the day it is issued, while the conditions
hold (art. 19; gjennomføringsforordningen art. 25).

Every function here is pure: facts and parameters in, a result with its explanation steps out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from blaresept.rules.errors import RuleInputError
from blaresept.rules.law import trygdeforordningen
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step, rule_version


class Citizenship(StrEnum):
    """Citizenship codes besides ISO 3166-1 alpha-2 country codes."""

    STATELESS = "stateless"
    REFUGEE = "refugee"


class Relation(StrEnum):
    """How a family member is related to the person through whom they qualify."""

    SPOUSE = "spouse"
    PARTNER = "partner"
    COHABITANT_COMMON_CHILDREN = "cohabitant_common_children"
    CHILD = "child"
    SUPPORTED_CHILD = "supported_child"


RELATION_LABELS = {
    Relation.SPOUSE: "ektefelle",
    Relation.PARTNER: "registrert partner",
    Relation.COHABITANT_COMMON_CHILDREN: "samboer med felles barn",
    Relation.CHILD: "barn",
    Relation.SUPPORTED_CHILD: "forsørget barn",
}


class Ground(StrEnum):
    OWN = "own"
    FAMILY_MEMBER = "family_member"
    NONE = "none"
    OPEN = "open"


@dataclass(frozen=True)
class Insured:
    """What the rules need to know of one person: birth date, citizenship (ISO code, or stateless/refugee) and
    whether they are a member of the folketrygd on the date."""

    birth_date: date
    citizenship: str
    member: bool


@dataclass(frozen=True)
class FamilyLink:
    """The family member through whom a person may qualify, and how they are related."""

    relation: Relation
    holder: Insured


@dataclass(frozen=True)
class EhicAssessment:
    """The result for one person on one date.

    `eligible` is True, False, or None when a caseworker must decide (an open point); `valid_to` is the last day
    of a card issued on the date (inclusive), or None when not eligible; `reason` is the bokmål reason for a
    refusal or the open point; `steps` explain it."""

    eligible: bool | None
    ground: Ground
    valid_from: date | None
    valid_to: date | None
    reason: str
    steps: tuple[Step, ...]


def _country(code: str) -> str:
    code = code.strip().upper()
    if code.lower() in {c.value for c in Citizenship}:
        return code.lower()
    if len(code) != 2 or not code.isalpha():
        raise RuleInputError(f"Statsborgerskap må være en landkode med to bokstaver (ISO 3166), som NO eller SE, "
                             f"eller «stateless»/«refugee» – ikke «{code}».")
    return code


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _own_ground(person: Insured, on: date, params: ParameterSet, who: str) -> tuple[bool | None, str, Step]:
    """Member of the folketrygd and a citizen of an EU/EØS state or Switzerland."""
    countries, use = params["ehic.citizenships"].use(on)
    citizenship = _country(person.citizenship)
    inputs = {"medlem": person.member, "statsborgerskap": citizenship}
    if not person.member:
        reason = f"{who} er ikke medlem av folketrygden, som er et vilkår for eget helsetrygdkort fra Norge."
        outcome: bool | None = False
    elif citizenship in {Citizenship.STATELESS, Citizenship.REFUGEE}:
        label = "statsløs" if citizenship == Citizenship.STATELESS else "flyktning"
        reason = (f"{who} er {label}. Flyktninger og statsløse kan ha rett til kortet; det må vurderes av "
                  "saksbehandler.")
        outcome = None
    elif citizenship in countries:
        reason = f"{who} er medlem av folketrygden og statsborger i et EU/EØS-land eller Sveits ({citizenship})."
        outcome = True
    else:
        reason = (f"{who} er statsborger i et land utenfor EU/EØS og Sveits ({citizenship}) på datoen, og har "
                  "derfor ikke rett til kortet på eget grunnlag.")
        if citizenship == "GB":
            reason += (" Britiske borgere som er omfattet av avtalen om Storbritannias utmeldelse, kan likevel ha "
                       "rett; be Helfo vurdere det.")
        outcome = False
    step = Step(
        rule="ehic.own_ground", reference=trygdeforordningen("art. 2", "første"),
        version=rule_version(use, default=on),
        outcome={True: "oppfylt", False: "ikke_oppfylt", None: "åpent"}[outcome],
        text=reason, inputs=inputs, outputs={"rett": outcome}, parameters=(use,),
    )
    return outcome, reason, step


def _family_ground(person: Insured, link: FamilyLink, on: date, params: ParameterSet,
                   ) -> tuple[bool | None, str, list[Step]]:
    """A family member of a person who qualifies on their own ground."""
    holder_ok, holder_reason, holder_step = _own_ground(link.holder, on, params, "Familiemedlemmet")
    steps = [holder_step]
    relations, relations_use = params["ehic.family_relations"].use(on)
    child_age, age_use = params["ehic.family_child_age"].use(on)
    label = RELATION_LABELS[link.relation]
    age = _age_on(person.birth_date, on)
    if link.relation.value not in relations:
        outcome: bool | None = False
        reason = f"Relasjonen «{label}» gir ikke rett til kortet som familiemedlem på datoen."
    elif link.relation is Relation.CHILD and age >= child_age:
        outcome = False
        reason = (f"Barnet er {age} år; barn får kortet som familiemedlem bare til de fyller {child_age} år"
                  + (" (eldre barn bare når de forsørges)." if Relation.SUPPORTED_CHILD.value in relations else "."))
    elif link.relation in {Relation.CHILD, Relation.SUPPORTED_CHILD} and link.holder.birth_date >= person.birth_date:
        raise RuleInputError("Et barn kan ikke være eldre enn forelderen det får kortet gjennom.")
    elif holder_ok is None:
        outcome = None
        reason = "Retten som familiemedlem avhenger av familiemedlemmets rett, som må vurderes av saksbehandler."
    elif not holder_ok:
        outcome = False
        reason = f"Familiemedlemmet har ikke selv rett til kortet, så {label} får det ikke gjennom dem."
    else:
        outcome = True
        reason = (f"Personen er {label} av et familiemedlem med rett til kortet, og får kortet uansett eget "
                  "statsborgerskap og medlemskap.")
    steps.append(Step(
        rule="ehic.family_member", reference=trygdeforordningen("art. 1", point="bokstav i"),
        version=rule_version(relations_use, age_use, default=on),
        outcome={True: "oppfylt", False: "ikke_oppfylt", None: "åpent"}[outcome], text=reason,
        inputs={"relasjon": link.relation.value, "alder": age, "familiemedlem_rett": holder_ok},
        outputs={"rett": outcome}, parameters=(relations_use, age_use),
    ))
    return outcome, reason, steps


def anniversary(day: date, years: int) -> date:
    """The same date `years` later; for 29 February in a year without it, 1 March (so a card issued on 29 February
    2024 is valid through 28 February 2027)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _norwegian(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def card_validity(issued: date, params: ParameterSet) -> tuple[date, Step]:
    """The last day a card issued on `issued` is valid: the dated number of years later, less one day."""
    from datetime import timedelta

    years, use = params["ehic.validity_years"].use(issued)
    last = anniversary(issued, years) - timedelta(days=1)
    return last, Step(
        rule="ehic.validity", reference=trygdeforordningen("art. 19", "første"), version=use.effective,
        outcome="gyldighet", text=f"Kortet gjelder i {years} år: fra utstedelsen til og med {_norwegian(last)}, så "
        "lenge vilkårene er oppfylt.", inputs={"utstedt": issued}, outputs={"gyldig_til": last}, parameters=(use,),
    )


def assess_ehic(person: Insured, on: date, params: ParameterSet, family: FamilyLink | None = None) -> EhicAssessment:
    """May `person` have a card issued on `on`? On their own ground first, then through `family` if given.

    Raises RuleInputError (bokmål) for an unreadable citizenship code and OutOfScope for a date before the first
    sourced value."""
    own_ok, own_reason, own_step = _own_ground(person, on, params, "Personen")
    steps: list[Step] = [own_step]
    if own_ok:
        eligible: bool | None = True
        ground, reason = Ground.OWN, own_reason
    elif family is not None:
        fam_ok, fam_reason, fam_steps = _family_ground(person, family, on, params)
        steps += fam_steps
        if fam_ok:
            eligible, ground, reason = True, Ground.FAMILY_MEMBER, fam_reason
        elif own_ok is None or fam_ok is None:
            eligible, ground, reason = None, Ground.OPEN, own_reason if own_ok is None else fam_reason
        else:
            eligible, ground, reason = False, Ground.NONE, f"{own_reason} {fam_reason}"
    else:
        eligible = own_ok
        ground = Ground.OPEN if own_ok is None else Ground.NONE
        reason = own_reason
    if eligible:
        valid_to, validity_step = card_validity(on, params)
        steps.append(validity_step)
        return EhicAssessment(True, ground, on, valid_to, reason, tuple(steps))
    return EhicAssessment(eligible, ground, None, None, reason, tuple(steps))
