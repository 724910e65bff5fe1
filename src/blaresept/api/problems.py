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
from blaresept.inputs import DATE_MESSAGE, TEXT_PATTERNS, TextRefused
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
               "literal_error": "har en ugyldig verdi", "model_attributes_type": "har feil form",
               "iso_date": DATE_MESSAGE,
               "kroner": "må være kroner som tekst med høyst to desimaler, f.eks. «78.00»",
               "string_too_long": "er for lang", "string_too_short": "er for kort",
               "too_long": "har for mange elementer", "too_short": "har for få elementer",
               "greater_than_equal": "er for lite", "less_than_equal": "er for stort",
               "decimal_max_places": "har for mange desimaler", "decimal_max_digits": "har for mange sifre",
               "bool_parsing": "må være sann eller usann", "bool_type": "må være sann eller usann",
               "int_type": "må være et heltall", "list_type": "må være en liste", "dict_type": "må være et objekt",
               "string_pattern_mismatch": "har feil form", "date_type": "må være en dato (ÅÅÅÅ-MM-DD)",
               "decimal_type": "må være et tall", "json_type": "er ikke gyldig JSON"}

# Errors the web framework raises itself (body parsing, form limits), in bokmål. No English detail reaches a
# caller: a framework error not listed gets the status's bokmål text.
FRAMEWORK_DETAILS = (
    ("error parsing the body", "Innholdet kunne ikke leses (ugyldig eller for dypt nestet JSON eller skjema)."),
    ("Too many fields", "Skjemaet har for mange felt (høyst 1000)."),
    ("Too many files", "Skjemaet har for mange filer (høyst 1000)."),
    ("Part exceeded maximum size", "Et felt i skjemaet er for stort."),
)


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
        kind = str(error.get("type"))
        what = FIELD_NAMES.get(kind, "er ugyldig")
        if kind == "string_pattern_mismatch":
            what = TEXT_PATTERNS.get(str((error.get("ctx") or {}).get("pattern")), what)
        parts.append(f"«{where or 'forespørselen'}» {what}")
        errors.append({"field": where, "problem": what})
    return "Forespørselen har feil: " + "; ".join(parts) + ".", errors


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; `detail` in bokmål.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "problem": {"type": "string"}}}},
    },
    "additionalProperties": True,
}
DOCUMENTED = {400: "Forespørselen kan ikke leses", 401: "Ikke innlogget (mangler eller ugyldig token)",
              403: "Rollen eller personen gir ikke tilgang", 404: "Finnes ikke", 409: "Konflikt",
              413: "For stor forespørsel", 422: "Kan ikke behandles (feil i feltene, med hvert felt i `errors`)"}


def document_problems(app: FastAPI) -> None:
    """Every operation in the OpenAPI document lists the problem answers it can give (400, 401, 403, 404, 409,
    413, 422) as application/problem+json, in place of FastAPI's own 422 shape."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        reference = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status, text in DOCUMENTED.items():
                    responses[str(status)] = {"description": text, "content": reference}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""
    document_problems(app)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, exc.title, exc.type, request.url.path, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _validation_detail(exc)
        return problem_response(422, detail, instance=request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = framework_detail(exc.detail) if exc.status_code != 404 else "Adressen finnes ikke."
        if exc.status_code == 405:
            detail = "Metoden er ikke tillatt for denne adressen."
        return problem_response(exc.status_code, detail or TITLES.get(exc.status_code, "Feil"),
                                instance=request.url.path)

    for error_type, status in ((IdentityError, 422), (TextRefused, 422), (MoneyError, 422), (RuleInputError, 422),
                               (OutOfScope, 422),
                               (PersonNotFound, 404), (AccessDenied, 403), (TokenError, 401)):
        _register(app, error_type, status)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Uventet feil ved %s %s", request.method, request.url.path)
        return problem_response(500, "Det oppstod en uventet feil. Prøv igjen senere.", instance=request.url.path)


def framework_detail(detail: object) -> str | None:
    """The bokmål text for an error the framework raised (None: use the status's title)."""
    text = str(detail or "")
    for english, bokmal in FRAMEWORK_DETAILS:
        if english in text:
            return bokmal
    return None


def _register(app: FastAPI, error_type: type[Exception], status: int) -> None:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(status, str(exc), instance=request.url.path)

    app.add_exception_handler(error_type, handler)
