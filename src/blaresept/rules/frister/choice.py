"""The patient's choice of where to be treated (pasient- og brukerrettighetsloven § 2-4).

- Fritt sykehusvalg (until 2015-10-31): public hospitals and private ones contracted with an RHF.
- Fritt behandlingsvalg (2015-11-01 … 2022-12-31): also private providers approved by Helfo
  (godkjenningsordningen, spesialisthelsetjenesteloven § 4-3).
- Rett til valg av behandlingssted (from 2023-01-01): only providers owned by or contracted with an RHF; a
  patient who had started with a Helfo-approved provider before 2023 may finish through 2023.
Parameters frister.provider_choice and frister.provider_choice_transition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.frister.workdays import long_date
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

PROVIDER_KINDS = {
    "offentlig": "et offentlig behandlingssted",
    "rhf_avtale": "et privat behandlingssted med avtale med et regionalt helseforetak",
    "helfo_godkjent": "et privat behandlingssted godkjent av Helfo",
    "privat": "et privat behandlingssted uten avtale eller godkjenning",
}


@dataclass(frozen=True)
class ProviderChoice:
    allowed: bool
    scheme: str
    step: Step


def provider_choice(on: date, provider_kind: str, params: ParameterSet,
                    started_before_2023: bool = False) -> ProviderChoice:
    """May the patient choose a provider of this kind on the date?"""
    if provider_kind not in PROVIDER_KINDS:
        raise RuleInputError(f"Ukjent type behandlingssted «{provider_kind}» (kjente: {', '.join(PROVIDER_KINDS)}).")
    value, use = params["frister.provider_choice"].use(on)
    scheme, kinds = str(value["scheme"]), tuple(value["kinds"])
    allowed = provider_kind in kinds
    uses = [use]
    transition = False
    if not allowed and provider_kind == "helfo_godkjent" and started_before_2023:
        transition_param = params["frister.provider_choice_transition"]
        if on >= transition_param.first_date:
            rule, transition_use = transition_param.use(on)
            uses.append(transition_use)
            transition = allowed = on <= rule["last_day"]
    what = PROVIDER_KINDS[provider_kind]
    if transition:
        text = (f"Etter {scheme} kan pasienten fra 1. januar 2023 bare velge behandlingssteder som eies av eller har "
                f"avtale med et regionalt helseforetak, men en pasient som startet hos et Helfo-godkjent "
                f"behandlingssted før 2023 kan fullføre behandlingen der ut 2023.")
    elif allowed:
        text = f"Etter {scheme} kan pasienten {long_date(on)} velge {what}."
    else:
        text = f"Etter {scheme} kan pasienten {long_date(on)} ikke velge {what}."
    return ProviderChoice(allowed, scheme, Step(
        rule="frister.provider_choice",
        reference=law.pbrl("§ 2-4"),
        version=max(u.effective for u in uses),
        outcome="kan_velges" if allowed else "kan_ikke_velges",
        text=text,
        inputs={"on": on, "provider_kind": provider_kind, "started_before_2023": started_before_2023},
        outputs={"allowed": allowed, "scheme": scheme, "kinds": list(kinds)},
        parameters=tuple(uses),
    ))
