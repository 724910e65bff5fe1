"""The API fixtures of the counter tests (a fresh database on SQLite and PostgreSQL with the demo persons)."""

from tests.counter.conftest import api, engine, headers

__all__ = ["api", "engine", "headers"]
