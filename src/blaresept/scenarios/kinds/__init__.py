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
    """Every registered kind: each module in this package registers its kind when imported, so a new kind is a
    new module here and nothing else."""
    import pkgutil

    package = importlib.import_module(__name__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return KINDS
