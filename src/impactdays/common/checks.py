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


@register(Tags.security, deploy=True)
def trusted_proxy_check(
    app_configs: Any, **kwargs: Any
) -> list[CheckMessage]:  # Any: Django's check signature
    """Behind a TLS proxy with no trusted proxy counted, every visitor has the proxy's address.

    Login throttling and the rate limits count per address: all visitors would then share one
    count, so five wrong passwords from anyone would lock every login on the site.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "BEHIND_TLS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every visitor is counted "
                "under the proxy's address by the login throttling and the rate limits.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app.",
                id="impactdays.W002",
            )
        ]
    return []
