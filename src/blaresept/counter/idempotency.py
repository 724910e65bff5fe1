"""Idempotent writes: the first request with a caller's Idempotency-Key does the work and stores its answer;
a retry with the same key and the same body gets the same answer and stores nothing; the same key with a
different body is a conflict."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from blaresept.counter.tables import IdempotencyRecord
from blaresept.storage.db import insert_ignore


class IdempotencyConflict(Exception):
    """The key was used before for a different request. Message in bokmål."""


def request_hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_once(session: Session, caller: str, key: str, payload: Any,
             action: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any], bool]:
    """Run the action once per (caller, key). Returns (status, body, replayed)."""
    if not key or len(key) > 200:
        raise IdempotencyConflict("Idempotency-Key må være mellom 1 og 200 tegn.")
    digest = request_hash(payload)
    # Claim the key in one statement; if another request with the same key committed first (PostgreSQL waits
    # for it), nothing is inserted and we answer as it did.
    record_id = insert_ignore(session, IdempotencyRecord,
                              {"caller": caller, "key": key, "request_hash": digest, "status_code": 0},
                              ["caller", "key"])
    if record_id is None:
        stored = _stored(session, caller, key)
        assert stored is not None
        return _replay(stored, digest)
    status, body = action()
    session.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == record_id)
                    .values(status_code=status, response=body))
    return status, body, False


def _stored(session: Session, caller: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.caller == caller,
                                                          IdempotencyRecord.key == key))


def _replay(stored: IdempotencyRecord, digest: str) -> tuple[int, dict[str, Any], bool]:
    if stored.request_hash != digest:
        raise IdempotencyConflict(
            "Idempotency-Key er brukt før for en annen forespørsel. Bruk en ny nøkkel for en ny utlevering."
        )
    assert stored.response is not None
    return stored.status_code, stored.response, True
