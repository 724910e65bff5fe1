"""Opening a FEST file as a stream of XML bytes: plain or gzip, with a running SHA-256 of the XML, a count of
the bytes read from disk (for progress bars), and the repair of the re-serialised root.

Some FEST copies were written by a serialiser that kept the M30 namespace only as a prefix on the root
(`<m30:FEST xmlns:m30="…">`) and wrote the `Oppf*` entries with no prefix and no default namespace, so they
fell out of the M30 namespace and break the official XSD. The M30 schema puts every element in a namespace
(elementFormDefault="qualified"), so an unprefixed element under such a root can only have meant M30. The
repair declares the M30 namespace as the default on the root start tag — nothing else in the stream changes,
so line numbers stay true. See shared/reference/fest/SOURCES.md (fest-mini … .xml.gz vs .m30ns.xml.gz).
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

M30_NS = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
FS_NS = "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01"
GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024
# Decompression limits. FEST's XML compresses to about a tenth (the 2017 extract: 85 kB gzip, 1.2 MB XML); a
# file that grows more than 200 times its compressed size, or beyond 4 GB of XML, is not FEST but a bomb.
MAX_RATIO = 200
RATIO_FROM_BYTES = 16 * 1024 * 1024
MAX_XML_BYTES = 4 * 1024 * 1024 * 1024
# Never load a DTD or touch the network, whatever the file says (defence in depth: a DOCTYPE, which any entity
# needs, is refused before parsing). Not resolve_entities=False: with a schema, lxml then stops reporting a
# truncated document.
SAFE_PARSER = {"load_dtd": False, "no_network": True}
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

Progress = Callable[[int, int], None]
"""Called with (bytes read from disk so far, size of the file on disk)."""

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?FEST(?=[\s>/])")
_DEFAULT_NS = re.compile(rb"\sxmlns\s*=")


@dataclass
class StreamInfo:
    """What reading the stream found out: the digest of the XML and whether the root was repaired."""

    sha256: str = ""
    xml_bytes: int = 0
    namespace_repaired: bool = False


class _Counting:
    """Counts the bytes read from the file on disk and reports progress."""

    def __init__(self, raw: BinaryIO, total: int, progress: Progress | None):
        self.raw = raw
        self.total = total
        self.done = 0
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data


class FestStream:
    """The XML of a FEST file as a readable byte stream (for lxml), hashing what it hands out."""

    def __init__(self, path: Path, progress: Progress | None = None):
        self.path = path
        self._file = path.open("rb")
        total = path.stat().st_size
        counting = _Counting(self._file, total, progress)
        self._counting = counting
        magic = self._file.read(2)
        self._file.seek(0)
        self._inner: _Counting | gzip.GzipFile
        if magic == GZIP_MAGIC:
            self._inner = gzip.GzipFile(fileobj=counting, mode="rb")  # type: ignore[call-overload]
        else:
            self._inner = counting
        self.info = StreamInfo()
        self._hash = hashlib.sha256()
        self._head: bytes | None = None

    def _read_inner(self, size: int) -> bytes:
        if size < 0 or size > 1 << 20:
            size = 1 << 20  # in pieces, so a bomb is caught before it fills memory
            chunks = []
            while True:
                piece = self._read_inner(size)
                if not piece:
                    break
                chunks.append(piece)
            return b"".join(chunks)
        data = self._inner.read(size)
        self._hash.update(data)
        self.info.xml_bytes += len(data)
        self._check_size()
        return data

    def _check_size(self) -> None:
        from blaresept.fest.errors import FestError

        xml = self.info.xml_bytes
        if xml > MAX_XML_BYTES:
            raise FestError(f"filen pakker seg ut til mer enn {MAX_XML_BYTES // 1024 ** 3} GB XML; det er ikke en "
                            "FEST-fil.")
        packed = self._counting.done
        if isinstance(self._inner, gzip.GzipFile) and xml > RATIO_FROM_BYTES and xml > MAX_RATIO * max(packed, 1):
            raise FestError(f"filen pakker seg ut til mer enn {MAX_RATIO} ganger størrelsen sin (en «gzip-bombe»); "
                            "FEST-filer gjør ikke det.")

    def read(self, size: int = -1) -> bytes:
        if self._head is None:
            self._head = self._repair(self._read_inner(HEAD_BYTES))
        if self._head:
            if size < 0 or size >= len(self._head):
                data, self._head = self._head, b""
                if size < 0:
                    data += self._read_inner(-1)
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        data = self._read_inner(size)
        if not data:
            self.info.sha256 = self._hash.hexdigest()
        return data

    def _repair(self, head: bytes) -> bytes:
        """Refuse a document type declaration, then declare the M30 namespace as default on a prefixed root
        that lacks one (see the module text)."""
        self._refuse_doctype(head)
        match = _ROOT.search(head)
        if not match or not match.group(1):
            return head
        end = head.find(b">", match.end())
        if end < 0:
            return head
        attributes = head[match.end():end]
        prefix = re.escape(match.group(1))
        declares_m30 = re.search(rb"\sxmlns:" + prefix + rb"\s*=\s*[\"']" + re.escape(M30_NS.encode()) + rb"[\"']",
                                 attributes)
        if not declares_m30 or _DEFAULT_NS.search(attributes):
            return head
        self.info.namespace_repaired = True
        insert_at = end - 1 if head[end - 1:end] == b"/" else end
        return head[:insert_at] + b' xmlns="' + M30_NS.encode() + b'"' + head[insert_at:]

    @staticmethod
    def _refuse_doctype(head: bytes) -> None:
        """FEST (M30) has no DTD. A DOCTYPE, with or without entities, is refused before any parser sees the file:
        entity expansion is how «billion laughs» and external-entity attacks work, and libxml2 with a schema has
        crashed on it. The root element must come within the first 64 kB, so nothing can hide after that."""
        from blaresept.fest.errors import FestError

        root = _ROOT.search(head)
        before_root = head[:root.start()] if root else head
        if _DOCTYPE.search(before_root) or (root is None and len(head) >= HEAD_BYTES):
            raise FestError("filen har en dokumenttypedeklarasjon (DOCTYPE/ENTITY). FEST-filer har ingen, og filen "
                            "avvises før den leses.")

    def finish(self) -> StreamInfo:
        """Read what the parser left (trailing whitespace) so the digest covers the whole file."""
        while self.read(1 << 20):
            pass
        self.info.sha256 = self._hash.hexdigest()
        return self.info

    def close(self) -> None:
        if isinstance(self._inner, gzip.GzipFile):
            self._inner.close()
        self._file.close()

    def __enter__(self) -> FestStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
