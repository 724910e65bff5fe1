"""Validation against the official FEST M30 XSD (eResept 2.5, M30 FEST 2014-12-01, KITH R1808), strict or
loose, streaming so memory stays flat.

The schemas are packaged under blaresept/fest/schema/ exactly as published (provenance:
shared/reference/fest/SOURCES.md). The loose M30 schema imports the strict Forskrivning schema; for loose
validation that import is pointed at the loose Forskrivning schema in memory, so every IDREF becomes a string
as the loose variant intends (incremental downloads refer to entries not in the file).

libxml2 reports streaming XSD errors only at the end of the document and without a line. On an error the file
is read a second time, entry by entry, validating each entry inside a copy of its catalogue element, which
gives the exact line. libxml2 does not check that an IDREF points at an ID in the document; the importer
checks every reference the catalogue stores (blaresept.catalog.importer).
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from blaresept.fest.errors import FestError, local, read_message, schema_message, syntax_message
from blaresept.fest.records import ENTRIES
from blaresept.fest.source import M30_NS, SAFE_PARSER, FestStream, Progress, StreamInfo

M30_XSD = "R1808-eResept-M30-2014-12-01/ER-M30-2014-12-01.xsd"
M30_LOOSE_XSD = "R1808-eResept-M30-2014-12-01/ER-M30-2014-12-01-loose.xsd"
FORSKRIVNING = "../felles/Forskrivning-2014-12-01.xsd"
FORSKRIVNING_LOOSE = "../felles/Forskrivning-2014-12-01-loose.xsd"
M = "{" + M30_NS + "}"
ENTRY_TAGS = tuple(M + name for name in ENTRIES)


def schema_dir() -> Path:
    return Path(str(resources.files("blaresept.fest") / "schema"))


@cache
def load_schema(loose: bool = False) -> Any:
    """The compiled M30 schema (strict by default), once per process."""
    path = schema_dir() / (M30_LOOSE_XSD if loose else M30_XSD)
    document = etree.parse(str(path))
    if loose:
        for node in document.getroot():
            if local(str(node.tag)) == "import" and node.get("schemaLocation") == FORSKRIVNING:
                node.set("schemaLocation", FORSKRIVNING_LOOSE)
    return etree.XMLSchema(document)


def validate(path: Path, loose: bool = False, progress: Progress | None = None) -> StreamInfo:
    """Check the whole file against the XSD. Returns the digest of its XML; raises FestError (bokmål, with the
    element and line) for a file that is not XML, is truncated, or breaks the schema."""
    schema = load_schema(loose)
    with FestStream(path, progress) as stream:
        events = etree.iterparse(stream, events=("end",), tag=ENTRY_TAGS, schema=schema, huge_tree=True,
                                 **SAFE_PARSER)
        try:
            for _event, el in events:
                parent = el.getparent()
                el.clear()
                if parent is not None:
                    parent.remove(el)
        except etree.XMLSyntaxError as exc:
            if _is_schema_error(exc):
                raise locate(path, loose, str(exc.msg if hasattr(exc, "msg") else exc)) from None
            message, element = syntax_message(str(exc.msg if hasattr(exc, "msg") else exc))
            raise FestError(message, element=element, line=exc.lineno or None) from None
        except (EOFError, OSError) as exc:
            raise FestError(read_message(exc)) from None
        return stream.finish()


def _is_schema_error(exc: Any) -> bool:
    """A streaming XSD error (no line, the message names an element), as opposed to XML that is not
    well-formed (truncated, mismatched tags), which libxml2 reports with its line."""
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    return message.startswith("Element '") or not exc.lineno


def locate(path: Path, loose: bool, streaming_message: str) -> FestError:
    """Find where a file that broke the XSD breaks it: validate each entry in a copy of its catalogue element
    (lines are kept); else point at the first element the streaming message names."""
    schema = load_schema(loose)
    message, element = schema_message(streaming_message.split("\n")[0])
    first_named: int | None = None
    with FestStream(path) as stream:
        try:
            for _event, el in etree.iterparse(stream, events=("end",), huge_tree=True, **SAFE_PARSER):
                tag = el.tag
                if not isinstance(tag, str):
                    continue
                if element and first_named is None and local(tag) == element:
                    first_named = el.sourceline
                if tag.startswith(M + "Oppf"):
                    found = _check_entry(schema, el)
                    if found is not None:
                        return found
        except etree.XMLSyntaxError as exc:
            syntax, named = syntax_message(str(exc.msg if hasattr(exc, "msg") else exc))
            return FestError(syntax, element=named, line=exc.lineno or None)
    return FestError(message, element=element, line=first_named)


def _check_entry(schema: Any, entry: Any) -> FestError | None:
    """Validate one Oppf* entry inside a copy of its catalogue element; the copy keeps the source lines."""
    parent = entry.getparent()
    catalogue = etree.Element(parent.tag, nsmap={None: M30_NS})
    catalogue.append(copy.deepcopy(entry))
    if not schema.validate(catalogue):
        error = schema.error_log[0]
        entry_message, entry_element = schema_message(error.message)
        return FestError(entry_message, element=entry_element, line=error.line or entry.sourceline)
    entry.clear()
    parent.remove(entry)
    return None
