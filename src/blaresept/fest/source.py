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
        data = self._inner.read(size)
        self._hash.update(data)
        self.info.xml_bytes += len(data)
        return data

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
        """Declare the M30 namespace as default on a prefixed root that lacks one (see the module text)."""
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
