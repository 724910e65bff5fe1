"""Configuration from the environment (pydantic-settings). The embedded default needs none: SQLite in var/,
the local development token issuer with demo users, the sample catalogue."""

from __future__ import annotations

from datetime import date
from functools import cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BLARESEPT_", extra="ignore")

    database_url: str = "sqlite:///var/blaresept.sqlite"
    # Authentication: the development issuer signs tokens for the demo users with a local RSA key. In
    # production set dev_issuer=false and point jwks_url at the identity provider's JWKS.
    dev_issuer: bool = True
    dev_key_path: str = "var/dev-issuer/private.pem"
    issuer: str = "http://127.0.0.1:8000/dev-issuer"
    audience: str = "blaresept"
    jwks_url: str | None = None
    token_minutes: int = 480
    load_sample_catalog: bool = True
    # For demonstrations and tests only: the date the whole application runs on (YYYY-MM-DD).
    today: date | None = None
    # The largest request body read (bytes), checked before authentication.
    max_body_bytes: int = 5_000_000


@cache
def settings() -> Settings:
    return Settings()
