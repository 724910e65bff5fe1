"""The application: the REST API under /api/v1 (and, when present, the web UI), on one database."""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI

from blaresept import __version__, logfilter, timeutil
from blaresept.api import problems
from blaresept.api.edge import Edge
from blaresept.api.refusals import AuditRefusals
from blaresept.auth.tokens import DevIssuer, Verifier
from blaresept.counter.catalog_check import check_against_catalog
from blaresept.settings import Settings
from blaresept.settings import settings as default_settings
from blaresept.storage.db import make_engine, migrate, session_factory

log = logging.getLogger("blaresept")

API_ROUTERS = (
    "blaresept.api.routers.health",
    "blaresept.api.routers.dev",
    "blaresept.api.routers.auth",
    "blaresept.api.routers.pharmacy",
    "blaresept.api.routers.prescriptions",
    "blaresept.api.routers.helfo_claims",
    "blaresept.api.routers.patient",
    "blaresept.api.routers.persons",
    "blaresept.api.routers.settlement",
    "blaresept.api.routers.catalog",
    "blaresept.api.routers.cases",
    "blaresept.api.routers.bidrag",
    "blaresept.api.routers.frister",
    "blaresept.api.routers.fastlege",
    "blaresept.api.routers.ehic",
    "blaresept.api.routers.logoped",
    "blaresept.api.routers.abroad",
)
WEB_MODULE = "blaresept.web.routes"


def create_app(database_url: str | None = None, settings: Settings | None = None, *,
               run_migrations: bool = False, dev_issuer: DevIssuer | None = None, with_web: bool = True) -> FastAPI:
    """Build the application. Tests pass their own database URL and an ephemeral development issuer."""
    logfilter.install()
    settings = settings or default_settings()
    url = database_url or settings.database_url
    if run_migrations:
        migrate(url)
    app = FastAPI(
        title="Blåresept",
        version=__version__,
        description=(
            "Blåreseptordningen (folketrygdloven § 5-14, blåreseptforskriften) og Helfos tjenester som kjørbar "
            "kode: kontroll og prising på apotek, egenandelstak og frikort, refusjonskrav, legemiddelkatalogen "
            "fra FEST, og saksbehandling. Alle feil er RFC 9457 problem+json med norsk `detail`."
        ),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    engine = make_engine(url)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.settings = settings
    if settings.today is not None:
        timeutil.fix_today(settings.today)
    if dev_issuer is None and settings.dev_issuer:
        dev_issuer = DevIssuer.from_file(settings.dev_key_path, settings.issuer, settings.audience,
                                         settings.token_minutes)
    app.state.dev_issuer = dev_issuer
    app.state.verifier = Verifier(settings, dev_issuer)
    problems.install(app)
    app.add_middleware(AuditRefusals)
    app.add_middleware(Edge, max_body_bytes=settings.max_body_bytes)  # outermost: before anything else
    app.state.dispense_check = check_against_catalog  # the check (§§ 2–6) before every dispensing
    for name in API_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a domain not built yet
                continue
            raise
        app.include_router(module.router, prefix="/api/v1")
    if not with_web:
        return app
    try:
        web = importlib.import_module(WEB_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name not in (WEB_MODULE, "blaresept.web"):
            raise
    else:
        web.install(app)
    return app
