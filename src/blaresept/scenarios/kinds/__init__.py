"""The scenario kinds. Each kind reads its part of a file into a Case and says how to compare it.

A kind module defines `KIND` (the `kind:` value) and `read(reader) -> (case, expected, expected_error)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from blaresept.scenarios.reader import Reader

Read = Callable[[Reader], tuple[Any, dict[str, str], str | None]]

KINDS: dict[str, Read] = {}


def register(kind: str) -> Callable[[Read], Read]:
    def wrap(read: Read) -> Read:
        KINDS[kind] = read
        return read

    return wrap


def known_kinds() -> dict[str, Read]:
    """Every registered kind (importing the kind modules registers them)."""
    from blaresept.scenarios.kinds import annual_cap, ledger, pricing  # noqa: F401

    # kinds of other domains register themselves when present
    for optional in ("check", "application", "bidrag", "ehic"):
        try:
            importlib.import_module(f"blaresept.scenarios.kinds.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"blaresept.scenarios.kinds.{optional}":
                raise
    return KINDS
