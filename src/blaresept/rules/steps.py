"""Explanations: every rule application yields a Step — what was decided, under which provision and rule
version, from which inputs and parameter values (with their sources), and one sentence in bokmål.

Modelled on NAV's Subsumsjon records (navikt/helse-spleis): the explanation is also the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from blaresept.rules.law import LegalReference


@dataclass(frozen=True)
class ParameterUse:
    """One parameter value a rule used: its name, value, the date it took effect, and its sources."""

    name: str
    value: Any
    effective: date
    sources: tuple[str, ...]
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _plain(self.value),
            "effective": self.effective.isoformat(),
            "sources": list(self.sources),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Step:
    """One application of one rule."""

    rule: str
    reference: LegalReference
    version: date
    outcome: str
    text: str
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    parameters: tuple[ParameterUse, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "reference": self.reference.as_dict(),
            "version": self.version.isoformat(),
            "outcome": self.outcome,
            "text": self.text,
            "inputs": {k: _plain(v) for k, v in self.inputs.items()},
            "outputs": {k: _plain(v) for k, v in self.outputs.items()},
            "parameters": [p.as_dict() for p in self.parameters],
        }


def rule_version(*uses: ParameterUse, default: date) -> date:
    """The date of the rule version applied: the latest effective date among the parameter values used."""
    return max((u.effective for u in uses), default=default)


def _plain(value: Any) -> Any:
    """JSON-friendly form of step values (dates as ISO text, fractions and decimals as text)."""
    from decimal import Decimal
    from fractions import Fraction

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
