"""What one section's assessment gives back to the check, and how a step is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from blaresept.money import Ore
from blaresept.rules.blaresept.eligibility.facts import ConditionFact, ConditionOutcome
from blaresept.rules.law import LegalReference
from blaresept.rules.steps import ParameterUse, Step, rule_version

OK = "oppfylt"
NOT_OK = "ikke_oppfylt"


@dataclass(frozen=True)
class SectionOutcome:
    """The result of §§ 2–6: whether it allows reimbursement, the steps, the vilkår that applied."""

    ok: bool
    hjemmel_code: str | None
    steps: tuple[Step, ...]
    conditions: tuple[ConditionOutcome, ...] = ()
    condition_facts: tuple[ConditionFact, ...] = field(default=(), compare=False)
    refund_code: str | None = None
    max_refund_price: Ore | None = None
    copay_exempt: bool = False


def step(rule: str, reference: LegalReference, on: date, ok: bool | None, text: str, *,
         outcome: str | None = None, inputs: dict[str, Any] | None = None, outputs: dict[str, Any] | None = None,
         uses: tuple[ParameterUse, ...] = ()) -> Step:
    """A step; `ok` True/False gives the outcome 'oppfylt'/'ikke_oppfylt' unless `outcome` is given, and is
    recorded as the output `oppfylt` (False marks a step that stands in the way of reimbursement)."""
    outputs = dict(outputs or {})
    if ok is not None:
        outputs["oppfylt"] = ok
    return Step(
        rule=rule,
        reference=reference,
        version=rule_version(*uses, default=on),
        outcome=outcome or (OK if ok else NOT_OK if ok is False else "merknad"),
        text=text,
        inputs=inputs or {},
        outputs=outputs,
        parameters=uses,
    )
