"""Errors from the rules core. Each carries a message in bokmål for the person who sent the input."""

from __future__ import annotations

from blaresept.money import MoneyError
from blaresept.rules.parameters import OutOfScope


class RuleInputError(ValueError):
    """The input to a rule is incomplete or contradictory."""


RuleError = (RuleInputError, OutOfScope, MoneyError)
"""Every error a rule raises on bad input; all have bokmål messages."""
