"""Legemiddelsøk: search the catalogue (FEST) and see a package on a chosen date. Also the counter's drug
suggestions. Filled in when the catalogue service exists."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from blaresept.web.common import render

router = APIRouter(include_in_schema=False)


class CatalogError(Exception):
    """The catalogue could not answer. Message in bokmål."""


def _service() -> Any:
    try:
        return importlib.import_module("blaresept.catalog.service")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    return _service() is not None


def suggestions(session: Session, query: str, on: date) -> list[dict[str, Any]]:
    raise CatalogError("Legemiddelkatalogen er ikke tilgjengelig ennå. Skriv inn varen og prisen selv.")


def line_values(session: Session, varenummer: str, on: date) -> dict[str, Any]:
    raise CatalogError("Legemiddelkatalogen er ikke tilgjengelig ennå. Skriv inn varen og prisen selv.")


@router.get("/legemidler", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    return render(request, "catalog.html", {"section": "catalog", "unavailable": True})
