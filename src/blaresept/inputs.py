"""One rule for what a caller may send as text or a date, shared by every request schema, query and path
parameter and web form.

- Text never holds control characters (NUL, escape sequences, line breaks in one-line fields): PostgreSQL cannot
  store NUL in text, and a line break in a name or number can forge a log line. Multi-line text (grounds,
  notes) may hold line breaks and tabs, nothing else.
- A date is written ÅÅÅÅ-MM-DD; a number (`?on=0`) is not read as seconds since 1970.

The rule is a JSON-schema pattern, so the OpenAPI description refuses exactly what the API refuses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]*$"
_ONE_LINE = re.compile(ONE_LINE_PATTERN)
_MULTILINE = re.compile(MULTILINE_PATTERN)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CONTROL_MESSAGE = "inneholder kontrolltegn (som NUL eller linjeskift) som ikke er tillatt"
MULTILINE_MESSAGE = "inneholder kontrolltegn (som NUL) som ikke er tillatt"
TEXT_PATTERNS = {ONE_LINE_PATTERN: CONTROL_MESSAGE, MULTILINE_PATTERN: MULTILINE_MESSAGE}
DATE_MESSAGE = "må være en dato skrevet ÅÅÅÅ-MM-DD"

Text = Annotated[str, Field(pattern=ONE_LINE_PATTERN)]
OneLine = Text
"""One-line text: no control characters at all."""
MultilineText = Annotated[str, Field(pattern=MULTILINE_PATTERN)]
"""Text that may hold line breaks and tabs, and no other control characters."""


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        return value
    raise PydanticCustomError("iso_date", DATE_MESSAGE)


Day = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A calendar date written ÅÅÅÅ-MM-DD (never a number of seconds)."""


class TextRefused(ValueError):
    """A text with control characters. Message in bokmål."""


def has_control(value: str, multiline: bool = False) -> bool:
    return not (_MULTILINE if multiline else _ONE_LINE).match(value)


def check_text(value: str, field: str, multiline: bool = False) -> str:
    """The text unchanged, or a bokmål error naming the field."""
    if has_control(value, multiline):
        raise TextRefused(f"«{field}» {MULTILINE_MESSAGE if multiline else CONTROL_MESSAGE}.")
    return value


def check_form(form: Mapping[str, Any]) -> None:
    """Every field of a posted web form under the same rule. A browser sends text areas with line breaks, so
    a form field may hold line breaks and tabs; every field is still parsed into a request schema or a checked
    value (fødselsnummer, date, amount) before it is stored."""
    for key, value in form.items():
        check_text(str(key), "feltnavn")
        if isinstance(value, str):
            check_text(value, key, multiline=True)
