"""What every page shares: templates and their filters (money and dates Norwegian style), who is logged in
(the `blaresept_token` cookie), CSRF protection (a token bound to the session, in a hidden field, on top of
SameSite=Lax), one transaction per unit of work, and the errors a page turns into a login redirect or an
HTML page in bokmål."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from blaresept.auth.principal import ROLE_NAMES, Principal, Role
from blaresept.auth.revocation import check_not_revoked
from blaresept.auth.tokens import TokenError, Verifier
from blaresept.inputs import check_form
from blaresept.money import MoneyError, format_kr, kroner
from blaresept.storage.db import unit_of_work as storage_unit_of_work

TOKEN_COOKIE = "blaresept_token"
CSRF_COOKIE = "blaresept_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


# ---------------------------------------------------------------------------------------------- filters


def kr(value: Any) -> str:
    """Kroner from the services ('1234.50', Decimal, or øre as int) shown Norwegian style: '1 234,50 kr'."""
    if value is None or value == "":
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_kr(value)
    try:
        return format_kr(kroner(str(value)))
    except MoneyError:
        return str(value)


def kr_abs(value: Any) -> str:
    """The size of an amount without its sign (a return's '-78.00' → '78,00 kr')."""
    if value is None or value == "":
        return "–"
    return kr(str(abs(Decimal(str(value)))))


def positive(value: Any) -> bool:
    """Whether a kroner amount is above zero (exact)."""
    try:
        return Decimal(str(value)) > 0
    except InvalidOperation:
        return False


def kr_add(*values: Any) -> str:
    """The exact sum of kroner amounts ('78.00' + '100.00' → '178.00')."""
    total = sum((Decimal(str(v)) for v in values if v not in (None, "")), Decimal("0.00"))
    return str(total.quantize(Decimal("0.01")))


def dato(value: Any) -> str:
    """A date as dd.mm.åååå ('2026-03-01' → '01.03.2026')."""
    if value is None or value == "":
        return "–"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d.%m.%Y")


def long_date(value: Any) -> str:
    """A date written out: '1. mars 2026'."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def plain_value(value: Any) -> str:
    """A parameter value from an explanation, readable: decimals with comma, yes/no, lists joined."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (list, tuple)):
        return ", ".join(plain_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    text = str(value)
    if "/" in text and all(part.isdigit() for part in text.split("/", 1)):
        numerator, denominator = (int(p) for p in text.split("/", 1))
        text = str(Decimal(numerator) / Decimal(denominator))
    try:
        Decimal(text)
    except InvalidOperation:
        return text
    return text.replace(".", ",")


def org_number(value: Any) -> str:
    """An organisasjonsnummer grouped 3-3-3 ('974760606' → '974 760 606')."""
    text = str(value or "")
    return " ".join(text[i:i + 3] for i in range(0, len(text), 3)) if len(text) == 9 else text


def fnr_display(value: Any) -> str:
    """A fødselsnummer as 6 + 5 digits ('01037040068' → '010370 40068'; masked numbers pass through)."""
    text = str(value or "")
    return f"{text[:6]} {text[6:]}" if len(text) == 11 else text


def percent(part: Any, whole: Any) -> int:
    """Whole percent of part in whole (0–100), for progress bars."""
    try:
        p, w = Decimal(str(part)), Decimal(str(whole))
    except InvalidOperation:
        return 0
    if w <= 0:
        return 0
    return int(max(Decimal(0), min(Decimal(100), p * 100 / w)))


TEMPLATES.env.filters.update(kr=kr, kr_abs=kr_abs, dato=dato, long_date=long_date, plain_value=plain_value,
                             org_number=org_number, fnr=fnr_display)
TEMPLATES.env.globals.update(percent=percent, positive=positive, kr_add=kr_add, ROLE_NAMES=ROLE_NAMES)
TEMPLATES.env.trim_blocks = True
TEMPLATES.env.lstrip_blocks = True


# ------------------------------------------------------------------------------------------- who is it


class LoginRequired(Exception):
    """The page needs a logged-in user; carries where to come back to and why."""

    def __init__(self, next_url: str, reason: str | None = None):
        super().__init__(reason or "")
        self.next_url = next_url
        self.reason = reason


class WrongRole(Exception):
    """Logged in, but with a role the page is not for."""

    def __init__(self, principal: Principal, needed: Role):
        super().__init__(f"Siden er for rollen {ROLE_NAMES[needed]}.")
        self.principal = principal
        self.needed = needed


class CsrfFailed(Exception):
    """A form post without the page's CSRF token."""


def current_user(request: Request) -> Principal | None:
    """The logged-in user from the session cookie, or None (no cookie, or a token that no longer holds)."""
    if hasattr(request.state, "web_principal"):
        cached: Principal | None = request.state.web_principal
        return cached
    principal = None
    token = request.cookies.get(TOKEN_COOKIE)
    if token:
        verifier: Verifier = request.app.state.verifier
        try:
            principal = check_not_revoked(request.app.state.sessions, verifier.verify(token))
        except TokenError as exc:
            request.state.web_token_error = str(exc)
    request.state.web_principal = principal
    return principal


def require(request: Request, role: Role) -> Principal:
    """The logged-in user if they have the role; otherwise a login redirect or a 'wrong role' page."""
    principal = current_user(request)
    if principal is None:
        reason = getattr(request.state, "web_token_error", None)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target, reason)
    if principal.role is not role:
        raise WrongRole(principal, role)
    return principal


def home_for(principal: Principal) -> str:
    """Where a user lands after logging in."""
    return {Role.PHARMACY: "/apotek", Role.PATIENT: "/min-side", Role.DOCTOR: "/lege",
            Role.CASEWORKER: "/saksbehandler", Role.HOSPITAL: "/sykehus",
            Role.PROVIDER: "/behandlingssted"}.get(principal.role, "/legemidler")


def login_url(next_url: str) -> str:
    return "/logg-inn?neste=" + quote(next_url, safe="/")


# ------------------------------------------------------------------------------------------------ CSRF


def session_csrf(session_token: str) -> str:
    """The CSRF token of a logged-in session: derived from the session's own (HttpOnly) token, so it is bound
    to that session — another session's token, or one from before a new login, does not fit."""
    digest = hmac.new(session_token.encode(), b"blaresept-csrf", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_token(request: Request) -> str:
    """This browser's CSRF token: bound to the session when logged in; before login (the login form) from its
    cookie, or a new one that render() sets."""
    session_token = request.cookies.get(TOKEN_COOKIE)
    if session_token:
        return session_csrf(session_token)
    token = getattr(request.state, "csrf_token", None)
    if token is None:
        token = request.cookies.get(CSRF_COOKIE)
        if not token or len(token) < 32:
            token = secrets.token_urlsafe(32)
            request.state.csrf_new = True
        request.state.csrf_token = token
    return str(token)


def check_csrf(request: Request, form: Mapping[str, Any]) -> None:
    """A form post must carry the token of this session (logged in), or the one in this browser's cookie
    (before login, double submit)."""
    session_token = request.cookies.get(TOKEN_COOKIE)
    expected = session_csrf(session_token) if session_token else request.cookies.get(CSRF_COOKIE) or ""
    sent = str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or "")
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfFailed("Skjemaet kunne ikke sendes fordi sikkerhetsnøkkelen mangler eller ikke stemmer.")
    check_form(form)  # every posted form passes here: the shared rule for text


def set_cookie(response: HTMLResponse | RedirectResponse, request: Request, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https")


# ------------------------------------------------------------------------------------------- rendering


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200,
           headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """A template with what every page needs: the user, the CSRF token, the active section."""
    values = {"user": current_user(request), "csrf": csrf_token(request), "htmx": is_htmx(request)}
    values.update(context or {})
    response = TEMPLATES.TemplateResponse(request, name, values, status_code=status, headers=headers)
    if getattr(request.state, "csrf_new", False):
        set_cookie(response, request, CSRF_COOKIE, csrf_token(request))
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("Vary", "HX-Request, Cookie")
    return response


def unit_of_work(request: Request) -> AbstractContextManager[Session]:
    """One transaction: committed when the block ends, rolled back (nothing stored) on any error, so an error
    shown in place never leaves half a write behind."""
    return storage_unit_of_work(request.app.state.sessions)
