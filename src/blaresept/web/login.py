"""The front page, and logging in as one of the development issuer's demo users (choose a role) and out. The
session is the issuer's JWT in an HttpOnly, SameSite=Lax cookie, the same token the API accepts."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.principal import ROLE_NAMES, Role
from blaresept.auth.revocation import revoke
from blaresept.auth.tokens import DevIssuer
from blaresept.web.common import (
    CSRF_COOKIE,
    TOKEN_COOKIE,
    check_csrf,
    current_user,
    home_for,
    render,
    set_cookie,
    unit_of_work,
)

router = APIRouter(include_in_schema=False)

ROLE_ORDER = (Role.PHARMACY, Role.PATIENT, Role.DOCTOR, Role.CASEWORKER, Role.HOSPITAL, Role.PROVIDER, Role.ANALYST)
ROLE_HELP = {
    Role.PHARMACY: "Ekspeder blå resepter på Apotekdisken: finn pasienten, kontroller, beregn og utlever.",
    Role.PATIENT: "Se egenandelene dine, egenandelstaket og frikortet på Min side. En forelder kan se barna sine. "
                  "Under Saker ser du vedtak om individuell stønad, laster ned brev og klager.",
    Role.DOCTOR: "Søk om individuell stønad til legemidler (§ 3) og næringsmidler (§ 6), og søk i "
                 "legemiddelkatalogen.",
    Role.CASEWORKER: "Behandle søknader om individuell stønad og klager i saksbehandlingskøen, og søk i "
                     "legemiddelkatalogen.",
    Role.ANALYST: "Søk i legemiddelkatalogen.",
    Role.HOSPITAL: "Registrer henvisninger, vurderinger, frister og oppstart av helsehjelp; se vurderingsfristen "
                   "med helligdagene forklart.",
    Role.PROVIDER: "Se tilbudene Helfo har gitt pasienter hos dere etter fristbrudd.",
}


def safe_next(value: str | None) -> str | None:
    """Only a path on this site (never another host) may be the page to return to after login."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


def _groups() -> list[dict[str, Any]]:
    groups = []
    for role in ROLE_ORDER:
        users = [{"key": key, "name": p.name, "detail": _detail(p.org_number, p.fnr, p.hpr)}
                 for key, p in DEMO_USERS.items() if p.role is role]
        if users:
            groups.append({"role": role.value, "name": ROLE_NAMES[role], "help": ROLE_HELP[role], "users": users})
    return groups


def _detail(org: str | None, fnr: str | None, hpr: str | None) -> str:
    if org:
        return f"org.nr. {org[:3]} {org[3:6]} {org[6:]}"
    if fnr:
        return f"fødselsnr. {fnr[:6]} {fnr[6:]}"
    if hpr:
        return f"HPR-nr. {hpr}"
    return ""


@router.get("/", response_class=HTMLResponse)
def front(request: Request) -> Response:
    return render(request, "front.html", {"section": "front", "logged_out": request.query_params.get("utlogget")})


@router.get("/logg-inn", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    issuer: DevIssuer | None = request.app.state.dev_issuer
    reason = request.query_params.get("grunn")
    return render(request, "login.html", {
        "section": "login", "groups": _groups(), "enabled": issuer is not None,
        "next": safe_next(request.query_params.get("neste")) or "",
        "expired": reason == "utlopt",
        "needs_login": bool(request.query_params.get("neste")) and reason != "utlopt",
    })


@router.post("/logg-inn", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    issuer: DevIssuer | None = request.app.state.dev_issuer
    key = str(form.get("bruker") or "")
    principal = DEMO_USERS.get(key)
    next_url = safe_next(str(form.get("neste") or ""))
    error = None
    if issuer is None:
        error = "Innlogging med demobrukere er slått av i dette miljøet."
    elif principal is None:
        error = "Velg en av demobrukerne i listen for å logge inn."
    if error or issuer is None or principal is None:
        return render(request, "login.html", {"section": "login", "groups": _groups(), "enabled": issuer is not None,
                                              "next": next_url or "", "error": error}, status=400)
    response = RedirectResponse(next_url or home_for(principal), status_code=303)
    set_cookie(response, request, TOKEN_COOKIE, issuer.issue(principal), max_age=issuer.minutes * 60)
    set_cookie(response, request, CSRF_COOKIE, secrets.token_urlsafe(32))  # a fresh token for the new session
    return response


@router.post("/logg-ut")
async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    principal = current_user(request)
    if principal is not None:  # the token stops working now, not when it expires
        with unit_of_work(request) as session:
            revoke(session, principal)
    response = RedirectResponse("/?utlogget=1", status_code=303)
    response.delete_cookie(TOKEN_COOKIE, path="/", httponly=True, samesite="lax")
    response.delete_cookie(CSRF_COOKIE, path="/", httponly=True, samesite="lax")
    return response
