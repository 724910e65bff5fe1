"""Who is calling: OIDC-style bearer tokens (JWT, RS256) with roles, a local development issuer and demo
users for the embedded default, the identity provider's JWKS in production."""
