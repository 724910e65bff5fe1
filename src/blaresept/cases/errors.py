"""The case engine's errors. Each carries a bokmål message; `status` is the HTTP status the API answers with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from blaresept.rules.errors import RuleError

T = TypeVar("T")


class CaseError(Exception):
    """Bad input for a case operation (HTTP 422 at the API). The message is in bokmål."""

    status = 422


class CaseNotFound(CaseError):
    status = 404


class CaseForbidden(CaseError):
    status = 403


class CaseConflict(CaseError):
    status = 409


def call_rule(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a pure rule; its bokmål RuleError becomes a CaseError (nothing is written)."""
    try:
        return call(*args, **kwargs)
    except RuleError as exc:
        raise CaseError(str(exc)) from None
