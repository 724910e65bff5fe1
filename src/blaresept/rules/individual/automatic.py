"""Decide by rules, or name the open clarification points (avklaringer) a caseworker must answer.

Every condition of the application is either decided by a rule (met or not met) or open. When no condition is
open for any drug or product, Helfo decides automatically (folketrygdloven § 21-11 a; Helfo's Blåreseptsøknad
decided 89 % of drug applications so in 2024). Otherwise the case goes to the caseworker queue with the open
points named; the caseworker's answers (`Resolution`s, keyed like the points) are fed back into the same rules.
A caseworker at a later instance (reconsideration of an appeal) may also overrule a condition a rule decided.

The rules refuse automatically only where the law leaves no judgement: the need is shorter than three months in a
year, a new drug has no method assessment, a child is too old for § 6 punkt 2. They grant automatically only
where Helfo's own guidelines decide: the drug is covered by vedlegg 1 to § 5-14 for the diagnosis (the 2009 text:
«En del preparater kan behandles uten at saken forelegges HELFOs farmasøyter, disse preparatene finnes i Vedlegg
1»), the weighty reasons are among the four listed, and nothing calls for a medical judgement (off-label use, a
drug not marketed in Norway, reseptgruppe A/B, a failed method assessment, a severity the doctor grades as low or
moderate). Nutrition on Helfo's product list for the right point is granted automatically.

Sources: shared/seeds/001_…; shared/seeds/004_… «Søknaden behandles hos HELFO»; shared/reference/scale-figures.md
§ 3 (89 %); shared/reference/helfo-services-facts.md § 8 (automatic grant or refusal since 2021).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.content import (
    Completeness,
    check_completeness,
    method_assessment_applies,
    norwegian_date,
    severity_exemption,
)
from blaresept.rules.individual.model import (
    LABELS,
    WEIGHTY_REASONS,
    Application,
    ConditionResult,
    Indication,
    ItemOutcome,
    Kind,
    MethodAssessment,
    NeedPeriod,
    Resolution,
    SeverityGrade,
    Status,
)
from blaresept.rules.individual.nutrition import nutrition_conditions
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step

OWN_STEPS = {"long_term_need", "nutrition.child_age"}
"""Conditions whose rule writes its own step (with the parameter it used); no second step is written."""

DAYS_PER_MONTH = 30
YEAR = timedelta(days=365)


class Outcome(StrEnum):
    """Where the assessment ends."""

    INCOMPLETE = "incomplete"
    MANUAL = "manual"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"

    @property
    def decided(self) -> bool:
        return self in (Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED)


OUTCOME_LABELS = {
    Outcome.INCOMPLETE: "mangler opplysninger",
    Outcome.MANUAL: "til saksbehandler",
    Outcome.GRANTED: "innvilget",
    Outcome.PARTLY_GRANTED: "delvis innvilget",
    Outcome.REFUSED: "avslått",
}


@dataclass(frozen=True)
class Assessment:
    """The assessment of one application: outcome, every condition, the open points, the explanation."""

    outcome: Outcome
    completeness: Completeness
    conditions: tuple[ConditionResult, ...]
    items: tuple[ItemOutcome, ...]
    open_points: tuple[ConditionResult, ...]
    automatic: bool
    steps: tuple[Step, ...]

    @property
    def open_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.open_points)


def assess(app: Application, params: ParameterSet,
           resolutions: Mapping[str, Resolution] | None = None) -> Assessment:
    """Assess the application: incomplete, decided (granted, partly granted, refused), or manual with open points."""
    answers = dict(resolutions or {})
    completeness = check_completeness(app, params)
    steps = list(completeness.steps)
    if not completeness.complete:
        steps.append(_summary(app, Outcome.INCOMPLETE, [], completeness))
        return Assessment(Outcome.INCOMPLETE, completeness, (), (), (), False, tuple(steps))
    judge = _Judge(answers)
    need, need_step = _long_term_need(app, params, judge)
    conditions: list[ConditionResult] = [need]
    steps.append(need_step)
    if app.kind is Kind.DRUG:
        conditions += _drug_conditions(app, params, judge)
        labels = [d.label for d in app.drugs]
    else:
        assert app.nutrition is not None
        found, nutrition_steps = nutrition_conditions(app, params)
        conditions += [judge.override(c) for c in found]
        steps += nutrition_steps
        labels = [p.name for p in app.nutrition.products]
    steps += [_condition_step(app, c, labels) for c in conditions
              if c.status is not Status.NOT_RELEVANT and (c.code not in OWN_STEPS or not c.decided_by_rule)]
    general = [c for c in conditions if c.item is None]
    items: list[ItemOutcome] = []
    for index, label in enumerate(labels):
        own = [c for c in conditions if c.item == index]
        statuses = {c.status for c in general + own}
        if Status.NOT_MET in statuses:
            status = Status.NOT_MET
        elif Status.OPEN in statuses:
            status = Status.OPEN
        else:
            status = Status.MET
        items.append(ItemOutcome(index, label, status, tuple(own)))
    still_open = {i.item for i in items if i.status is Status.OPEN}
    open_points = tuple(
        c for c in conditions
        if c.status is Status.OPEN and ((c.item is None and still_open) or c.item in still_open)
    )
    if still_open:
        outcome = Outcome.MANUAL
    elif all(i.status is Status.MET for i in items):
        outcome = Outcome.GRANTED
    elif all(i.status is Status.NOT_MET for i in items):
        outcome = Outcome.REFUSED
    else:
        outcome = Outcome.PARTLY_GRANTED
    automatic = outcome.decided and all(c.decided_by_rule for c in conditions)
    steps.append(_summary(app, outcome, list(open_points), completeness, automatic))
    unknown = set(answers) - judge.used
    if unknown:
        raise RuleInputError(
            f"Vurderingen gjelder punkter som ikke finnes i saken: {', '.join(sorted(unknown))}."
        )
    return Assessment(outcome, completeness, tuple(conditions), tuple(items), open_points, automatic, tuple(steps))


class _Judge:
    """Applies a caseworker's answers to the conditions they name."""

    def __init__(self, answers: dict[str, Resolution]):
        self.answers = answers
        self.used: set[str] = set()

    def condition(self, code: str, status: Status, text: str, reference: law.LegalReference,
                  item: int | None = None) -> ConditionResult:
        return self.override(ConditionResult(code, status, text, reference, item))

    def override(self, result: ConditionResult) -> ConditionResult:
        key = result.key
        if key not in self.answers or result.status is Status.NOT_RELEVANT:
            return result
        self.used.add(key)
        answer = self.answers[key]
        verdict = "oppfylt" if answer.met else "ikke oppfylt"
        return ConditionResult(
            result.code, Status.MET if answer.met else Status.NOT_MET,
            f"{result.text} Saksbehandleren har vurdert vilkåret som {verdict}"
            + (f": {answer.note}" if answer.note else "."),
            result.reference, result.item, decided_by_rule=False, note=answer.note,
        )


