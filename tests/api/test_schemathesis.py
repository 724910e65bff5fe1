"""schemathesis against the OpenAPI document: thousands of generated requests (valid and invalid), each sent
with a token of the role the path belongs to, and not one server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from blaresept.app import create_app
from blaresept.auth.demo import DEMO_USERS
from blaresept.catalog.sample import load_sample
from blaresept.demo import seed_demo
from tests.counter.conftest import ISSUER

MINIMUM_REQUESTS = 2000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
"""No server error, and every answer — errors included — is documented: its status, its content type and its
body against the schema."""
ROLE_BY_PREFIX = {
    "/api/v1/pharmacy": "apotek",
    "/api/v1/patient": "pasient",
    "/api/v1/persons": "saksbehandler",
    "/api/v1/settlement": "saksbehandler",
    "/api/v1/cases": "saksbehandler",
    "/api/v1/bidrag": "pasient",
}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('schemathesis')) / 'api.sqlite'}"
    app = create_app(url, run_migrations=True, dev_issuer=ISSUER, with_web=False)
    seed_demo(app.state.engine)
    load_sample(app.state.engine)  # so the catalogue, the check and dispensing with a varenummer are exercised
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()


def token_for(path: str) -> str | None:
    for prefix, user in ROLE_BY_PREFIX.items():
        if path.startswith(prefix):
            return ISSUER.issue(DEMO_USERS[user])
    return None


def run_operation(strategy: st.SearchStrategy[schemathesis.Case], label: str, sent: dict[str, int]) -> None:
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    @given(case=strategy)
    def call(case: schemathesis.Case) -> None:
        token = token_for(case.path)
        if token:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        sent[label] += 1
        case.call_and_validate(checks=CHECKS)

    call()


def test_no_server_errors(api_schema: schemathesis.BaseSchema) -> None:
    """Every operation, up to 200 generated cases each (schemathesis' pytest plugin does not run on pytest 9, so
    the cases are drawn with hypothesis directly)."""
    sent: dict[str, int] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        sent[label] = 0
        run_operation(operation.as_strategy(), label, sent)
    total = sum(sent.values())
    print(f"\nschemathesis: {total} forespørsler mot {len(sent)} operasjoner, 0 serverfeil")
    assert total >= MINIMUM_REQUESTS, sent
