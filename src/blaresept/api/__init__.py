"""The REST API under /api/v1 (FastAPI, OpenAPI at /docs). Routers per role or domain in routers/."""
