"""The development issuer (embedded default only): demo users, tokens for them, and the issuer's JWKS."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from blaresept.api.problems import Problem
from blaresept.auth.demo import DEMO_USERS
from blaresept.auth.principal import ROLE_NAMES
from blaresept.auth.tokens import DevIssuer
from blaresept.inputs import Text

router = APIRouter(prefix="/dev", tags=["utvikling"])


class DemoUser(BaseModel):
    user: str
    role: str
    role_name: str
    name: str


class TokenRequest(BaseModel):
    user: Text = Field(description="En av demobrukerne, f.eks. «apotek», «pasient», «saksbehandler».",
                      max_length=50)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    role: str


def _issuer(request: Request) -> DevIssuer:
    issuer: DevIssuer | None = request.app.state.dev_issuer
    if issuer is None:
        raise Problem(404, "Utviklingsutstederen er slått av i dette miljøet.")
    return issuer


@router.get("/users", response_model=list[DemoUser], summary="Demobrukerne til utviklingsutstederen")
def users(request: Request) -> list[DemoUser]:
    _issuer(request)
    return [DemoUser(user=key, role=p.role.value, role_name=ROLE_NAMES[p.role], name=p.name)
            for key, p in DEMO_USERS.items()]


@router.post("/token", response_model=TokenResponse, summary="Et token for en demobruker")
def token(request: Request, body: TokenRequest) -> TokenResponse:
    issuer = _issuer(request)
    principal = DEMO_USERS.get(body.user)
    if principal is None:
        raise Problem(404, f"Ukjent demobruker «{body.user}». Se /api/v1/dev/users.")
    return TokenResponse(access_token=issuer.issue(principal), role=principal.role.value)


@router.get("/jwks.json", summary="Utviklingsutstederens offentlige nøkler (JWKS)")
def jwks(request: Request) -> dict[str, object]:
    return _issuer(request).jwks()
