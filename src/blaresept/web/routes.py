"""Installs the web UI on the application: static files (our own and the npm packages' from node_modules),
the page routers, and error handling that answers a browser with a page in bokmål instead of JSON (the API
under /api keeps its problem+json)."""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from blaresept.auth.principal import ROLE_NAMES
from blaresept.inputs import TextRefused
from blaresept.web.bidrag import router as bidrag_router
from blaresept.web.cases import router as cases_router
from blaresept.web.catalog import router as catalog_router
from blaresept.web.common import CsrfFailed, LoginRequired, WrongRole, home_for, is_htmx, login_url, render
from blaresept.web.counter import router as counter_router
from blaresept.web.ehic import router as ehic_router
from blaresept.web.fastlege import router as fastlege_router
from blaresept.web.frister import router as frister_router
from blaresept.web.login import router as login_router
from blaresept.web.patient import router as patient_router
from blaresept.web.prescriptions import router as prescriptions_router

log = logging.getLogger("blaresept.web")

STATIC = Path(__file__).parent / "static"

# URL prefix → directory inside node_modules. Only these packages' files are served.
VENDOR = {
    "/vendor/designsystemet": "@digdir/designsystemet-css/dist",
    "/vendor/htmx": "htmx.org/dist",
    "/vendor/inter": "@fontsource-variable/inter",
}

API_PREFIXES = ("/api/", "/docs", "/openapi.json", "/redoc")

Handler = Callable[[Request, Any], Response | Awaitable[Response]]


def node_modules() -> Path | None:
    """The npm packages installed by scripts/setup (`npm ci` at the repo root). BLARESEPT_NODE_MODULES
    overrides; otherwise the working directory's, then the one next to the source tree."""
    candidates = [os.environ.get("BLARESEPT_NODE_MODULES"), Path.cwd() / "node_modules",
                  Path(__file__).resolve().parents[3] / "node_modules"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "@digdir/designsystemet-css").is_dir():
            return Path(candidate)
    return None


def install(app: FastAPI) -> None:
    """Mount the assets and the pages, and make errors on pages into pages."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    modules = node_modules()
    if modules is None:
        log.warning("Fant ikke node_modules med Designsystemet; kjør scripts/setup. Sidene vises uten stil.")
    else:
        for prefix, folder in VENDOR.items():
            if (modules / folder).is_dir():
                app.mount(prefix, StaticFiles(directory=modules / folder), name=prefix.strip("/").replace("/", "-"))
    for router in (login_router, counter_router, prescriptions_router, patient_router, catalog_router,
                   cases_router, ehic_router, fastlege_router, frister_router, bidrag_router):
        app.include_router(router)
    _install_errors(app)


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not a script)."""
    if request.url.path.startswith(API_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "") or is_htmx(request)


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    template = "partials/error.html" if is_htmx(request) else "error.html"
    return render(request, template, {"status": status, "title": title, "message": message}, status=status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        target = login_url(exc.next_url)
        if exc.reason:
            target += "&grunn=utlopt"
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(WrongRole)
    async def _role(request: Request, exc: WrongRole) -> Response:
        message = (f"Du er logget inn som {exc.principal.name} med rollen {ROLE_NAMES[exc.principal.role]}. "
                   f"Denne siden er for rollen {ROLE_NAMES[exc.needed]}. Logg ut og inn igjen med en annen "
                   f"bruker, eller gå til din egen side.")
        response = render(request, "error.html" if not is_htmx(request) else "partials/error.html",
                          {"status": 403, "title": "Ikke tilgang til denne siden", "message": message,
                           "home": home_for(exc.principal)}, status=403)
        return response

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        return error_page(request, 403, "Skjemaet ble ikke sendt",
                          "Sikkerhetsnøkkelen til skjemaet mangler eller stemmer ikke. Dette skjer om siden har "
                          "stått åpen lenge eller skjemaet ble sendt fra et annet nettsted. Last siden på nytt og "
                          "prøv igjen.")

    def page_or(original: Handler, status_of: Callable[[Any], int], texts: Callable[[Any], tuple[str, str]]
                ) -> Handler:
        async def handler(request: Request, exc: Any) -> Response:
            if wants_page(request):
                title, message = texts(exc)
                return error_page(request, status_of(exc), title, message)
            result = original(request, exc)
            return await result if inspect.isawaitable(result) else result

        return handler

    def http_texts(exc: StarletteHTTPException) -> tuple[str, str]:
        if exc.status_code == 404:
            return "Siden finnes ikke", "Vi fant ingen side på denne adressen. Sjekk adressen, eller gå til forsiden."
        if exc.status_code == 405:
            return "Kan ikke gjøres her", "Denne adressen tar ikke imot slike forespørsler. Gå tilbake og prøv igjen."
        return "Noe gikk galt", "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen."

    handlers = app.exception_handlers
    if StarletteHTTPException in handlers:
        app.add_exception_handler(StarletteHTTPException, page_or(
            handlers[StarletteHTTPException], lambda e: e.status_code, http_texts))
    if RequestValidationError in handlers:
        app.add_exception_handler(RequestValidationError, page_or(
            handlers[RequestValidationError], lambda e: 400,
            lambda e: ("Ugyldig adresse", "Adressen inneholder en verdi som ikke kan brukes. Gå tilbake og prøv "
                                          "igjen.")))
    if TextRefused in handlers:
        app.add_exception_handler(TextRefused, page_or(
            handlers[TextRefused], lambda e: 422, lambda e: ("Skjemaet ble ikke sendt", f"Skjemaet har feil: {e}")))
    if Exception in handlers:
        crash = handlers[Exception]

        async def _crash(request: Request, exc: Exception) -> Response:
            if not wants_page(request):
                result = crash(request, exc)
                return await result if inspect.isawaitable(result) else result
            log.exception("Uventet feil på siden %s %s", request.method, request.url.path)
            return error_page(request, 500, "Det oppstod en feil",
                              "Det oppstod en uventet feil hos oss, og ingenting ble lagret. Prøv igjen om litt.")

        app.add_exception_handler(Exception, _crash)
