"""kind: abroad — health care abroad (§ 5-24 a refund, forhåndsgodkjenning) and courses abroad for children with
rare congenital conditions: a right or not, with the reasons (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass

from blaresept.rules.abroad import CareAbroad, CourseApplication, assess_care, assess_course
from blaresept.rules.parameters import default_parameters
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run
from blaresept.scenarios.reader import Reader, ScenarioFormatError


@dataclass
class AbroadCase:
    request: CourseApplication | CareAbroad
    reason_part: str | None = None

    def run(self) -> Run:
        params = default_parameters()
        result = (assess_course(self.request, params) if isinstance(self.request, CourseApplication)
                  else assess_care(self.request, params))
        reasons = " ".join(result.reasons)
        actual = {"eligible": str(result.eligible).lower(), "reason": reasons}
        if self.reason_part is not None and self.reason_part.lower() in reasons.lower():
            actual["reason"] = self.reason_part
        return Run(actual, result.steps, result)


def _course(c: Reader) -> CourseApplication:
    course = CourseApplication(
        applied_on=c.date("applied_on"), course_start=c.date("course_start"), country=str(c.text("country")),
        congenital=c.boolean("congenital", True), norwegian_competence=c.boolean("norwegian_competence", False),
        nordic_offer=c.boolean("nordic_offer", False), centre_statement=c.boolean("centre_statement", False),
        professional_programme=c.boolean("professional_programme", True),
        child_participates=c.boolean("child_participates", True), one_in=c.integer("one_in", None),
        persons_in_norway=c.integer("persons_in_norway", None))
    c.done()
    return course


def _care(c: Reader, route: str) -> CareAbroad:
    care = CareAbroad(
        route=route, treatment_date=c.date("treatment_date"), country=str(c.text("country")),
        residence_country=str(c.text("residence_country", "NO")), referral=c.boolean("referral", True),
        covered_in_norway=c.boolean("covered_in_norway", True), public_provider=c.boolean("public_provider", True),
        justifiable_wait_in_norway=c.boolean("justifiable_wait_in_norway", True), applied_on=c.date("applied_on", None))
    c.done()
    return care


@register("abroad")
def read(r: Reader) -> tuple[AbroadCase, dict[str, str], str | None]:
    if r.has("course"):
        request: CourseApplication | CareAbroad = _course(r.mapping("course"))
    elif r.has("refund"):
        request = _care(r.mapping("refund"), "refund")
    elif r.has("approval"):
        request = _care(r.mapping("approval"), "approval")
    else:
        raise ScenarioFormatError("Oppgi én av course, refund eller approval.")
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    if e.has("eligible"):
        expected["eligible"] = str(e.boolean("eligible")).lower()
    reason = e.text("reason", None)
    if reason is not None:
        expected["reason"] = reason
    error = e.text("error", None)
    e.done()
    if not expected and error is None:
        raise ScenarioFormatError("expect: forventer ingenting (oppgi eligible, reason eller error).")
    return AbroadCase(request, reason), expected, error
