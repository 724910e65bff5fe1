"""Who may apply (blåreseptforskriften § 3 sjette ledd; § 6).

As a main rule any doctor authorised in Norway may apply on the patient's behalf. The application must come
from a specialist in the disease's field (or an adjacent field) or a doctor at a relevant hospital department
when the drug is to be used off-label, is in reseptgruppe A or B (and the doctor must be allowed to prescribe
those), has orphan status, is one of the drugs introduced under control (Repatha, Praluent, Orkambi), or the
refusjonskode carries a specialist vilkår. A § 6 product that is not on Helfo's list also needs a specialist.
Until 2018 the treatment had to be instituted by such a specialist, though the treating doctor could apply.

Sources: shared/seeds/001_… «Hvem kan søke?» and «Skal du søke om stønad til næringsmidler?»;
shared/seeds/004_… § 3a and § 3b; parameters individual.specialist_drugs, individual.specialist_institution_required.
"""

from __future__ import annotations

from blaresept.rules import law
from blaresept.rules.individual.model import Application, Indication, Kind, MissingItem
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step, rule_version


def specialist_grounds(app: Application, params: ParameterSet) -> tuple[tuple[str, ...], tuple[ParameterUse, ...]]:
    """Why the application must come from a specialist (bokmål reasons; empty when any doctor may apply)."""
    grounds: list[str] = []
    uses: list[ParameterUse] = []
    if app.kind is Kind.DRUG:
        controlled, use = params["individual.specialist_drugs"].use(app.received)
        uses.append(use)
        for drug in app.drugs:
            if drug.indication is Indication.OFF_LABEL:
                grounds.append(f"{drug.label} skal brukes utenfor godkjent indikasjon")
            if drug.addictive:
                grounds.append(f"{drug.label} er i reseptgruppe {drug.reseptgruppe.upper()}")
            if drug.orphan:
                grounds.append(f"{drug.label} har orphan-status")
            if drug.atc and drug.atc.upper() in controlled:
                grounds.append(f"{drug.label} har spesialistkrav for kontrollert innføring")
        if app.diagnosis and app.diagnosis.specialist_condition:
            grounds.append(f"refusjonskoden {app.diagnosis.code} har spesialistvilkår")
    elif app.nutrition:
        for product in app.nutrition.products:
            if not product.on_list:
                grounds.append(f"{product.name} står ikke på Helfos produkt- og prisliste")
    return tuple(dict.fromkeys(grounds)), tuple(uses)


def check_applicant(app: Application, params: ParameterSet) -> tuple[tuple[MissingItem, ...], Step]:
    """Whether the applicant may apply; what is missing if not."""
    reference = law.blaresept("§ 3", "sjette") if app.kind is Kind.DRUG else law.blaresept("§ 6")
    grounds, uses = specialist_grounds(app, params)
    missing: list[MissingItem] = []
    applicant = app.applicant
    if not applicant.authorised:
        missing.append(MissingItem(
            "applicant.authorised", "Søkeren må være lege med autorisasjon i Norge (HPR).", reference))
    if grounds and not applicant.qualified_specialist:
        missing.append(MissingItem(
            "applicant.specialist",
            "Søknaden må komme fra spesialist i sykdommens fagfelt eller et tilgrensende fagfelt, eller fra lege "
            f"ved relevant sykehusavdeling, fordi {_join(grounds)}.",
            reference,
        ))
    if app.kind is Kind.DRUG and any(d.addictive for d in app.drugs) and not applicant.may_prescribe_ab:
        missing.append(MissingItem(
            "applicant.ab_right",
            "Søkeren må ha rett til å forskrive legemidler i reseptgruppe A og B.",
            reference,
        ))
    all_uses = list(uses)
    if app.kind is Kind.DRUG:
        institution, use = params["individual.specialist_institution_required"].use(app.received)
        all_uses.append(use)
        if institution and not applicant.qualified_specialist and not (applicant.instituted_by or "").strip():
            missing.append(MissingItem(
                "applicant.instituted_by",
                "Behandlingen må være startet (instituert) av spesialist i sykdommens fagfelt eller tilsvarende "
                "sykehusavdeling. Oppgi hvem som startet behandlingen.",
                law.blaresept("§ 3"),
            ))
    if missing:
        text = " ".join(m.text for m in missing)
    elif grounds:
        where = f"ved {applicant.hospital_department}" if applicant.hospital_department else "i fagfeltet"
        text = f"Søkeren er spesialist {where}, som kreves fordi {_join(grounds)}."
    else:
        text = "Søkeren er lege med autorisasjon i Norge og kan søke på vegne av pasienten."
    step = Step(
        rule="individual.applicant",
        reference=reference,
        version=rule_version(*all_uses, default=app.received),
        outcome="mangler" if missing else "kan_søke",
        text=text,
        inputs={
            "hpr": applicant.hpr,
            "authorised": applicant.authorised,
            "specialist_in_field": applicant.specialist_in_field,
            "hospital_department": applicant.hospital_department,
        },
        outputs={"specialist_required": bool(grounds), "grounds": list(grounds),
                 "missing": [m.code for m in missing]},
        parameters=tuple(all_uses),
    )
    return tuple(missing), step


def _join(parts: tuple[str, ...] | list[str]) -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]