def covered_days(periods: tuple[NeedPeriod, ...]) -> int:
    """The most days of treatment (with at least one drug or product) within any one year of the periods."""
    if not periods:
        return 0
    best = 0
    for window_start in sorted({p.start for p in periods}):
        window_end = window_start + YEAR  # exclusive
        spans = []
        for period in periods:
            start = max(period.start, window_start)
            end = min(period.end + timedelta(days=1) if period.end else window_end, window_end)
            if start < end:
                spans.append((start, end))
        spans.sort()
        total = 0
        current_start: date | None = None
        current_end: date | None = None
        for start, end in spans:
            if current_end is None or start > current_end:
                if current_start is not None and current_end is not None:
                    total += (current_end - current_start).days
                current_start, current_end = start, end
            elif end > current_end:
                current_end = end
        if current_start is not None and current_end is not None:
            total += (current_end - current_start).days
        best = max(best, total)
    return best


def _long_term_need(app: Application, params: ParameterSet, judge: _Judge) -> tuple[ConditionResult, Step]:
    months, use = params["individual.long_term_need_months"].use(app.received)
    days = covered_days(app.need)
    threshold = months * DAYS_PER_MONTH
    met = days >= threshold
    reference = law.blaresept("§ 3", "første") if app.kind is Kind.DRUG else law.blaresept("§ 6")
    ongoing = any(p.end is None for p in app.need)
    text = (
        f"Behandlingen varer {'løpende, ' if ongoing else ''}{days} dager i løpet av ett år "
        f"(perioder og legemidler for samme sykdom lagt sammen); kravet er minst {months} måneder "
        f"({threshold} dager)."
        + ("" if met else " Vilkåret om gjentatt behandling over en langvarig periode er ikke oppfylt.")
    )
    result = judge.condition("long_term_need", Status.MET if met else Status.NOT_MET, text, reference)
    step = Step(
        rule="individual.long_term_need",
        reference=reference,
        version=use.effective,
        outcome="oppfylt" if met else "ikke_oppfylt",
        text=text,
        inputs={"periods": [{"start": p.start, "end": p.end, "drug": p.drug} for p in app.need]},
        outputs={"days": days, "threshold_days": threshold, "met": met},
        parameters=(use,),
    )
    return result, step


