"""A cache that lives as long as one request: for lookups every permission check repeats.

RequestCacheMiddleware opens a fresh cache for each request and closes it afterwards; the
cache is held on the request (`request.impactdays_cache`) and reached through a context
variable, so code without the request (rule predicates) can use it. Outside a request (tests,
tasks, the shell) nothing is cached and every lookup asks the database, so a change is never
hidden by an earlier answer. Services that change what is cached call `request_cache_forget`.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_current: ContextVar[dict[Hashable, object] | None] = ContextVar(
    "impactdays_request_cache", default=None
)


def request_cached(key: Hashable, compute: Callable[[], T]) -> T:
    """The cached value for key in the current request, computed once; uncached outside a request."""
    cache = _current.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]  # type: ignore[return-value]  # each key is only ever stored by its own compute


def request_cache_forget(prefix: str) -> None:
    """Drop every cached value whose key is a tuple starting with prefix (after a write)."""
    cache = _current.get()
    if cache is not None:
        for key in [k for k in cache if isinstance(k, tuple) and k and k[0] == prefix]:
            del cache[key]


class RequestCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cache: dict[Hashable, object] = {}
        request.impactdays_cache = cache  # type: ignore[attr-defined]  # the request's own cache
        token = _current.set(cache)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
