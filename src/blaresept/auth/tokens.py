"""Signing (development issuer only) and verifying bearer tokens: JWT with RS256, issuer and audience
checked, the role and its identifier taken from the claims."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from blaresept.auth.principal import Principal, Role
from blaresept.persons.identity import IdentityError, check_fnr
from blaresept.settings import Settings

KEY_ID = "blaresept-dev-1"


class TokenError(Exception):
    """The token is missing, malformed, expired or not signed by a trusted key. Message in bokmål."""


@dataclass
class DevIssuer:
    """A local issuer for the embedded default: an RSA key kept in var/ (created on first use)."""

    private_key: rsa.RSAPrivateKey
    issuer: str
    audience: str
    minutes: int

    @classmethod
    def from_file(cls, path: str, issuer: str, audience: str, minutes: int) -> DevIssuer:
        file = Path(path)
        if file.exists():
            key = serialization.load_pem_private_key(file.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
            file.chmod(0o600)
        return cls(key, issuer, audience, minutes)

    @classmethod
    def ephemeral(cls, issuer: str, audience: str, minutes: int = 60) -> DevIssuer:
        return cls(_ephemeral_key(), issuer, audience, minutes)

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        public.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    def issue(self, principal: Principal, minutes: int | None = None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": principal.subject,
            "iat": now,
            "exp": now + 60 * (minutes or self.minutes),
            "role": principal.role.value,
            "name": principal.name,
            "jti": uuid.uuid4().hex,
        }
        for key in ("org_number", "hpr", "fnr"):
            value = getattr(principal, key)
            if value:
                claims[key] = value
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": KEY_ID})


@cache
def _ephemeral_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Verifier:
    """Verifies tokens against a JWKS (the dev issuer's own, or the identity provider's by URL)."""

    def __init__(self, settings: Settings, dev_issuer: DevIssuer | None):
        self.settings = settings
        self.dev_issuer = dev_issuer
        self._keys: dict[str, Any] = {}

    def _key(self, kid: str | None) -> Any:
        if not self._keys:
            jwks = self.dev_issuer.jwks() if self.dev_issuer else self._fetch_jwks()
            for entry in jwks.get("keys", []):
                self._keys[entry.get("kid")] = RSAAlgorithm.from_jwk(json.dumps(entry))
        if kid in self._keys:
            return self._keys[kid]
        if len(self._keys) == 1 and kid is None:
            return next(iter(self._keys.values()))
        raise TokenError("Tokenet er signert med en ukjent nøkkel.")

    def _fetch_jwks(self) -> dict[str, Any]:
        if not self.settings.jwks_url:
            raise TokenError("Ingen utsteder er satt opp (BLARESEPT_JWKS_URL mangler).")
        response = httpx.get(self.settings.jwks_url, timeout=10)
        response.raise_for_status()
        data = response.json()
        assert isinstance(data, dict)
        return data

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "RS256":
                raise TokenError("Tokenet må være signert med RS256.")
            claims = jwt.decode(
                token,
                self._key(header.get("kid")),
                algorithms=["RS256"],
                audience=self.settings.audience,
                issuer=self.dev_issuer.issuer if self.dev_issuer else self.settings.issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("Tokenet er utløpt. Logg inn på nytt.") from exc
        except jwt.PyJWTError as exc:
            raise TokenError("Tokenet er ugyldig.") from exc
        try:
            role = Role(str(claims.get("role")))
        except ValueError as exc:
            raise TokenError("Tokenet mangler en gyldig rolle.") from exc
        for key in ("sub", "name", "org_number", "hpr", "fnr", "jti"):
            if key in claims and not isinstance(claims[key], str):
                raise TokenError(f"Tokenet er ugyldig («{key}» må være tekst).")
        if claims.get("fnr") is not None:
            try:
                check_fnr(claims["fnr"])
            except IdentityError as exc:
                raise TokenError("Tokenet har et ugyldig fødselsnummer.") from exc
        principal = Principal(
            subject=str(claims["sub"]),
            role=role,
            name=str(claims.get("name", claims["sub"])),
            org_number=claims.get("org_number"),
            hpr=claims.get("hpr"),
            fnr=claims.get("fnr"),
            token_id=str(claims["jti"]) if claims.get("jti") else None,
            expires=int(claims["exp"]),
        )
        required = {Role.PHARMACY: principal.org_number, Role.DOCTOR: principal.hpr, Role.PATIENT: principal.fnr,
                    Role.HOSPITAL: principal.org_number, Role.PROVIDER: principal.org_number}
        if role in required and not required[role]:
            raise TokenError("Tokenet mangler identifikatoren som hører til rollen.")
        return principal
