"""Errors from reading a FEST file. Each names the element and the line where it can, in bokmål, so a person
can open the file and find the fault. libxml2's English messages are translated for the common cases."""

from __future__ import annotations

import re


class FestError(ValueError):
    """A FEST file that cannot be read: not XML, truncated, breaking the XSD, or with data the catalogue
    cannot hold (a price with fractions of an øre, a reference to nothing). The message is in bokmål."""

    def __init__(self, message: str, *, element: str | None = None, line: int | None = None):
        self.message = message
        self.element = element
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.line:
            where.append(f"linje {self.line}")
        if self.element:
            where.append(f"element «{self.element}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


_NAMESPACE = re.compile(r"\{[^}]*\}")
_NOT_EXPECTED = re.compile(r"^Element '([^']+)': This element is not expected\."
                           r"(?: Expected is (one of )?\( (.*) \)\.)?$")
_BAD_VALUE = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?: '([^']*)' is not a valid value of the "
                        r"(?:atomic|local atomic|union|list) type '([^']+)'\.$")
_MISSING = re.compile(r"^Element '([^']+)': Missing child element\(s\)\. Expected is (one of )?\( (.*) \)\.$")
_ATTRIBUTE = re.compile(r"^Element '([^']+)', attribute '([^']+)': The attribute '[^']+' is not allowed\.$")
_ELEMENT = re.compile(r"^Element '([^']+)'")
_AT_END = re.compile(r"(?:Premature end of data in tag|Couldn't find end of Start Tag) (\S+)")
_BYTES = re.compile(r"b(['\"])(.*)\1")
_LINE_PREFIX = re.compile(r"^line \d+: ")
_POSITION = re.compile(r"(?:, line \d+)?, column \d+$")
_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)")


def local(name: str) -> str:
    """The element name without its namespace: '{…/forskrivning/2014-12-01}Varenr' → 'Varenr'."""
    return _NAMESPACE.sub("", name)


def _names(text: str) -> str:
    return ", ".join(f"«{local(n.strip())}»" for n in text.split(","))


def schema_message(message: str) -> tuple[str, str | None]:
    """A libxml2 XSD validation message in bokmål, and the element it names."""
    message = message.strip()
    if m := _NOT_EXPECTED.match(message):
        element = local(m.group(1))
        if m.group(3):
            expected = ("ett av " if m.group(2) else "") + _names(m.group(3))
            return f"elementet «{element}» er ikke ventet her etter XSD-skjemaet; forventet {expected}.", element
        return f"elementet «{element}» er ikke ventet her etter XSD-skjemaet.", element
    if m := _BAD_VALUE.match(message):
        element = local(m.group(1))
        what = f"attributtet «{m.group(2)}»" if m.group(2) else "verdien"
        return f"{what} «{m.group(3)}» er ikke gyldig for typen {m.group(4)} etter XSD-skjemaet.", element
    if m := _MISSING.match(message):
        element = local(m.group(1))
        expected = ("ett av " if m.group(2) else "") + _names(m.group(3))
        return f"elementet «{element}» mangler et underelement; forventet {expected}.", element
    if m := _ATTRIBUTE.match(message):
        return f"attributtet «{m.group(2)}» er ikke tillatt her etter XSD-skjemaet.", local(m.group(1))
    named = _ELEMENT.match(message)
    return f"bryter med XSD-skjemaet: {local(message)}", local(named.group(1)) if named else None


def syntax_message(message: str) -> tuple[str, str | None]:
    """A libxml2 well-formedness message in bokmål, and the element it names."""
    text = _LINE_PREFIX.sub("", _BYTES.sub(r"\2", message.strip()))
    text = _POSITION.sub("", text)
    if m := _AT_END.search(text):
        return f"filen slutter før elementet «{m.group(1)}» er avsluttet – den er avkortet eller ufullstendig.", \
            m.group(1)
    if "Document is empty" in text or "Start tag expected" in text or "no element found" in text:
        return "filen er tom eller er ikke XML.", None
    if m := _MISMATCH.search(text):
        return (f"elementet «{m.group(1)}» (åpnet på linje {m.group(2)}) lukkes av «{m.group(3)}» – "
                "start- og sluttmerker stemmer ikke overens.", m.group(1))
    return f"filen er ikke velformet XML: {text}", None


def read_message(exc: BaseException) -> str:
    """Why the bytes of the file could not be read to the end, in bokmål."""
    if isinstance(exc, EOFError):
        return "filen slutter før den komprimerte strømmen er ferdig – den er avkortet."
    if "gzip" in str(exc).lower() or "compressed" in str(exc).lower():
        return "filen er ikke en gyldig gzip-fil."
    return f"filen kan ikke leses ({type(exc).__name__})."
