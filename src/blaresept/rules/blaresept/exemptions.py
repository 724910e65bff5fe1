"""Who pays no copay: the patient (children under the age limit, minstepensjonister, frikort holders) or the
prescription (§ 4 allmennfarlige smittsomme sykdommer, an approved yrkesskade, the exempt refusjonskoder).

Sources: blåreseptforskriften § 8 andre ledd and § 4; folketrygdloven § 5-25 (yrkesskade); Pediatriveileder
13.8.2 (2009) "Refusjonsregler" points 1 and 3; the parameters under parameters/blaresept/exemptions/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules import law
from blaresept.rules.blaresept.dispensing import Hjemmel, Patient, Prescription
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step, rule_version


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on a date (a person born 29 February turns a year older on 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Exemption:
    """Why no copay is due, as a Volven 7415/7461 style category and a bokmål reason."""

    category: str
    reason: str


def patient_exemption(on: date, patient: Patient, params: ParameterSet) -> tuple[Exemption | None, Step]:
    """Whether the patient pays no copay on the date: under the child age limit, minstepensjonist, or frikort."""
    child_age, child_use = params["blaresept.exemptions.child_age"].use(on)
    pensioner_rule, pensioner_use = params["blaresept.exemptions.minimum_pensioner"].use(on)
    age = age_on(patient.birth_date, on)
    uses: tuple[ParameterUse, ...] = (child_use, pensioner_use)
    exemption: Exemption | None = None
    if age < 0:
        from blaresept.rules.errors import RuleInputError

        raise RuleInputError(
            f"Fødselsdatoen {patient.birth_date.isoformat()} ligger etter utleveringsdatoen {on.isoformat()}."
        )
    if age < child_age:
        exemption = Exemption("B", f"Pasienten er {age} år, og barn under {child_age} år betaler ikke egenandel.")
        reference = law.blaresept("§ 8", "andre")
    elif pensioner_rule and patient.minimum_pensioner:
        exemption = Exemption("M", "Pasienten er minstepensjonist og betaler ikke egenandel på blå resept.")
        reference = law.blaresept("§ 8", "andre")
    elif patient.frikort:
        exemption = Exemption("F", "Pasienten har frikort for året og betaler ikke egenandel.")
        reference = law.ftrl("§ 5-3")
    else:
        reference = law.blaresept("§ 8", "andre")
    text = exemption.reason if exemption else (
        f"Pasienten er {age} år (grensen for barn er {child_age} år), er ikke registrert som minstepensjonist "
        "og har ikke frikort, og betaler derfor egenandel."
    )
    step = Step(
        rule="blaresept.exemptions.patient",
        reference=reference,
        version=rule_version(*uses, default=on),
        outcome=f"fritatt:{exemption.category}" if exemption else "betaler_egenandel",
        text=text,
        inputs={
            "age": age,
            "birth_date": patient.birth_date,
            "minimum_pensioner": patient.minimum_pensioner,
            "frikort": patient.frikort,
        },
        outputs={"exempt": exemption is not None, "category": exemption.category if exemption else None},
        parameters=uses,
    )
    return exemption, step


def main_code(refund_code: str) -> str:
    """The main code a refusjonskode is matched on: 'ICD:K21.0' → 'K21', '-90' → '-90', 'B20.1' → 'B20'.

    An ICPC-2 code keeps its system ('ICPC:D84' → 'ICPC:D84'): the exempt codes are ICD-10 codes (Pediatriveileder
    13.8.2, 2009: «refusjonskoder ICD-10: D80–D84, B20–B24, Z21»), and ICPC-2 uses the same letters and digits for
    other diagnoses (ICPC-2 D84 is spiserørssykdom, ICD-10 D84 immunsvikt). A code without a system is read as
    ICD-10; the dash codes (-53, -90) belong to no system."""
    system, _, rest = refund_code.rpartition(":")
    code = rest.strip().upper()
    if code.startswith("-"):
        return code
    main = code.replace(".", "")[:3]
    if system.strip().upper().startswith("ICPC"):
        return f"ICPC:{main}"
    return main


def prescription_exemption(
    on: date, number: int, prescription: Prescription, params: ParameterSet
) -> tuple[Exemption | None, Step | None]:
    """Whether a prescription carries no copay: § 4, an approved yrkesskade, or an exempt refusjonskode."""
    label = f"Resept {number}"
    if prescription.hjemmel is Hjemmel.SECTION_4:
        rule, use = params["blaresept.exemptions.section4"].use(on)
        if rule:
            reason = f"{label} er skrevet etter § 4 (allmennfarlig smittsom sykdom): ingen egenandel."
            return Exemption("A", reason), Step(
                rule="blaresept.exemptions.section4",
                reference=law.blaresept("§ 4"),
                version=use.effective,
                outcome="fritatt:A",
                text=f"{label} er skrevet etter § 4 (allmennfarlig smittsom sykdom), og det betales ikke egenandel.",
                inputs={"prescription": number, "hjemmel": prescription.hjemmel.value},
                outputs={"exempt": True},
                parameters=(use,),
            )
    if prescription.yrkesskade:
        rule, use = params["blaresept.exemptions.yrkesskade"].use(on)
        if rule:
            return Exemption("Y", f"{label} gjelder en godkjent yrkesskade: ingen egenandel."), Step(
                rule="blaresept.exemptions.yrkesskade",
                reference=law.ftrl("§ 5-25"),
                version=use.effective,
                outcome="fritatt:Y",
                text=f"{label} gjelder behandling av en godkjent yrkesskade, og det betales ikke egenandel.",
                inputs={"prescription": number, "yrkesskade": True},
                outputs={"exempt": True},
                parameters=(use,),
            )
    if prescription.refund_code:
        codes, use = params["blaresept.exemptions.refund_codes"].use(on)
        code = main_code(prescription.refund_code)
        if codes and code in codes:
            return Exemption("A", f"{label} har refusjonskode {code}, som er fritatt for egenandel."), Step(
                rule="blaresept.exemptions.refund_code",
                reference=law.blaresept("§ 8", "andre"),
                version=use.effective,
                outcome="fritatt:refusjonskode",
                text=f"{label} har refusjonskode {prescription.refund_code}, som gir fritak for egenandel.",
                inputs={"prescription": number, "refund_code": prescription.refund_code, "main_code": code},
                outputs={"exempt": True},
                parameters=(use,),
            )
    return None, None
