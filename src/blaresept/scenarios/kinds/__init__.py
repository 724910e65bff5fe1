"""The scenario kinds. Each kind reads its part of a file into a Case and says how to compare it.

A kind module defines `KIND` (the `kind:` value) and `read(reader) -> (case, expected, expected_error)`."""

from __future__ import annotations

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
    from blaresept.scenarios.kinds import annual_cap, pricing  # noqa: F401

    try:  # kinds that need the catalogue or case handling register themselves when present
        from blaresept.scenarios.kinds import check  # noqa: F401
    except ImportError:
        pass
    try:
        from blaresept.scenarios.kinds import application  # noqa: F401
    except ImportError:
        pass
    return KINDS