def _drug_conditions(app: Application, params: ParameterSet, judge: _Judge) -> list[ConditionResult]:
    results: list[ConditionResult] = []
    ledd1 = law.blaresept("§ 3", "første")
    exemption, _use = severity_exemption(app, params)
    required, _required_use = params["individual.severity_required"].use(app.received)
    diagnosis = app.diagnosis
    assert diagnosis is not None
    if not required:
        results.append(ConditionResult("severity", Status.NOT_RELEVANT, exemption or "", ledd1))
    elif exemption and (diagnosis.section2_refund_code or all(d.vedlegg1 for d in app.drugs)):
        results.append(judge.condition("severity", Status.MET, exemption, ledd1))
    elif exemption:
        results.append(judge.condition(
            "severity", Status.OPEN,
            "Legen oppgir at sykdommen er åpenbart alvorlig (allment kjent høy risiko for død eller varig nedsatt "
            "funksjonsevne); det må bekreftes.", ledd1))
    else:
        assert app.severity is not None and app.severity.grade is not None
        grade = app.severity.grade
        if grade in (SeverityGrade.HIGH, SeverityGrade.VERY_HIGH):
            results.append(judge.condition(
                "severity", Status.MET, f"Legen graderer sykdommens alvorlighet som {LABELS[grade]}.", ledd1))
        else:
            results.append(judge.condition(
                "severity", Status.OPEN,
                f"Legen graderer sykdommens alvorlighet som {LABELS[grade]}; om sykdommen er alvorlig nok, må "
                "vurderes ut fra beskrivelsen.", ledd1))
    reasons = {t.reason for t in app.tried}
    listed_only = bool(app.tried) and reasons <= set(WEIGHTY_REASONS)
    reason_text = ", ".join(sorted(LABELS[r] for r in reasons if r is not None))
    for index, drug in enumerate(app.drugs):
        if drug.vedlegg1 and listed_only:
            results.append(judge.condition(
                "prior_treatment", Status.MET,
                f"{drug.label} er omfattet av vedlegg 1 til § 5-14 for diagnosen, og forhåndsgodkjente legemidler "
                f"kan ikke brukes på grunn av {reason_text}.", ledd1, index))
        else:
            why = ("det er ikke omfattet av vedlegg 1 til § 5-14 for diagnosen" if not drug.vedlegg1 else
                   "begrunnelsen er ikke blant de fire tungtveiende medisinske hensynene")
            results.append(judge.condition(
                "prior_treatment", Status.OPEN,
                f"Om tungtveiende medisinske hensyn gjør at forhåndsgodkjente legemidler ikke kan brukes i stedet "
                f"for {drug.label}, må vurderes av farmasøyt fordi {why}.", ledd1, index))
        results += _method_assessment(app, index, params, judge)
        if drug.indication is Indication.OFF_LABEL:
            status = Status.MET if drug.vedlegg1 else Status.OPEN
            results.append(judge.condition(
                "off_label", status,
                f"{drug.label} skal brukes utenfor godkjent indikasjon; "
                + ("vedlegg 1 til § 5-14 omfatter bruken." if drug.vedlegg1 else
                   "dokumentasjonen for effekt på gruppenivå må vurderes."),
                law.blaresept("§ 3", "første"), index))
        elif drug.indication is Indication.APPROVED_EEA:
            status = Status.MET if drug.vedlegg1 else Status.OPEN
            results.append(judge.condition(
                "eea_approval", status,
                f"{drug.label} er godkjent for indikasjonen i et annet EU/EØS-land, ikke i Norge; "
                + ("vedlegg 1 omfatter bruken." if drug.vedlegg1 else "dokumentasjonen må kontrolleres."),
                ledd1, index))
        if not drug.marketed_in_norway:
            results.append(judge.condition(
                "not_marketed", Status.OPEN,
                f"{drug.label} er ikke markedsført i Norge; om markedsførte alternativer er forsøkt i tilstrekkelig "
                "grad, må vurderes.", law.blaresept("§ 3", "fjerde"), index))
        if drug.addictive:
            results.append(judge.condition(
                "addictive", Status.OPEN,
                f"{drug.label} er i reseptgruppe {drug.reseptgruppe.upper()}; tilleggsvilkårene (avhengighet "
                "underordnet behovet, behandlingsplan, smerteanalyse ved kroniske smerter) må vurderes.",
                law.blaresept("§ 3", "femte"), index))
    return results


