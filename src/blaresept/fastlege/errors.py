"""Errors of the fastlege register; every message is in bokmål. They are the shared error types' kinds, so the
API answers 422 and 403 with the message as they do elsewhere."""

from __future__ import annotations

from blaresept.persons.service import AccessDenied
from blaresept.rules.errors import RuleInputError


class RegisterError(RuleInputError):
    """Input the register cannot act on (unknown list, bad number, a list too small for a move)."""


class NotAllowed(AccessDenied):
    """The caller may not do this for this person or list."""
