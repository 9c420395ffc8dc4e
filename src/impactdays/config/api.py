"""The one NinjaAPI, mounted at /api/v1/; each app contributes a Router from its api.py."""

from ninja import NinjaAPI

from impactdays.forums.api import router as forums_router

api = NinjaAPI(
    title="Impact Days API",
    version="1",
    description="Forum series, editions, organisations and venues of Impact Days.",
    urls_namespace="api",
)
api.add_router("/", forums_router)
