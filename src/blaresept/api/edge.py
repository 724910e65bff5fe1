"""What every request meets before any route, authentication or body parsing (pure ASGI, for the API and the
web UI alike):

- a body limit: a declared Content-Length above the limit is refused at once, and a body sent without one is
  counted as it arrives and cut off at the limit — nothing above it is read, with or without a token;
- control characters (NUL, line breaks, escape sequences) in the path or the query are refused, so they reach
  neither the database nor the log;
- security headers on every response: a Content Security Policy that allows only the app's own assets (and no
  framing), X-Content-Type-Options, Referrer-Policy.

Refusals are problem+json in bokmål."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blaresept.inputs import has_control

MEDIA_TYPE = b"application/problem+json"

# Only our own origin: scripts, styles, fonts and images from /static and /vendor. No inline script, no framing.
# The one exception is an *empty* style attribute (the hash of ""), which htmx writes while it swaps content.
EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       f"style-src-attr 'unsafe-hashes' {EMPTY_STYLE}; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
# The interactive API documentation (FastAPI's Swagger UI) loads its script and style from jsDelivr and starts
# with one inline script; it shows no personal data and gets this policy instead, still without framing.
DOCS_PATHS = ("/docs", "/redoc")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def problem(status: int, title: str, detail: str, instance: str) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail,
                       "instance": instance}, ensure_ascii=False).encode()
    return {"type": "http.response.start", "status": status,
            "headers": [(b"content-type", MEDIA_TYPE), (b"content-length", str(len(body)).encode())]}, body


class Edge:
    """The body limit, the path and query rule, and the security headers."""

    def __init__(self, app: ASGIApp, max_body_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        send = self._with_headers(send, path)
        query = unquote(scope.get("query_string", b"").decode("latin-1"))
        if has_control(path) or has_control(query.replace("+", " ")):
            await self._refuse(send, 422, "Kan ikke behandles",
                               "Adressen inneholder kontrolltegn (som NUL eller linjeskift), som ikke er tillatt.",
                               "/")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        limit = self.max_body_bytes
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                await self._refuse(send, 400, "Ugyldig forespørsel", "Content-Length er ikke et tall.", path)
                return
            if too_large:
                await self._refuse(send, 413, "For stor forespørsel", self._limit_text(), path)
                return
        received = 0
        started = refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # answer now and tell the app the client is gone: nothing more is read
                    if not started:
                        await self._refuse(send, 413, "For stor forespørsel", self._limit_text(), path)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not refused:
                raise

    def _limit_text(self) -> str:
        megabytes = self.max_body_bytes / 1_000_000
        return f"Forespørselen er for stor (høyst {megabytes:g} MB)."

    @staticmethod
    async def _refuse(send: Send, status: int, title: str, detail: str, instance: str) -> None:
        start, body = problem(status, title, detail, instance)
        await send(start)
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _with_headers(send: Send, path: str) -> Send:
        csp = (DOCS_CSP if path.startswith(DOCS_PATHS) else CSP).encode()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", *(h for h, _ in SECURITY_HEADERS))]
                headers += [(b"content-security-policy", csp), *SECURITY_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        return wrapped
