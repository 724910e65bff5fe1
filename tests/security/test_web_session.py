"""The web session: the CSRF token is bound to the logged-in session (another session's token, or the cookie's
double-submit value, does not fit), and logging out revokes the session's token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from blaresept.app import create_app
from blaresept.demo import seed_demo
from blaresept.web.common import CSRF_COOKIE, TOKEN_COOKIE, session_csrf
from tests.counter.conftest import ISSUER


@pytest.fixture
def web(database_url: str) -> Iterator[TestClient]:
    app = create_app(database_url, run_migrations=True, dev_issuer=ISSUER)
    seed_demo(app.state.engine)
    with TestClient(app, follow_redirects=False) as client:
        yield client
    app.state.engine.dispose()


def login(client: TestClient, user: str) -> str:
    client.get("/logg-inn")
    anonymous = client.cookies[CSRF_COOKIE]
    response = client.post("/logg-inn", data={"bruker": user, "csrf_token": anonymous})
    assert response.status_code == 303, response.text
    return str(client.cookies[TOKEN_COOKIE])


def test_the_csrf_token_is_bound_to_the_session(web: TestClient) -> None:
    other = login(web, "pasient")
    web.cookies.clear()
    mine = login(web, "apotek")
    double_submit = web.cookies[CSRF_COOKIE]
    for wrong in (double_submit, session_csrf(other)):
        refused = web.post("/logg-ut", data={"csrf_token": wrong}, headers={"accept": "text/html"})
        assert refused.status_code == 403, wrong
    accepted = web.post("/logg-ut", data={"csrf_token": session_csrf(mine)})
    assert accepted.status_code == 303


def test_logging_out_revokes_the_token(web: TestClient) -> None:
    token = login(web, "pasient")
    bearer = {"Authorization": f"Bearer {token}"}
    assert web.get("/api/v1/patient/me", headers=bearer).status_code == 200
    assert web.post("/logg-ut", data={"csrf_token": session_csrf(token)}).status_code == 303
    after = web.get("/api/v1/patient/me", headers=bearer)
    assert after.status_code == 401
    assert "logget ut" in after.json()["detail"]
    # the API's own logout does the same for a bearer token
    fresh = ISSUER.issue(__import__("blaresept.auth.demo", fromlist=["DEMO_USERS"]).DEMO_USERS["apotek"])
    headers = {"Authorization": f"Bearer {fresh}"}
    assert web.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert web.get("/api/v1/pharmacy/dispensings?on=2019-01-01", headers=headers).status_code == 401
