"""The content of a decision (vedtak) on an application for individual stønad.

A grant names its scope (each drug by ATC code and varenummer, each nutrition product by article group), the
hjemmel (§ 3 – Volven 7427 code 300; before 2018 § 3a/301 or § 3b/302; § 6 punkt 1/2/4 – 601/602/604), the
refund code (the diagnosis code) and the period it is valid for. A refusal gives its legal basis and reasons,
and — for every refusal under folketrygdloven § 5-14 — a note that bidrag under § 5-22 was considered.

Validity (from the application date): § 6 nutrition 2 years; § 3 drugs by the rundskriv's time limits where they
apply (palliative -90 and opioids 1 year, other A/B drugs with extra conditions 2 years, drugs not marketed in
Norway 1 year, …), else by the main rule of the date: until 2023 a child's decision lasts until the child turns
18 and an adult's some years; from the 2023 rundskriv decisions are, as a main rule, not time-limited.

Sources: parameters individual.validity.*, individual.nutrition.decision_years, individual.section3_split,
individual.bidrag.medicines_open_to_new_users; shared/seeds/000_… («Vedtaket varer som regel noen år, eller til
barnet er 18 år»); shared/seeds/004_… «Eventuelt avslag» (§ 5-22).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.automatic import Assessment, Outcome
from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.individual.model import Application, Kind, RequestedDrug, Status
from blaresept.rules.individual.nutrition import HJEMMEL_CODES, point_reference
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.procedure.outcome import DECISION_LABELS as DECISION_LABELS
from blaresept.rules.procedure.outcome import DecisionOutcome
from blaresept.rules.steps import ParameterUse, Step, rule_version


@dataclass(frozen=True)
class GrantedItem:
    """One drug or product the decision covers, and for how long."""

    name: str
    atc: str | None
    varenummer: str | None
    article_group: str | None
    valid_from: date
    valid_to: date | None  # None: not time-limited
    validity_text: str


@dataclass(frozen=True)
class RefusedItem:
    """One drug or product refused, with the reasons and the provisions they rest on."""

    name: str
    atc: str | None
    varenummer: str | None
    article_group: str | None
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class DecisionContent:
    """Everything the decision letter and the prescription check need."""

    outcome: DecisionOutcome
    hjemmel: str
    hjemmel_code: str
    refund_code: str | None
    granted: tuple[GrantedItem, ...]
    refused: tuple[RefusedItem, ...]
    legal_basis: tuple[str, ...]
    reasons: tuple[str, ...]
    bidrag_note: str | None
    steps: tuple[Step, ...]


def decision_content(app: Application, assessment: Assessment, params: ParameterSet,
                     valid_to: date | None = None, valid_to_set: bool = False) -> DecisionContent:
    """The decision the assessment leads to. A caseworker may set the validity (`valid_to_set`, `valid_to`)."""
    if not assessment.outcome.decided:
        raise RuleInputError(
            "Saken kan ikke avgjøres ennå: "
            + ("søknaden mangler opplysninger." if assessment.outcome is Outcome.INCOMPLETE else
               "disse punktene må avklares først: " + ", ".join(assessment.open_keys) + ".")
        )
    if valid_to_set and valid_to is not None and valid_to < app.received:
        raise RuleInputError(
            f"Vedtaket kan ikke gjelde til {valid_to.isoformat()}, som er før søknadsdatoen {app.received.isoformat()}."
        )
    outcome = DecisionOutcome(assessment.outcome.value)
    hjemmel, code, hjemmel_step = hjemmel_of(app, params)
    steps: list[Step] = [hjemmel_step]
    granted: list[GrantedItem] = []
    refused: list[RefusedItem] = []
    general = [c for c in assessment.conditions if c.item is None]
    for item in assessment.items:
        name, atc, varenummer, group = _identity(app, item.item)
        if item.status is Status.MET:
            if valid_to_set:
                until, text = valid_to, "satt av saksbehandler"
            else:
                until, text, step = validity(app, item.item, params)
                steps.append(step)
            granted.append(GrantedItem(name, atc, varenummer, group, app.received, until, text))
        else:
            failing = [c for c in general + list(item.conditions) if c.status is Status.NOT_MET]
            refused.append(RefusedItem(
                name, atc, varenummer, group,
                tuple(c.text for c in failing),
                tuple(dict.fromkeys(str(c.reference) for c in failing)),
            ))
    legal_basis = [str(law.ftrl("§ 5-14"))]
    legal_basis.append(f"blåreseptforskriften {hjemmel}" if app.kind is Kind.DRUG else str(point_reference(
        app.nutrition.point if app.nutrition else 1)))
    for r in refused:
        legal_basis += [b for b in r.legal_basis if b not in legal_basis]
    reasons: list[str] = []
    for g in granted:
        shown = norwegian_date(g.valid_to) if g.valid_to else None
        reasons.append(f"{g.name} er innvilget fra {norwegian_date(g.valid_from)}"
                       + (f" til og med {shown}" if shown else " uten tidsbegrensning") + f" ({g.validity_text}).")
    for r in refused:
        reasons.append(f"{r.name} er avslått: " + " ".join(r.reasons))
    bidrag = None
    if refused:
        bidrag, step = bidrag_note(app, params)
        steps.append(step)
        legal_basis.append(str(law.ftrl("§ 5-22")))
    return DecisionContent(
        outcome=outcome,
        hjemmel=hjemmel,
        hjemmel_code=code,
        refund_code=app.diagnosis.refund_code if app.kind is Kind.DRUG and app.diagnosis else None,
        granted=tuple(granted),
        refused=tuple(refused),
        legal_basis=tuple(dict.fromkeys(legal_basis)),
        reasons=tuple(reasons),
        bidrag_note=bidrag,
        steps=tuple(steps),
    )


def hjemmel_of(app: Application, params: ParameterSet) -> tuple[str, str, Step]:
    """The hjemmel the decision is made under, as shown (§ 3, § 3a, § 3b, § 6 punkt n) and as Volven 7427 code."""
    if app.kind is Kind.NUTRITION:
        point = app.nutrition.point if app.nutrition else 1
        hjemmel, code = f"§ 6 punkt {point}", HJEMMEL_CODES[point]
        return hjemmel, code, Step(
            rule="individual.hjemmel", reference=point_reference(point), version=app.received,
            outcome=code, text=f"Vedtaket treffes etter blåreseptforskriften § 6 første ledd punkt {point} "
            f"(refusjonshjemmel {code}).", inputs={"point": point}, outputs={"hjemmel_code": code})
    split, use = params["individual.section3_split"].use(app.received)
    if split:
        if app.diagnosis and app.diagnosis.section2_refund_code:
            hjemmel, code = "§ 3a", "301"
            why = "sykdommen har refusjonskode etter § 2 (§ 3a)"
        else:
            hjemmel, code = "§ 3b", "302"
            why = "sykdommen er ikke omfattet av refusjonskodene i § 2 (§ 3b)"
    else:
        hjemmel, code, why = "§ 3", "300", "individuell stønad til legemidler gis etter § 3 fra 2018"
    return hjemmel, code, Step(
        rule="individual.hjemmel", reference=law.blaresept("§ 3"), version=use.effective, outcome=code,
        text=f"Vedtaket treffes etter blåreseptforskriften {hjemmel} (refusjonshjemmel {code}) fordi {why}.",
        inputs={"section2_refund_code": bool(app.diagnosis and app.diagnosis.section2_refund_code)},
        outputs={"hjemmel": hjemmel, "hjemmel_code": code}, parameters=(use,))


def validity(app: Application, index: int, params: ParameterSet) -> tuple[date | None, str, Step]:
    """How long a grant of the drug or product at `index` lasts, with the reason in bokmål."""
    uses: list[ParameterUse] = []
    if app.kind is Kind.NUTRITION:
        years, use = params["individual.nutrition.decision_years"].use(app.received)
        uses.append(use)
        until: date | None = add_years(app.received, years) - timedelta(days=1)
        text = f"vedtak om næringsmidler gjelder som hovedregel {years} år fra søknadsdatoen"
        reference = law.blaresept("§ 6", "andre")
    else:
        drug = app.drugs[index]
        reference = law.blaresept("§ 3", "sjette")
        years_limit, limit_text, limit_uses = _time_limit(app, drug, params)
        uses += limit_uses
        if years_limit is not None:
            until = add_years(app.received, years_limit) - timedelta(days=1)
            text = limit_text
        else:
            child_age, child_use = params["individual.validity.child_until_age"].use(app.received)
            adult_years, adult_use = params["individual.validity.drug_years"].use(app.received)
            uses += [child_use, adult_use]
            birthday = add_years(app.patient_birth_date, child_age) if child_age is not None else None
            child_until = birthday - timedelta(days=1) if birthday is not None and birthday > app.received else None
            adult_until = (add_years(app.received, adult_years) - timedelta(days=1)
                           if adult_years is not None else None)
            if child_until is not None and (adult_until is None or child_until > adult_until):
                until = child_until
                text = f"vedtak for barn gjelder til barnet fyller {child_age} år"
            elif adult_until is not None:
                until = adult_until
                text = f"vedtaket gjelder som hovedregel {adult_years} år fra søknadsdatoen"
            else:
                until = None
                text = "vedtak om individuell stønad tidsbegrenses som hovedregel ikke"
    step = Step(
        rule="individual.validity",
        reference=reference,
        version=rule_version(*uses, default=app.received),
        outcome=until.isoformat() if until else "ikke_tidsbegrenset",
        text=f"Vedtaket gjelder fra {norwegian_date(app.received)} "
             + (f"til og med {norwegian_date(until)}" if until else "uten tidsbegrensning") + f": {text}.",
        inputs={"item": index, "received": app.received, "birth_date": app.patient_birth_date},
        outputs={"valid_from": app.received, "valid_to": until},
        parameters=tuple(uses),
    )
    return until, text, step


def _time_limit(app: Application, drug: RequestedDrug,
                params: ParameterSet) -> tuple[int | None, str, list[ParameterUse]]:
    limits, use = params["individual.validity.time_limits"].use(app.received)
    candidates: list[tuple[int, str]] = []
    code = app.diagnosis.code.strip().upper() if app.diagnosis else ""
    for refund_code, years in (limits.get("refund_codes") or {}).items():
        if code == str(refund_code).upper():
            candidates.append((int(years), f"vedtak på refusjonskode {refund_code} tidsbegrenses til {years} år"))
    atc = (drug.atc or "").upper()
    for prefix, years in (limits.get("atc_prefixes") or {}).items():
        if atc and atc.startswith(str(prefix).upper()):
            candidates.append((int(years), f"vedtak på {drug.name} ({prefix}) tidsbegrenses til {years} år"))
    ab_years = limits.get("addictive_with_extra_conditions_years")
    exempt = [str(a).upper() for a in limits.get("addictive_exempt_atc") or []]
    if drug.addictive and ab_years is not None and not any(atc.startswith(e) for e in exempt if atc):
        candidates.append((int(ab_years), f"vedtak på legemidler i reseptgruppe A og B tidsbegrenses til "
                                          f"{ab_years} år"))
    not_marketed = limits.get("not_marketed_years")
    if not drug.marketed_in_norway and not_marketed is not None:
        candidates.append((int(not_marketed), f"vedtak på ikke-markedsførte legemidler tidsbegrenses til "
                                              f"{not_marketed} år"))
    if not candidates:
        return None, "", [use]
    years, text = min(candidates)
    return years, f"{text} fra søknadsdatoen", [use]


def bidrag_note(app: Application, params: ParameterSet) -> tuple[str, Step]:
    """The note on a refusal under § 5-14 that bidrag under § 5-22 was considered."""
    open_, use = params["individual.bidrag.medicines_open_to_new_users"].use(app.received)
    if app.kind is Kind.DRUG and not open_:
        text = ("Helfo har vurdert om utgiftene kan dekkes som bidrag etter folketrygdloven § 5-22. Bidrag til "
                "legemidler gis ikke til nye brukere etter 1. januar 2018, så det kan ikke gis bidrag til dette "
                "legemidlet.")
        outcome = "ikke_bidrag"
    elif app.kind is Kind.DRUG:
        text = ("Helfo har vurdert om utgiftene kan dekkes som bidrag etter folketrygdloven § 5-22. Du kan ha rett "
                "til bidrag til legemidler; kontakt Helfo om du vil søke.")
        outcome = "bidrag_mulig"
    else:
        text = ("Helfo har vurdert om utgiftene kan dekkes som bidrag etter folketrygdloven § 5-22, og har ikke "
                "funnet grunnlag for det.")
        outcome = "ikke_bidrag"
    return text, Step(
        rule="individual.bidrag_note", reference=law.ftrl("§ 5-22"), version=use.effective, outcome=outcome,
        text=text, inputs={"kind": app.kind.value}, outputs={"open_to_new_users": open_}, parameters=(use,))


def add_years(day: date, years: int) -> date:
    """The same date `years` years later (29 February becomes 28 February in a year without it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _identity(app: Application, index: int) -> tuple[str, str | None, str | None, str | None]:
    if app.kind is Kind.DRUG:
        drug = app.drugs[index]
        return drug.name, drug.atc, drug.varenummer, None
    assert app.nutrition is not None
    product = app.nutrition.products[index]
    return product.name, None, None, product.article_group
