"""Errors as RFC 9457 problem details (application/problem+json) with a bokmål `detail`. No stack trace
ever reaches a caller."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from blaresept.auth.tokens import TokenError
from blaresept.money import MoneyError
from blaresept.persons.identity import IdentityError
from blaresept.persons.service import AccessDenied, PersonNotFound
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope

log = logging.getLogger("blaresept.api")
MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Ugyldig forespørsel",
    401: "Ikke innlogget",
    403: "Ingen tilgang",
    404: "Finnes ikke",
    405: "Metoden er ikke tillatt",
    409: "Konflikt",
    415: "Ukjent innholdstype",
    422: "Kan ikke behandles",
    428: "Mangler forutsetning",
    500: "Intern feil",
}


class Problem(Exception):
    """Raise to answer with a problem+json document."""

    def __init__(self, status: int, detail: str, title: str | None = None, type_: str = "about:blank",
                 **extra: Any):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or TITLES.get(status, "Feil")
        self.type = type_
        self.extra = extra


def problem_response(status: int, detail: str, title: str | None = None, type_: str = "about:blank",
                     instance: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": type_, "title": title or TITLES.get(status, "Feil"), "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


FIELD_NAMES = {"missing": "mangler", "string_type": "må være tekst", "int_parsing": "må være et heltall",
               "date_from_datetime_parsing": "må være en dato (ÅÅÅÅ-MM-DD)", "date_parsing": "må være en dato",
               "decimal_parsing": "må være et tall", "json_invalid": "er ikke gyldig JSON",
               "extra_forbidden": "er ikke et kjent felt", "enum": "har en ugyldig verdi",
               "literal_error": "har en ugyldig verdi", "model_attributes_type": "har feil form"}


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
        what = FIELD_NAMES.get(str(error.get("type")), "er ugyldig")
        parts.append(f"«{where or 'forespørselen'}» {what}")
        errors.append({"field": where, "problem": what})
    return "Forespørselen har feil: " + "; ".join(parts) + ".", errors


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, exc.title, exc.type, request.url.path, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _validation_detail(exc)
        return problem_response(422, detail, instance=request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        if exc.status_code == 404 and detail is None:
            detail = "Adressen finnes ikke."
        if exc.status_code == 405:
            detail = "Metoden er ikke tillatt for denne adressen."
        return problem_response(exc.status_code, detail or TITLES.get(exc.status_code, "Feil"),
                                instance=request.url.path)

    for error_type, status in ((IdentityError, 422), (MoneyError, 422), (RuleInputError, 422), (OutOfScope, 422),
                               (PersonNotFound, 404), (AccessDenied, 403), (TokenError, 401)):
        _register(app, error_type, status)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Uventet feil ved %s %s", request.method, request.url.path)
        return problem_response(500, "Det oppstod en uventet feil. Prøv igjen senere.", instance=request.url.path)


def _register(app: FastAPI, error_type: type[Exception], status: int) -> None:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(status, str(exc), instance=request.url.path)

    app.add_exception_handler(error_type, handler)
