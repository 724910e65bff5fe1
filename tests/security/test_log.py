"""No personal number in the application log, from any logger, any trace or uvicorn's access log; nothing a caller
sends forges a log line. Every API route is called with a fødselsnummer in the path, the query and the body, the
log is captured as a handler formats it (traces included), and grepped for 11-digit numbers."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from uvicorn.logging import AccessFormatter, DefaultFormatter

from blaresept import logfilter
from tests.counter.conftest import Auth

FNR = "01037040068"
CHILD = "20051250096"
ELEVEN = re.compile(r"(?<!\d)\d{11}(?!\d)")
USER_BY_TAG = {"apotek": "apotek", "pasient": "pasient", "personer": "saksbehandler", "oppgjør": "saksbehandler",
               "saker": "saksbehandler", "katalog": "apotek", "utvikling": "apotek"}


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The whole process's log as formatted by a handler on the root logger (with traces), and uvicorn's access
    log through uvicorn's own formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(DefaultFormatter("%(levelname)s %(name)s %(message)s"))
    access = logging.StreamHandler(stream)
    access.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    root, access_logger = logging.getLogger(), logging.getLogger("uvicorn.access")
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    access_logger.addHandler(access)
    access_logger.propagate = False
    access_level = access_logger.level
    access_logger.setLevel(logging.INFO)  # a live server in this process may have set it to WARNING
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # the SQL with its parameters
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        access_logger.removeHandler(access)
        access_logger.propagate = True
        access_logger.setLevel(access_level)
        root.setLevel(old_level)
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def _fill(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: FNR if "fnr" in m.group(1) or m.group(1) in ("number", "varenummer",
                                                                                          "claim_id") else "1", path)


def test_every_route_with_a_personal_number_leaves_none_in_the_log(
        api: TestClient, headers: Auth, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    operations = [(route, method.upper(), operation) for route, item in paths.items()
                  for method, operation in item.items()]
    assert len(operations) > 30
    called = 0
    for route, method, operation in operations:
        user = USER_BY_TAG.get(str((operation.get("tags") or [""])[0]), "apotek")
        if True:
            path = _fill(route) + f"?fnr={FNR}&person={CHILD}&q={FNR}&on=2019-01-01"
            body = {"fnr": FNR, "patient_fnr": FNR, "name": f"Ola {FNR}", "claim_id": FNR, "note": FNR,
                    "user": FNR}
            response = api.request(method, path, json=body if method in ("POST", "PUT") else None,
                                   headers={**headers(user), "Idempotency-Key": FNR})
            assert response.status_code < 500, (method, path, response.text)
            # what uvicorn writes for the request, exactly as it logs it
            logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", method,
                                                     path, "1.1", response.status_code)
            called += 1
    # a failing request with the number in the exception and the trace: logged by the crash handler
    from blaresept.persons import service

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"ugyldig person {FNR}\nforged line")

    monkeypatch.setattr(service, "register_person", crash)
    from blaresept.api.routers import persons

    monkeypatch.setattr(persons, "register_person", crash)
    quiet = TestClient(api.app, raise_server_exceptions=False)
    response = quiet.put(f"/api/v1/persons/{FNR}", json={"name": "Ola"}, headers=headers("saksbehandler"))
    assert response.status_code == 500
    text = captured.getvalue()
    assert called == len(operations)
    assert "Traceback" in text and "RuntimeError" in text and "010370*****" in text
    assert "Logging error" not in text
    assert ELEVEN.findall(text) == []
    assert "forged line" not in text.replace("\\nforged line", "")  # the line break is escaped


def test_control_characters_are_escaped_and_the_access_log_formats(captured: io.StringIO) -> None:
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET",
                                             f"/api/v1/persons/{FNR}\r\nINFO forged", "1.1", 200)
    logging.getLogger("blaresept.web").warning("søk etter %s", "a\x00b\x1b[31m")
    logging.getLogger("some.library").error("tall %d og %s", 12345678901, {"fnr": CHILD})
    lines = captured.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert "010370*****\\r\\nINFO forged" in lines[0]
    assert "a\\x00b\\x1b[31m" in lines[1]
    assert ELEVEN.findall("\n".join(lines)) == []


def test_the_rule_is_the_same_function_for_text() -> None:
    assert logfilter.clean(f"{FNR}\n") == "010370*****\\n"
