"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from blaresept.api.deps import SessionDep

router = APIRouter(tags=["drift"])


@router.get("/health", summary="Helsesjekk: svarer når tjenesten og databasen er oppe")
def health(session: SessionDep) -> dict[str, str]:
    session.execute(text("select 1"))
    return {"status": "ok"}
