"""Each role tries what it must not do."""

from __future__ import annotations

import time

import jwt
from fastapi.testclient import TestClient

from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.tokens import DevIssuer
from tests.counter.conftest import ISSUER, Auth, dispensing, keyed, store


def test_without_or_with_a_bad_token_nothing_is_served(api: TestClient) -> None:
    assert api.get("/api/v1/patient/me").status_code == 401
    stranger = DevIssuer.ephemeral("http://test-issuer", "blaresept")
    stranger.private_key = __import__("cryptography.hazmat.primitives.asymmetric.rsa", fromlist=["x"]) \
        .generate_private_key(public_exponent=65537, key_size=2048)
    forged = stranger.issue(DEMO_USERS["pasient"])
    r = api.get("/api/v1/patient/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401 and "ugyldig" in r.json()["detail"]
    expired = ISSUER.issue(DEMO_USERS["pasient"], minutes=-5)
    r = api.get("/api/v1/patient/me", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "utløpt" in r.json()["detail"]
    unsigned = jwt.encode({"sub": "x", "role": "caseworker", "iss": "http://test-issuer", "aud": "blaresept",
                           "exp": int(time.time()) + 60}, key="", algorithm="none")
    assert api.get("/api/v1/settlement/2019", headers={"Authorization": f"Bearer {unsigned}"}).status_code == 401


def test_roles_stay_in_their_lane(api: TestClient, headers: Auth) -> None:
    body = dispensing(date="2019-02-01")
    assert api.post("/api/v1/pharmacy/dispensings", json=body,
                    headers=keyed("x", "lege")).status_code == 403
    assert api.post("/api/v1/pharmacy/dispensings", json=body,
                    headers=keyed("x", "pasient")).status_code == 403
    assert api.get("/api/v1/settlement/2019", headers=headers("apotek")).status_code == 403
    assert api.get("/api/v1/persons/01037040068", headers=headers("pasient")).status_code == 403
    assert api.get("/api/v1/patient/me", headers=headers("saksbehandler")).status_code == 403


def test_a_pharmacy_sees_only_what_it_dispensed(api: TestClient, headers: Auth) -> None:
    made = store(api, dispensing(date="2019-02-01"))
    assert api.get(f"/api/v1/pharmacy/dispensings/{made['id']}", headers=headers("apotek")).status_code == 200
    assert api.get(f"/api/v1/pharmacy/dispensings/{made['id']}", headers=headers("apotek2")).status_code == 404
    r = api.post(f"/api/v1/pharmacy/dispensings/{made['id']}/return", headers=keyed("z", "apotek2"))
    assert r.status_code == 404


def test_a_patient_sees_only_themself_and_their_children(api: TestClient, headers: Auth) -> None:
    child, other_adult = "20051250096", "01037040068"
    store(api, dispensing(fnr=child, date="2019-02-01"))
    parent = headers("forelder")
    me = api.get("/api/v1/patient/me", headers=parent).json()
    assert [c["fnr"] for c in me["children"]] == [child, "14091650186"]  # both demo children (auth/demo.py)
    seen = api.get(f"/api/v1/patient/years/2019?person={child}", headers=parent)
    assert seen.status_code == 200 and len(seen.json()["dispensings"]) == 1
    assert seen.json()["dispensings"][0]["totals"]["copay"] == "0.00"  # the child is under 16
    denied = api.get(f"/api/v1/patient/years/2019?person={other_adult}", headers=parent)
    assert denied.status_code == 403
    assert api.get(f"/api/v1/patient/years/2019?person={child}", headers=headers("pasient")).status_code == 403


def test_analyst_sees_totals_only_caseworker_sees_persons(api: TestClient, headers: Auth) -> None:
    for day in range(1, 6):
        store(api, dispensing(date=f"2019-06-0{day}", price="2000.00"))
    analyst = api.get("/api/v1/settlement/2019", headers=headers("analytiker")).json()
    assert analyst["persons"] == 1 and analyst["total_refund"] == "231.00" and analyst["rows"] is None
    caseworker = api.get("/api/v1/settlement/2019", headers=headers("saksbehandler")).json()
    # the settlement shows each person with the personal digits masked (docs/security.md)
    assert caseworker["rows"][0]["fnr"] == "010370*****" and caseworker["rows"][0]["refund"] == "231.00"
