"""Errors of the fastlege register; every message is in bokmål."""

from __future__ import annotations


class RegisterError(ValueError):
    """Input the register cannot act on (unknown list, bad number, a rule's refusal raised as an error)."""


class NotAllowed(PermissionError):
    """The caller may not do this for this person or list."""
