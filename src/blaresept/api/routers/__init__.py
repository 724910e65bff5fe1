"""API routers, one module per role or domain."""
