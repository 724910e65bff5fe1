"""kind: frist — a referral's dates and flags → the assessment deadline (with the holidays that did not count),
breach or not on a given date, the rights that follow, and the choice of provider (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.frister.calendar import calendar_around
from blaresept.rules.frister.assessment import assessment_deadline
from blaresept.rules.frister.breach import breach_on, breach_rights
from blaresept.rules.frister.choice import PROVIDER_KINDS, provider_choice
from blaresept.rules.parameters import default_parameters
from blaresept.rules.steps import Step
from blaresept.scenarios.kinds import register
from blaresept.scenarios.model import Run, show_date
from blaresept.scenarios.reader import Reader, ScenarioFormatError

EXPECT_KEYS = ("assessment_deadline", "working_days", "holidays", "sooner", "breached", "breach_since", "notifier",
               "travel_in_full", "provider_allowed", "scheme")


@dataclass
class FristCase:
    received: date
    serious: bool
    deadline: date | None
    help_started: date | None
    on: date | None
    provider_kind: str | None
    started_before_2023: bool

    def run(self) -> Run:
        params = default_parameters()
        years = [self.received.year] + [d.year for d in (self.deadline, self.on) if d is not None]
        result = assessment_deadline(self.received, self.serious, params, calendar_around(*years))
        steps: list[Step] = list(result.steps)
        actual = {
            "assessment_deadline": show_date(result.deadline),
            "working_days": str(result.working_days),
            "holidays": ", ".join(f"{d.isoformat()} {n}" for d, n in result.holidays) or "ingen",
            "sooner": str(result.sooner).lower(),
        }
        if self.deadline is not None and self.on is not None:
            status = breach_on(self.deadline, self.help_started, self.on)
            steps.append(status.step)
            actual["breached"] = str(status.breached).lower()
            actual["breach_since"] = show_date(status.since)
            if status.since is not None:
                rights = breach_rights(status.since, params)
                steps.extend(rights.steps)
                actual["notifier"] = rights.notifier
                actual["travel_in_full"] = str(rights.travel_in_full).lower()
        if self.provider_kind is not None:
            choice = provider_choice(self.on or self.received, self.provider_kind, params, self.started_before_2023)
            steps.append(choice.step)
            actual["provider_allowed"] = str(choice.allowed).lower()
            actual["scheme"] = choice.scheme
        return Run(actual, tuple(steps), result)


@register("frist")
def read(r: Reader) -> tuple[FristCase, dict[str, str], str | None]:
    ref = r.mapping("referral")
    received = ref.date("received")
    serious = ref.boolean("serious_illness_suspected", False)
    deadline = ref.optional_date("deadline") if ref.has("deadline") else None
    help_started = ref.optional_date("help_started") if ref.has("help_started") else None
    ref.done()
    on = r.optional_date("seen_on") if r.has("seen_on") else None
    provider_kind = None
    started_before_2023 = False
    if r.has("provider"):
        p = r.mapping("provider")
        provider_kind = p.choice("kind", tuple(PROVIDER_KINDS))
        started_before_2023 = p.boolean("started_before_2023", False)
        p.done()
    if (deadline is None) != (on is None):
        raise ScenarioFormatError("referral.deadline og seen_on må oppgis sammen (fristbrudd vurderes på en dato).")
    e = r.mapping("expect")
    expected: dict[str, str] = {}
    for key in EXPECT_KEYS:
        if not e.has(key):
            continue
        value = e.raw(key)
        if isinstance(value, bool):
            expected[key] = str(value).lower()
        elif key in ("assessment_deadline", "breach_since"):
            expected[key] = show_date(e.optional_date(key))
        elif key == "holidays":
            items = e.list(key)
            expected[key] = ", ".join(str(v) for v in items) or "ingen"
        else:
            expected[key] = str(value)
    error = e.text("error", None)
    e.done()
    if not expected and error is None:
        raise ScenarioFormatError("expect: forventer ingenting (oppgi assessment_deadline, breached, … eller error).")
    return FristCase(received, serious, deadline, help_started, on, provider_kind, started_before_2023), expected, error
