"""kind: application — an application for individual stønad (§ 3 drugs, § 6 nutrition) and its date: complete
or the missing items; decided automatically or the open clarification points; the processing deadline; and for
a decided case the decision's hjemmel, refund code and validity (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from blaresept.rules.individual.automatic import Assessment, Outcome, assess
from blaresept.rules.individual.deadlines import norway_calendar, processing_deadline
from blaresept.rules.individual.decision import DecisionContent, decision_content
from blaresept.rules.individual.model import (
    AddictiveStatement,
    Applicant,
    Application,
    Diagnosis,
    Indication,
    Kind,
    MethodAssessment,
    NeedPeriod,
    NutritionProduct,
    NutritionRequest,
    RequestedDrug,
    Resolution,
    Severity,
    SeverityGrade,
    TriedDrug,
    WeightyReason,
)
from blaresept.rules.parameters import default_parameters
from blaresept.rules.steps import Step
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_date, show_list
from blaresept.scenarios.reader import Reader, ScenarioFormatError

OUTCOMES = tuple(o.value for o in Outcome)


@dataclass
class ApplicationCase:
    application: Application
    resolutions: dict[str, Resolution] = field(default_factory=dict)

    def run(self) -> Run:
        params = default_parameters()
        app = self.application
        assessment = assess(app, params, self.resolutions)
        calendar = norway_calendar(app.received.year, app.received.year + 1)
        deadline = processing_deadline(app.received, app.patient_birth_date, app.serious_illness, params, calendar)
        steps: list[Step] = [*assessment.steps, deadline.step]
        decision = None
        if assessment.outcome.decided:
            decision = decision_content(app, assessment, params)
            steps += decision.steps
        return Run(actual_values(assessment, deadline.due, deadline.prioritised, decision), tuple(steps),
                   (assessment, decision))


def actual_values(assessment: Assessment, due: date, prioritised: bool,
                  decision: DecisionContent | None) -> dict[str, str]:
    actual = {
        "complete": _bool(assessment.completeness.complete),
        "missing": show_list([m.code for m in assessment.completeness.missing]),
        "outcome": assessment.outcome.value,
        "automatic": _bool(assessment.automatic),
        "open_points": show_list(list(assessment.open_keys)),
        "deadline": show_date(due),
        "prioritised": _bool(prioritised),
    }
    if decision is not None:
        actual["hjemmel"] = decision.hjemmel
        actual["hjemmel_code"] = decision.hjemmel_code
        actual["refund_code"] = decision.refund_code or "null"
        actual["granted"] = show_list([g.name for g in decision.granted])
        actual["refused"] = show_list([r.name for r in decision.refused])
        actual["bidrag_note"] = _bool(decision.bidrag_note is not None)
        if len(decision.granted) == 1:
            actual["valid_to"] = show_date(decision.granted[0].valid_to)
        elif decision.granted:
            actual["valid_to"] = "(flere innvilgede; bruk valid_to_by_item)"
        for g in decision.granted:
            actual[f"valid_to_by_item.{g.name}"] = show_date(g.valid_to)
    return actual


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _enum(r: Reader, key: str, enum: Any, default: Any = None) -> Any:
    value = r.choice(key, tuple(e.value for e in enum), None)
    return enum(value) if value is not None else default


def read_applicant(r: Reader) -> Applicant:
    return Applicant(
        hpr=r.text("hpr"),
        name=r.text("name"),
        authorised=r.boolean("authorised", True),
        specialist_in_field=r.boolean("specialist_in_field", False),
        specialty=r.text("specialty", None),
        hospital_department=r.text("hospital_department", None),
        may_prescribe_ab=r.boolean("may_prescribe_ab", True),
        phone=r.text("phone", None),
        email=r.text("email", None),
        address=r.text("address", None),
        instituted_by=r.text("instituted_by", None),
    )


def read_diagnosis(r: Reader) -> Diagnosis:
    return Diagnosis(
        system=r.choice("system", ("ICD-10", "ICPC-2")),
        code=r.text("code"),
        text=r.text("text", ""),
        section2_refund_code=r.boolean("section2_refund_code", False),
        specialist_condition=r.boolean("specialist_condition", False),
        obviously_severe=r.boolean("obviously_severe", False),
    )


def read_drug(r: Reader) -> RequestedDrug:
    return RequestedDrug(
        name=r.text("name"),
        atc=r.text("atc", None),
        varenummer=r.text("varenummer", None),
        reseptgruppe=r.choice("reseptgruppe", ("A", "B", "C", "CF", "F"), "C"),
        marketed_in_norway=r.boolean("marketed_in_norway", True),
        marketing_authorisation=r.optional_date("marketing_authorisation"),
        marketing_application_pending=r.boolean("marketing_application_pending", False),
        indication=_enum(r, "indication", Indication, Indication.APPROVED_NORWAY),
        orphan=r.boolean("orphan", False),
        vedlegg1=r.boolean("vedlegg1", False),
        method_assessment=_enum(r, "method_assessment", MethodAssessment),
        substance_and_manufacturer=r.text("substance_and_manufacturer", None),
    )


def read_severity(r: Reader) -> Severity:
    return Severity(
        grade=_enum(r, "grade", SeverityGrade),
        risk_of_death_or_loss_of_function=r.text("risk_of_death_or_loss_of_function", ""),
        loss_of_function=r.text("loss_of_function", ""),
        pain_or_discomfort=r.text("pain_or_discomfort", ""),
        related_illnesses=r.text("related_illnesses", ""),
    )


def read_period(r: Reader) -> NeedPeriod:
    return NeedPeriod(start=r.date("start"), end=r.optional_date("end"), drug=r.text("drug", None))


def read_tried(r: Reader) -> TriedDrug:
    return TriedDrug(name=r.text("name"), reason=_enum(r, "reason", WeightyReason),
                     description=r.text("description", ""), atc=r.text("atc", None))


def read_addictive(r: Reader) -> AddictiveStatement:
    return AddictiveStatement(
        dependence_risk_subordinate=r.boolean("dependence_risk_subordinate", False),
        treatment_plan=r.text("treatment_plan", ""),
        pain_analysis=r.text("pain_analysis", ""),
    )


def read_product(r: Reader) -> NutritionProduct:
    return NutritionProduct(name=r.text("name"), article_group=r.text("article_group", None),
                            on_list=r.boolean("on_list", True))


def read_nutrition(r: Reader) -> NutritionRequest:
    return NutritionRequest(
        point=r.integer("point"),
        condition=r.text("condition", None),
        products=tuple(r.items("products", read_product, [])),
        reason_other_than_hydrolysed=r.text("reason_other_than_hydrolysed", None),
        justification_off_list=r.text("justification_off_list", None),
        congenital_metabolic=r.boolean("congenital_metabolic", False),
    )


def _sub(r: Reader, key: str, read: Any) -> Any:
    if not r.has(key) or r.raw(key) is None:
        r.raw(key, None)
        return None
    sub = r.mapping(key)
    value = read(sub)
    sub.done()
    return value


def read_application(r: Reader) -> Application:
    patient = r.mapping("patient")
    birth_date = patient.date("birth_date")
    patient.done()
    applicant = _sub(r, "applicant", read_applicant)
    if applicant is None:
        raise ScenarioFormatError(f"{r.path}.applicant mangler.")
    return Application(
        kind=Kind(r.choice("kind", tuple(k.value for k in Kind))),
        received=r.date("received"),
        patient_birth_date=birth_date,
        applicant=applicant,
        consent=r.boolean("consent", False),
        diagnosis=_sub(r, "diagnosis", read_diagnosis),
        drugs=tuple(r.items("drugs", read_drug, [])),
        severity=_sub(r, "severity", read_severity),
        need=tuple(r.items("need", read_period, [])),
        tried=tuple(r.items("tried", read_tried, [])),
        no_preapproved_alternative=r.text("no_preapproved_alternative", None),
        addictive=_sub(r, "addictive", read_addictive),
        chronic_strong_pain=r.boolean("chronic_strong_pain", False),
        special_circumstances=r.text("special_circumstances", None),
        effect_documentation=r.text("effect_documentation", None),
        eea_approval_documentation=r.text("eea_approval_documentation", None),
        nutrition=_sub(r, "nutrition", read_nutrition),
        serious_illness=r.boolean("serious_illness", False),
        note=r.text("note", ""),
    )


def read_resolutions(r: Reader) -> dict[str, Resolution]:
    out: dict[str, Resolution] = {}
    for key in list(r.data):
        sub = r.mapping(str(key))
        out[str(key)] = Resolution(met=sub.boolean("met"), note=sub.text("note", ""))
        sub.done()
    return out


BOOL_KEYS = ("complete", "automatic", "prioritised", "bidrag_note")
TEXT_KEYS = ("hjemmel", "hjemmel_code")
LIST_KEYS = ("missing", "open_points", "granted", "refused")


def read_expect(r: Reader) -> tuple[dict[str, str], str | None]:
    expected: dict[str, str] = {}
    for key in BOOL_KEYS:
        if r.has(key):
            expected[key] = _bool(r.boolean(key))
    for key in TEXT_KEYS:
        if r.has(key):
            expected[key] = r.text(key)
    if r.has("refund_code"):
        value = r.raw("refund_code")
        expected["refund_code"] = "null" if value is None else r.text("refund_code")
    for key in LIST_KEYS:
        if r.has(key):
            expected[key] = show_list([str(v) for v in r.list(key)])
    if r.has("outcome"):
        expected["outcome"] = r.choice("outcome", OUTCOMES)
    if r.has("deadline"):
        expected["deadline"] = show_date(r.date("deadline"))
    if r.has("valid_to"):
        expected["valid_to"] = show_date(r.optional_date("valid_to"))
    if r.has("valid_to_by_item"):
        by_item = r.mapping("valid_to_by_item")
        for name in list(by_item.data):
            expected[f"valid_to_by_item.{name}"] = show_date(by_item.optional_date(str(name)))
        by_item.done()
    error = r.text("error", None)
    if not expected and error is None:
        raise ScenarioFormatError(f"{r.path}: forventer ingenting (oppgi for eksempel complete, outcome eller error).")
    return expected, error


@register("application")
def read(r: Reader) -> tuple[ApplicationCase, dict[str, str], str | None]:
    application_reader = r.mapping("application")
    application = read_application(application_reader)
    application_reader.done()
    resolutions: dict[str, Resolution] = {}
    if r.has("resolutions"):
        resolutions_reader = r.mapping("resolutions")
        resolutions = read_resolutions(resolutions_reader)
        resolutions_reader.done()
    expect_reader = r.mapping("expect")
    expected, error = read_expect(expect_reader)
    expect_reader.done()
    return ApplicationCase(application, resolutions), expected, error
