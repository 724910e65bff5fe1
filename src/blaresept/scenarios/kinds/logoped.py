"""kind: logoped — a doctor's referral to a logoped or audiopedagog (folketrygdloven § 5-10): a right to stønad or
not, whether Helfo's prior approval is needed, and how many treatments it covers (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass

from blaresept.rules.logoped import Referral, Therapist, assess_referral
from blaresept.rules.parameters import default_parameters
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run
from blaresept.scenarios.reader import Reader, ScenarioFormatError


def _show(value: object) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


@dataclass
class LogopedCase:
    referral: Referral
    reason_part: str | None = None

    def run(self) -> Run:
        result = assess_referral(self.referral, default_parameters())
        reasons = " ".join(result.reasons)
        actual = {"eligible": _show(result.eligible), "prior_approval": _show(result.prior_approval),
                  "treatment_limit": _show(result.treatment_limit), "treatments_left": _show(result.treatments_left),
                  "reason": reasons}
        if self.reason_part is not None and self.reason_part.lower() in reasons.lower():
            actual["reason"] = self.reason_part
        return Run(actual, result.steps, result)


@register("logoped")
def read(r: Reader) -> tuple[LogopedCase, dict[str, str], str | None]:
    patient = r.mapping("patient")
    birth = patient.date("birth_date")
    patient.done()
    ref = r.mapping("referral")
    referral = Referral(
        patient_birth_date=birth, referral_date=ref.date("date"),
        therapist=Therapist(ref.choice("therapist", tuple(t.value for t in Therapist), "logoped")),
        diagnosis=ref.text("diagnosis", None), specialist_statement=ref.boolean("specialist_statement", False),
        municipal_offer=r.boolean("municipal_offer", False), treatment_start=r.date("treatment_start", None),
        treatments_used=r.integer("treatments_used", 0),
    )
    ref.done()
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    for key in ("eligible", "prior_approval"):
        if e.has(key):
            expected[key] = _show(e.boolean(key))
    for key in ("treatment_limit", "treatments_left"):
        if e.has(key):
            value = e.raw(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ScenarioFormatError(f"expect.{key}: skriv et heltall eller null.")
            expected[key] = _show(value)
    reason = e.text("reason", None)
    if reason is not None:
        expected["reason"] = reason
    error = e.text("error", None)
    e.done()
    if not expected and error is None:
        raise ScenarioFormatError("expect: forventer ingenting (oppgi eligible, prior_approval, treatment_limit, "
                                  "treatments_left, reason eller error).")
    return LogopedCase(referral, reason), expected, error
