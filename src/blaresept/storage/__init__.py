"""Storage at the edge: SQLAlchemy 2 models and Alembic migrations, on SQLite (embedded default) and
PostgreSQL (production). Depends inward on the rules core, never the other way."""
