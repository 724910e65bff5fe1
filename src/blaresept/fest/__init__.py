"""FEST: a Python library for DMP's FEST feed (the M30 message, FEST 2.5.1) — streaming reader with typed
records (blaresept.fest.reader), validation against the official XSD (blaresept.fest.schema), and clear
bokmål errors naming the element and line (blaresept.fest.errors). Independent of the rest of Blåresept
except blaresept.money.

Sources: DMP, FEST implementation guidelines v3.5 (2024); KITH, M30 informasjonsmodell v2.5 (2013, 2017);
the XSDs in blaresept/fest/schema/ (eResept 2.5, 2014-12-01).
"""

from blaresept.fest.errors import FestError
from blaresept.fest.reader import FestReader, read_fest
from blaresept.fest.schema import load_schema, validate

__all__ = ["FestError", "FestReader", "load_schema", "read_fest", "validate"]
