"""What every request meets first: a body limit before authentication, and the security headers."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from fastapi.testclient import TestClient

from tests.counter.conftest import Auth

HUNDRED_MB = 100_000_000


def _post_streamed(app: Any, total: int) -> tuple[int, int]:
    """POST a body of `total` bytes in 1 MB chunks straight to the ASGI app, without Content-Length: the status
    and how many bytes the app pulled."""
    pulled = 0
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= total:
            return {"type": "http.disconnect"}
        pulled += 1_000_000
        return {"type": "http.request", "body": b" " * 1_000_000, "more_body": pulled < total}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/v1/pharmacy/dispensings", "raw_path": b"/api/v1/pharmacy/dispensings",
             "query_string": b"", "root_path": "", "headers": [(b"content-type", b"application/json")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    # in a thread of its own: a browser test in this process may have left an event loop running here
    runner = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    runner.start()
    runner.join(timeout=120)
    return statuses[0], pulled


def test_a_large_body_without_a_token_is_refused_before_it_is_read(api: TestClient) -> None:
    declared = api.post("/api/v1/pharmacy/dispensings", content=b"",
                        headers={"content-type": "application/json", "content-length": str(HUNDRED_MB)})
    assert declared.status_code == 413
    assert "for stor" in declared.json()["detail"]
    status, pulled = _post_streamed(api.app, HUNDRED_MB)
    assert status == 413
    assert pulled <= 6_000_000  # the limit (5 MB) and one chunk, never the 100 MB


def test_a_normal_body_is_read(api: TestClient, headers: Auth) -> None:
    response = api.post("/api/v1/pharmacy/prescriptions/lookup", json={"fnr": "01037040068"},
                        headers=headers("apotek"))
    assert response.status_code == 200, response.text


def test_security_headers_on_every_response(api: TestClient, headers: Auth) -> None:
    for response in (api.get("/api/v1/health"), api.get("/api/v1/patient/me"),
                     api.get("/api/v1/finnes-ikke"), api.get("/api/v1/catalog/products/a%00b")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
