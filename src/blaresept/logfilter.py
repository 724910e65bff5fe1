"""Personal numbers never appear in the application log, and nothing a caller sends can forge a log line.

One rule for every log record of the process, whichever logger writes it (Blåresept's own, uvicorn's access and
error logs, SQLAlchemy, libraries) and whichever handler prints it: every 11-digit number (fødselsnummer,
D-nummer) is masked to its first six digits, and control characters (line breaks, NUL, escape sequences) in
messages and their arguments are written as escapes (``\\n``, ``\\x00``). Exception traces are formatted once,
masked, and stored on the record, so no formatter prints an unmasked trace.

It is installed as the log record factory (every record passes through it when created) and as a filter on the
root logger and its handlers (records built outside the factory)."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Mapping
from typing import Any

ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{5}(?!\d)")
# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_IN_TRACE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # a trace keeps its line breaks
_PLAIN = (int, float, bool, type(None))


def mask(text: str) -> str:
    """Every 11-digit number with its personal digits hidden: '01037040068' → '010370*****'."""
    return ELEVEN_DIGITS.sub(r"\1*****", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}" if ord(char) < 256
                                                        else f"\\u{ord(char):04x}")


def clean(text: str) -> str:
    """A text safe for one log line: control characters escaped, personal numbers masked."""
    return mask(CONTROL.sub(_escape, text))


def clean_trace(text: str) -> str:
    """A formatted stack trace: its own line breaks kept, other control characters escaped, numbers masked."""
    return mask(CONTROL_IN_TRACE.sub(_escape, text))


def format_trace(exc_info: Any) -> str:
    """A stack trace whose frames keep their lines, while each exception's own text (which may hold what a
    caller sent) is one escaped line."""
    chunks = []
    for chunk in traceback.TracebackException(*exc_info[:3]).format():
        if chunk.startswith(("  ", "Traceback", "\nDuring handling", "\nThe above exception")):
            chunks.append(clean_trace(chunk))
        else:
            chunks.append(clean(chunk.rstrip("\n")) + "\n")
    return "".join(chunks).rstrip("\n")


def _clean_arg(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, _PLAIN):
        text = str(value)
        return value if clean(text) == text else clean(text)
    text = repr(value) if isinstance(value, (tuple, list, dict, set, bytes)) else str(value)
    return value if clean(text) == text else clean(text)


def sanitize(record: logging.LogRecord) -> logging.LogRecord:
    """Mask and escape one record in place (idempotent)."""
    if getattr(record, "_blaresept_clean", False):
        return record
    record._blaresept_clean = True
    msg = record.msg if isinstance(record.msg, str) else str(record.msg)
    args = record.args
    if isinstance(args, Mapping):
        new_args: Any = {key: _clean_arg(value) for key, value in args.items()}
    elif isinstance(args, tuple):
        new_args = tuple(_clean_arg(value) for value in args)
    else:
        new_args = args
    new_msg = clean(msg)
    try:
        rendered = new_msg % new_args if new_args else new_msg
    except (TypeError, ValueError, KeyError):
        rendered = None
    if rendered is not None and clean(rendered) == rendered:
        # the arguments stay separate, for formatters that read them (uvicorn's access log)
        record.msg, record.args = new_msg, new_args
    else:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            message = f"{msg} {args!r}"
        record.msg, record.args = clean(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = format_trace(record.exc_info)
    elif record.exc_text:
        record.exc_text = clean_trace(record.exc_text)
    if record.stack_info:
        record.stack_info = clean_trace(record.stack_info)
    return record


class PersonalNumberFilter(logging.Filter):
    """The same rule as a filter, for the root logger and its handlers."""

    def filter(self, record: logging.LogRecord) -> bool:
        sanitize(record)
        return True


_installed_factory: Callable[..., logging.LogRecord] | None = None


def install() -> None:
    """Install the rule once for the whole process: as the record factory and on the root logger."""
    global _installed_factory
    if _installed_factory is None or logging.getLogRecordFactory() is not _installed_factory:
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return sanitize(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed_factory = factory
    root = logging.getLogger()
    for target in (root, *root.handlers):
        if not any(isinstance(f, PersonalNumberFilter) for f in target.filters):
            target.addFilter(PersonalNumberFilter())
