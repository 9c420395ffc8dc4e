"""System checks for production settings that Django's own deploy checks do not know."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def shared_cache_check(
    app_configs: Any, **kwargs: Any
) -> list[CheckMessage]:  # Any: Django's check signature
    """Login throttling counts in the cache: per-process memory lets each worker count alone."""
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [
            Warning(
                "The cache is local to each process, so login throttling does not hold across "
                "web processes and restarts.",
                hint="Set REDIS_URL to a Redis server shared by all web processes.",
                id="impactdays.W001",
            )
        ]
    return []
