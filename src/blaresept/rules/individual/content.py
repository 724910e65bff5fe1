"""Is the application complete? Checks what Helfo's page lists under «Opplysninger som må være med i
søknaden» (blåreseptforskriften § 10a; § 3), and the extra content for reseptgruppe A/B (§ 3 femte ledd), for
drugs that needed a method assessment (§ 3 andre and tredje ledd), for off-label use and drugs not marketed in
Norway (§ 3 fjerde ledd). Every missing item is named in bokmål.

An application the rules cannot read at all (a period that ends before it starts, PKU under § 6 punkt 3) is
refused as input (RuleInputError); an application that lacks something is received and the doctor is asked to
supplement it.

Sources: shared/seeds/001_… (the list, «Sykdommens alvorlighet», «Hva menes med gjentatt behandling…»,
«tungtveiende medisinske hensyn», «Bruk utenfor godkjent indikasjon», «Søknad om ikke-markedsførte legemidler»,
«Tilleggsvilkår … reseptgruppe A og B», «Nye legemidler og kravet til metodevurdering»); shared/seeds/004_…
«Veiledning ved utfylling av søknad om refusjon».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.applicant import check_applicant
from blaresept.rules.individual.model import (
    Application,
    Indication,
    Kind,
    MethodAssessment,
    MissingItem,
    RequestedDrug,
    WeightyReason,
)
from blaresept.rules.individual.nutrition import check_nutrition_content
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step, rule_version

ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?$")
ICPC2 = re.compile(r"^([A-Z][0-9]{2}|-[0-9]{2})$")
SYSTEMS = {"ICD-10": ICD10, "ICPC-2": ICPC2}


@dataclass(frozen=True)
class Completeness:
    """Whether the application holds everything it must, and what it lacks."""

    complete: bool
    missing: tuple[MissingItem, ...]
    steps: tuple[Step, ...]


def check_completeness(app: Application, params: ParameterSet) -> Completeness:
    """Every item the application must hold, for its kind and date; the missing ones named in bokmål."""
    _check_readable(app)
    steps: list[Step] = []
    missing: list[MissingItem] = []
    common, step = _common_items(app)
    missing += common
    steps.append(step)
    if app.kind is Kind.DRUG:
        drug_items, drug_steps = _drug_items(app, params)
        missing += drug_items
        steps += drug_steps
    else:
        nutrition_items, step = check_nutrition_content(app, params)
        missing += nutrition_items
        steps.append(step)
    applicant_items, step = check_applicant(app, params)
    missing += applicant_items
    steps.append(step)
    return Completeness(not missing, tuple(missing), tuple(steps))


def severity_exemption(app: Application, params: ParameterSet) -> tuple[str | None, ParameterUse]:
    """Why no description of severity is needed (bokmål), or None when it is. Before 2018 it never was."""
    required, use = params["individual.severity_required"].use(app.received)
    if not required:
        return "Før 1. januar 2018 var alvorlighet ikke et eget vilkår i søknaden.", use
    diagnosis = app.diagnosis
    if diagnosis and diagnosis.section2_refund_code:
        return f"Diagnosen {diagnosis.code} har refusjonskode etter § 2, så alvorlighet regnes som oppfylt.", use
    if app.drugs and all(d.vedlegg1 for d in app.drugs):
        return "Legemidlet er omfattet av vedlegg 1 til § 5-14 for diagnosen.", use
    if diagnosis and diagnosis.obviously_severe:
        return "Legen oppgir at sykdommen er åpenbart alvorlig.", use
    return None, use


def method_assessment_applies(app: Application, drug: RequestedDrug,
                              params: ParameterSet) -> tuple[bool | None, ParameterUse]:
    """Whether the drug needed a method assessment: True, False, or None when its marketing date is unknown."""
    rule, use = params["individual.method_assessment"].use(app.received)
    if not rule.get("required"):
        return False, use
    if drug.marketing_application_pending:
        return True, use
    if drug.marketing_authorisation is not None:
        cutoff = rule["marketed_from"]
        return drug.marketing_authorisation >= cutoff, use
    if not drug.marketed_in_norway:
        return False, use
    return None, use


def _check_readable(app: Application) -> None:
    for period in app.need:
        if period.end is not None and period.end < period.start:
            raise RuleInputError(
                f"Behandlingsperioden som starter {period.start.isoformat()} slutter før den starter "
                f"({period.end.isoformat()})."
            )
    if app.patient_birth_date > app.received:
        raise RuleInputError(
            f"Fødselsdatoen {app.patient_birth_date.isoformat()} ligger etter søknadsdatoen {app.received.isoformat()}."
        )


def _common_items(app: Application) -> tuple[list[MissingItem], Step]:
    reference = law.blaresept("§ 10a")
    missing: list[MissingItem] = []
    applicant = app.applicant
    if not applicant.name.strip() or not applicant.hpr.strip():
        missing.append(MissingItem("applicant.identity", "Søkende leges navn og HPR-nummer mangler.", reference))
    if not any((value or "").strip() for value in (applicant.phone, applicant.email, applicant.address)):
        missing.append(MissingItem(
            "applicant.contact", "Søkende leges kontaktinformasjon (telefon, e-post eller adresse) mangler.",
            reference))
    if not app.consent:
        missing.append(MissingItem(
            "consent", "Det må gå fram at pasienten har samtykket til at legen søker på pasientens vegne.", reference))
    if not app.need:
        missing.append(MissingItem(
            "need",
            "Opplysninger om behovet for gjentatt behandling over en langvarig periode mangler (når behandlingen "
            "starter og hvor lenge den skal vare; flere perioder og flere legemidler for samme sykdom kan legges "
            "sammen).",
            law.blaresept("§ 3", "første") if app.kind is Kind.DRUG else law.blaresept("§ 6"),
        ))
    step = Step(
        rule="individual.content.common",
        reference=reference,
        version=app.received,
        outcome="mangler" if missing else "komplett",
        text=("Søknaden mangler: " + " ".join(m.text for m in missing)) if missing else
        "Søknaden har søkende leges kontaktinformasjon, pasientens samtykke og opplysninger om behovet for "
        "langvarig behandling.",
        inputs={"consent": app.consent, "need_periods": len(app.need)},
        outputs={"missing": [m.code for m in missing]},
    )
    return missing, step


def _drug_items(app: Application, params: ParameterSet) -> tuple[list[MissingItem], list[Step]]:
    missing: list[MissingItem] = []
    uses: list[ParameterUse] = []
    ledd1 = law.blaresept("§ 3", "første")
    application_reference = law.blaresept("§ 10a")
    if not app.drugs:
        missing.append(MissingItem("drugs", "Oppgi hvilket eller hvilke legemidler det søkes om.",
                                   application_reference))
    for index, drug in enumerate(app.drugs):
        if not drug.name.strip():
            missing.append(MissingItem(f"drug.name[{index}]", f"Legemiddel nr. {index + 1} mangler navn.",
                                       application_reference))
        elif not (drug.atc or drug.varenummer):
            missing.append(MissingItem(f"drug.identity[{index}]",
                                       f"Oppgi ATC-kode eller varenummer for {drug.name}.", application_reference))
    missing += _diagnosis_items(app)
    exemption, use = severity_exemption(app, params)
    uses.append(use)
    if exemption is None:
        missing += _severity_items(app)
    missing += _tried_items(app)
    missing += _addictive_items(app)
    new_drug_items, new_uses = _new_drug_items(app, params)
    missing += new_drug_items
    uses += new_uses
    missing += _documentation_items(app)
    step = Step(
        rule="individual.content.drug",
        reference=ledd1,
        version=rule_version(*uses, default=app.received),
        outcome="mangler" if missing else "komplett",
        text=("Søknaden om legemidler mangler: " + " ".join(m.text for m in missing)) if missing else
        "Søknaden om legemidler har legemiddel, diagnose, alvorlighet (eller grunnen til at den ikke trengs), "
        "tidligere behandling og de tilleggsopplysningene legemidlet krever.",
        inputs={"drugs": [d.label for d in app.drugs],
                "diagnosis": app.diagnosis.refund_code if app.diagnosis else None,
                "severity_exemption": exemption},
        outputs={"missing": [m.code for m in missing]},
        parameters=tuple(uses),
    )
    return missing, [step]


def _diagnosis_items(app: Application) -> list[MissingItem]:
    reference = law.blaresept("§ 10a")
    diagnosis = app.diagnosis
    if diagnosis is None:
        return [MissingItem("diagnosis", "Diagnose med diagnosekode (ICD-10 eller ICPC-2) mangler.", reference)]
    items: list[MissingItem] = []
    pattern = SYSTEMS.get(diagnosis.system)
    if pattern is None:
        items.append(MissingItem("diagnosis.system",
                                 f"Kodeverket «{diagnosis.system}» er ukjent; bruk ICD-10 eller ICPC-2.", reference))
    elif not diagnosis.code.strip():
        items.append(MissingItem("diagnosis.code", "Diagnosekoden mangler.", reference))
    elif not pattern.match(diagnosis.code.strip().upper()):
        items.append(MissingItem("diagnosis.code",
                                 f"«{diagnosis.code}» er ikke en gyldig {diagnosis.system}-kode.", reference))
    if not diagnosis.text.strip():
        items.append(MissingItem("diagnosis.text", "Diagnosen må også skrives med ord.", reference))
    return items


def _severity_items(app: Application) -> list[MissingItem]:
    reference = law.blaresept("§ 3", "første")
    severity = app.severity
    if severity is None:
        return [MissingItem(
            "severity",
            "Opplysninger om sykdommens alvorlighet mangler: gradering (lav, moderat, høy eller svært høy), risiko "
            "for død eller funksjonstap, graden av fysisk og psykisk funksjonstap, graden av smerter eller ubehag, "
            "og om pasienten har andre sykdommer eller plager knyttet til tilstanden.",
            reference,
        )]
    items: list[MissingItem] = []
    if severity.grade is None:
        items.append(MissingItem("severity.grade",
                                 "Grader sykdommens alvorlighet som lav, moderat, høy eller svært høy.", reference))
    for code, value, text in (
        ("severity.risk", severity.risk_of_death_or_loss_of_function, "Beskriv risikoen for død eller funksjonstap."),
        ("severity.loss_of_function", severity.loss_of_function,
         "Beskriv graden av fysisk og psykisk funksjonstap."),
        ("severity.pain", severity.pain_or_discomfort, "Beskriv graden av smerter, fysisk eller psykisk ubehag."),
        ("severity.related_illnesses", severity.related_illnesses,
         "Oppgi om pasienten har andre sykdommer eller plager som kan knyttes til tilstanden (skriv «ingen» om "
         "det ikke er noen)."),
    ):
        if not value.strip():
            items.append(MissingItem(code, text, reference))
    return items


def _tried_items(app: Application) -> list[MissingItem]:
    reference = law.blaresept("§ 3", "første")
    items: list[MissingItem] = []
    if not app.tried and not (app.no_preapproved_alternative or "").strip():
        items.append(MissingItem(
            "tried",
            "Oppgi hvilke legemidler som er forsøkt og hvilke tungtveiende medisinske hensyn som gjør at de ikke "
            "kan brukes (manglende effekt, uakseptable bivirkninger, kontraindikasjoner eller betydelige "
            "complianceproblemer), eller hvorfor det ikke finnes forhåndsgodkjente legemidler å prøve.",
            reference,
        ))
    for index, tried in enumerate(app.tried):
        if tried.reason is None:
            items.append(MissingItem(
                f"tried.reason[{index}]",
                f"Oppgi hvorfor {tried.name or 'det forsøkte legemidlet'} ikke kan brukes (manglende effekt, "
                "uakseptable bivirkninger, kontraindikasjoner eller betydelige complianceproblemer).",
                reference,
            ))
        elif tried.reason is WeightyReason.OTHER and not tried.description.strip():
            items.append(MissingItem(
                f"tried.description[{index}]",
                f"Beskriv den andre grunnen til at {tried.name} ikke kan brukes.", reference))
    not_marketed = [d for d in app.drugs if not d.marketed_in_norway]
    if not_marketed and not app.tried:
        items.append(MissingItem(
            "tried.marketed",
            f"{_labels(not_marketed)} er ikke markedsført i Norge. Dokumenter at relevante markedsførte legemidler "
            "med godkjent indikasjon er forsøkt i tilstrekkelig grad, og hvorfor de ikke kan brukes.",
            law.blaresept("§ 3", "fjerde"),
        ))
    for index, drug in enumerate(app.drugs):
        if not drug.marketed_in_norway and not (drug.substance_and_manufacturer or "").strip():
            items.append(MissingItem(
                f"drug.substance_and_manufacturer[{index}]",
                f"Oppgi virkestoff og produsent for {drug.name} (for eksempel preparatomtale fra et annet land).",
                law.blaresept("§ 3", "fjerde"),
            ))
    return items


def _addictive_items(app: Application) -> list[MissingItem]:
    addictive = [d for d in app.drugs if d.addictive]
    if not addictive:
        return []
    reference = law.blaresept("§ 3", "femte")
    statement = app.addictive
    items: list[MissingItem] = []
    groups = "/".join(sorted({d.reseptgruppe.upper() for d in addictive}))
    if statement is None or not statement.dependence_risk_subordinate:
        items.append(MissingItem(
            "addictive.dependence_risk",
            f"{_labels(addictive)} er i reseptgruppe {groups}. Det må gå fram at faren for avhengighet er vurdert "
            "som underordnet pasientens behov for behandling.",
            reference,
        ))
    if statement is None or not statement.treatment_plan.strip():
        items.append(MissingItem("addictive.treatment_plan", "En plan for behandlingen mangler.", reference))
    if app.chronic_strong_pain and (statement is None or not statement.pain_analysis.strip()):
        items.append(MissingItem("addictive.pain_analysis",
                                 "Smerteanalyse mangler (søknaden gjelder kroniske, sterke smerter).", reference))
    return items


def _new_drug_items(app: Application, params: ParameterSet) -> tuple[list[MissingItem], list[ParameterUse]]:
    items: list[MissingItem] = []
    uses: list[ParameterUse] = []
    for index, drug in enumerate(app.drugs):
        applies, use = method_assessment_applies(app, drug, params)
        uses.append(use)
        if not applies:
            continue
        cutoff = _cutoff_text(params, app.received)
        if drug.method_assessment is None:
            items.append(MissingItem(
                f"method_assessment[{index}]",
                f"Oppgi om {drug.label} er metodevurdert. Legemidlet fikk markedsføringstillatelse i Norge etter "
                f"{cutoff} (eller søknaden om markedsføringstillatelse er til behandling).",
                law.blaresept("§ 3", "andre"),
            ))
        elif drug.method_assessment is MethodAssessment.NOT_MET and not (app.special_circumstances or "").strip():
            items.append(MissingItem(
                "special_circumstances",
                f"{drug.label} oppfyller ikke prioriteringskriteriene på gruppenivå. Beskriv hvilke særskilte forhold "
                "som gjør at pasienten skiller seg klart fra pasientgruppen når det gjelder nytte av behandlingen, "
                "ressursbruk eller tilstandens alvorlighet.",
                law.blaresept("§ 3", "tredje"),
            ))
    return items, uses


def _documentation_items(app: Application) -> list[MissingItem]:
    items: list[MissingItem] = []
    off_label = [d for d in app.drugs if d.indication is Indication.OFF_LABEL]
    if off_label and not (app.effect_documentation or "").strip():
        items.append(MissingItem(
            "effect_documentation",
            f"{_labels(off_label)} skal brukes utenfor godkjent indikasjon i Norge og EU/EØS. Legg ved dokumentasjon "
            "for effekt ved den aktuelle sykdommen, publisert i vitenskapelig tidsskrift eller database.",
            law.blaresept("§ 3", "fjerde"),
        ))
    eea = [d for d in app.drugs if d.indication is Indication.APPROVED_EEA]
    if eea and not (app.eea_approval_documentation or "").strip():
        items.append(MissingItem(
            "eea_approval_documentation",
            f"Legg ved dokumentasjon for at {_labels(eea)} er godkjent for indikasjonen i et annet EU/EØS-land.",
            law.blaresept("§ 3", "første"),
        ))
    return items


def _cutoff_text(params: ParameterSet, on: date) -> str:
    rule, _use = params["individual.method_assessment"].use(on)
    return norwegian_date(rule["marketed_from"])


MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def norwegian_date(value: date) -> str:
    """'1. januar 2018'."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def _labels(drugs: list[RequestedDrug]) -> str:
    names = [d.label for d in drugs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
