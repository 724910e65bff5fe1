"""Personal numbers never appear in the application log: a filter that masks every 11-digit number
(fødselsnummer, D-nummer) in log records, installed on Blåresept's and the web server's loggers."""

from __future__ import annotations

import logging
import re

ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{5}(?!\d)")
LOGGERS = ("blaresept", "uvicorn", "uvicorn.access", "uvicorn.error", "sqlalchemy.engine", "fastapi")


def mask(text: str) -> str:
    return ELEVEN_DIGITS.sub(r"\1*****", text)


class PersonalNumberFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def install() -> None:
    """Add the filter once to each logger that may see request paths or bodies."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PersonalNumberFilter) for f in logger.filters):
            logger.addFilter(PersonalNumberFilter())
