"""What a scenario is once read, and what running it gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from blaresept.money import format_kr
from blaresept.rules.steps import Step


class Case(Protocol):
    """A scenario's input and expectations, read by a kind."""

    def run(self) -> Run:
        """Evaluate the rules on the input. Raises a rule error for input the rules refuse."""
        ...


@dataclass
class Run:
    """The actual values (as display text, keyed like `expect`), the explanation, and the full result."""

    actual: dict[str, str]
    steps: tuple[Step, ...] = ()
    result: Any = None


@dataclass(frozen=True)
class Difference:
    field: str
    expected: str
    actual: str


@dataclass
class Scenario:
    """One scenario file (or one document of it)."""

    path: Path
    kind: str
    name: str
    source: str
    case: Case
    expected: dict[str, str]
    expected_error: str | None = None


@dataclass
class Outcome:
    scenario: Scenario | None
    path: Path
    passed: bool
    differences: list[Difference] = field(default_factory=list)
    error: str | None = None
    run: Run | None = None

    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario else self.path.name


def show_money(amount: int) -> str:
    return format_kr(amount)


def show_date(value: date | None) -> str:
    return "null" if value is None else value.isoformat()


def show_list(values: list[Any]) -> str:
    return "[" + ", ".join(str(v) for v in sorted(values, key=lambda v: (str(type(v)), v))) + "]"
