"""Forums API: read endpoints for series, editions, organisations and venues; organiser-only writes."""

from ninja import Router

router = Router(tags=["forums"])
