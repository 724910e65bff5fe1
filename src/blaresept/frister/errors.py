"""Errors of the referral service, with bokmål messages (the API maps them to HTTP codes)."""

from __future__ import annotations


class FristError(ValueError):
    """Bad input for a referral; nothing is stored."""


class FristNotFound(FristError):
    """No such referral (or not one the caller may see)."""


class FristForbidden(FristError):
    """The caller may not do this to the referral."""


class FristConflict(FristError):
    """The referral is not in a state where this can be done."""
