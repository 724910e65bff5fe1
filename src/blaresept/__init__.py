"""Blåresept: the Norwegian blue-prescription scheme (folketrygdloven § 5-14, blåreseptforskriften) as code."""

__version__ = "0.1.0"