def _method_assessment(app: Application, index: int, params: ParameterSet, judge: _Judge) -> list[ConditionResult]:
    drug = app.drugs[index]
    applies, use = method_assessment_applies(app, drug, params)
    reference = law.blaresept("§ 3", "andre")
    if applies is False:
        return []
    if applies is None:
        return [judge.condition(
            "method_assessment", Status.OPEN,
            f"Datoen for markedsføringstillatelsen for {drug.label} er ikke oppgitt; om legemidlet må være "
            f"metodevurdert (markedsført i Norge etter {norwegian_date(use.value['marketed_from'])}), må sjekkes.",
            reference, index)]
    state = drug.method_assessment
    if state is MethodAssessment.MET:
        return [judge.condition(
            "method_assessment", Status.MET,
            f"{drug.label} er metodevurdert, og prioriteringskriteriene er oppfylt på gruppenivå.", reference, index)]
    if state is MethodAssessment.NOT_MET:
        return [judge.condition(
            "special_circumstances", Status.OPEN,
            f"{drug.label} oppfyller ikke prioriteringskriteriene på gruppenivå; om særskilte forhold gjør at "
            "pasienten skiller seg klart fra gruppen, må vurderes.", law.blaresept("§ 3", "tredje"), index)]
    label = LABELS[state] if state else "ikke oppgitt"
    return [judge.condition(
        "method_assessment", Status.NOT_MET,
        f"{drug.label} fikk markedsføringstillatelse etter {norwegian_date(use.value['marketed_from'])} og er "
        f"{label}. Det ytes ikke stønad før metodevurderingen er gjennomført (legemiddelforskriften § 14-3).",
        reference, index)]


def _condition_step(app: Application, condition: ConditionResult, labels: list[str]) -> Step:
    item = labels[condition.item] if condition.item is not None and condition.item < len(labels) else None
    return Step(
        rule=f"individual.condition.{condition.code}",
        reference=condition.reference,
        version=app.received,
        outcome=condition.status.value,
        text=condition.text,
        inputs={"item": item, "key": condition.key},
        outputs={"status": condition.status.value, "decided_by_rule": condition.decided_by_rule},
    )


def _summary(app: Application, outcome: Outcome, open_points: list[ConditionResult], completeness: Completeness,
             automatic: bool = False) -> Step:
    if outcome is Outcome.INCOMPLETE:
        text = f"Søknaden er ikke komplett; {len(completeness.missing)} opplysning(er) mangler."
    elif outcome is Outcome.MANUAL:
        text = ("Søknaden går til saksbehandler fordi disse punktene må avklares: "
                + " ".join(p.text for p in open_points))
    else:
        how = "automatisk etter reglene" if automatic else "etter saksbehandlers vurdering"
        text = f"Søknaden er {OUTCOME_LABELS[outcome]} {how}."
    uses: tuple[ParameterUse, ...] = ()
    return Step(
        rule="individual.automatic",
        reference=law.ftrl("§ 21-11 a"),
        version=app.received,
        outcome=outcome.value,
        text=text,
        inputs={"kind": app.kind.value},
        outputs={"outcome": outcome.value, "automatic": automatic, "open_points": [p.key for p in open_points]},
        parameters=uses,
    )
