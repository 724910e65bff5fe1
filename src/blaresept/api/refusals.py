"""Refused attempts on personal data go to the audit log too. A refusal (4xx) rolls back the request's
transaction, and with it any audit entry the route wrote; this middleware writes the refusal afterwards in its
own transaction: the actor (or «anonym»), the route, the person where the address names one (masked), and the
status."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import anyio
from sqlalchemy import select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blaresept.audit.tables import AuditEntry
from blaresept.persons.identity import masked
from blaresept.persons.tables import Person
from blaresept.storage.db import unit_of_work

PERSONAL = ("/api/v1/patient", "/api/v1/persons", "/api/v1/pharmacy", "/api/v1/settlement", "/api/v1/cases",
            "/api/v1/ehic", "/apotek", "/min-side", "/mine-saker", "/lege", "/saksbehandler", "/saker")
"""Where personal data is read or written (API and web pages)."""
PERSON_KEYS = ("fnr", "child_fnr", "person")


def _person_number(scope: Scope) -> str | None:
    params = scope.get("path_params") or {}
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    for key in PERSON_KEYS:
        value = params.get(key) or (query.get(key) or [None])[0]
        if value:
            digits = "".join(ch for ch in str(value) if ch.isdigit())
            return digits if len(digits) == 11 else None
    return None


class AuditRefusals:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PERSONAL):
            await self.app(scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if 400 <= status < 500 and status != 405:
            await anyio.to_thread.run_sync(self._write, scope, status)

    @staticmethod
    def _write(scope: Scope, status: int) -> None:
        state: dict[str, Any] = scope.get("state") or {}
        principal = state.get("principal") or state.get("web_principal")
        route = scope.get("route")
        where = getattr(route, "path", None) or scope.get("path", "")
        app = scope["app"]
        number = _person_number(scope)
        with unit_of_work(app.state.sessions) as session:
            person_id = session.scalar(select(Person.id).where(Person.fnr == number)) if number else None
            session.add(AuditEntry(
                subject=principal.subject if principal else "anonym",
                role=principal.role.value if principal else "ingen",
                action=f"{scope.get('method', '')} {where}"[:200],
                person_id=person_id, person_masked=masked(number) if number else None,
                purpose="forsøk på tilgang til personopplysninger",
                outcome=f"avvist {status}"))
