"""kind: ehic — may a person have a European health insurance card issued on a date, on their own ground or as a
family member, and until when is it valid (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules.ehic import FamilyLink, Insured, Relation, assess_ehic
from blaresept.rules.parameters import default_parameters
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_date
from blaresept.scenarios.reader import Reader, ScenarioFormatError

RELATIONS = tuple(r.value for r in Relation)
GROUNDS = ("own", "family_member", "none", "open")


@dataclass
class EhicCase:
    on: date
    person: Insured
    family: FamilyLink | None
    reason_part: str | None = None  # expect.reason: a part of the reason, compared case-insensitively

    def run(self) -> Run:
        result = assess_ehic(self.person, self.on, default_parameters(), self.family)
        eligible = {True: "true", False: "false", None: "open"}[result.eligible]
        actual = {"eligible": eligible, "ground": result.ground.value, "valid_to": show_date(result.valid_to),
                  "reason": result.reason}
        if self.reason_part is not None and self.reason_part.lower() in result.reason.lower():
            actual["reason"] = self.reason_part
        return Run(actual, result.steps, result)


def _insured(r: Reader) -> Insured:
    if isinstance(r.raw("citizenship"), bool):
        raise ScenarioFormatError('citizenship: skriv landkoden i anførselstegn, som "NO" (YAML leser NO som false).')
    insured = Insured(birth_date=r.date("birth_date"), citizenship=str(r.text("citizenship")),
                      member=r.boolean("member", True))
    r.done()
    return insured


@register("ehic")
def read(r: Reader) -> tuple[EhicCase, dict[str, str], str | None]:
    on = r.date("date")
    person = _insured(r.mapping("person"))
    family = None
    if r.has("family"):
        f = r.mapping("family")
        relation = Relation(f.choice("relation", RELATIONS))
        family = FamilyLink(relation, _insured(f.mapping("holder")))
        f.done()
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    if e.has("eligible"):
        value = e.raw("eligible")
        if value not in (True, False, "open"):
            raise ScenarioFormatError("expect.eligible: skriv true, false eller open.")
        expected["eligible"] = {True: "true", False: "false"}.get(value, "open")
    if e.has("ground"):
        expected["ground"] = e.choice("ground", GROUNDS)
    if e.has("valid_to"):
        expected["valid_to"] = show_date(e.optional_date("valid_to"))
    reason = e.text("reason", None)
    error = e.text("error", None)
    e.done()
    if reason is not None:
        expected["reason"] = reason
    if not expected and error is None:
        raise ScenarioFormatError("expect: forventer ingenting (oppgi eligible, ground, valid_to, reason eller error).")
    return EhicCase(on, person, family, reason), expected, error
