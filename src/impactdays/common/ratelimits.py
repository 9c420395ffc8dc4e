"""How often an account or an address may act: one decorator for views, one check for the API.

Limits are named in settings.RATE_LIMITS in allauth's syntax ("300/m/user,600/m/ip") and counted
by django-ratelimit in the default cache. Each part of a rate counts on its own: `user` per
signed-in account (anonymous requests skip it), `ip` per client address (see client_ip). A
request over any part is refused before the view or endpoint runs, so nothing is stored: a page
answers 429 with templates/429.html, an API endpoint a JSON 429 through the API's HttpError
handler. docs/architecture.md shows how a stage adds a limit of its own.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja.errors import HttpError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_KEYS = frozenset({"ip", "user"})

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The client's address, read as allauth reads it for its own login limits.

    X-Forwarded-For counts only when settings.TRUSTED_PROXY_COUNT is above 0, and then only
    the address the outermost trusted proxy saw: a client cannot forge its way past a limit,
    and behind a proxy the visitors are still counted apart. (RATELIMIT_IP_META_KEY)
    """
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        # No address at all (a WSGI call without REMOTE_ADDR, a proxy that sent no header):
        # such requests share one count, under the unspecified address, rather than a refusal.
        return "0.0.0.0"  # noqa: S104 -- a key to count under, never an address to bind


def _rate_parts(name: str) -> list[tuple[str, str]]:
    """(rate, key) pairs of the named limit: "5/5m/ip,20/h/user" → [("5/5m", "ip"), …]."""
    try:
        rates: str = settings.RATE_LIMITS[name]
    except KeyError:
        raise ImproperlyConfigured(f"settings.RATE_LIMITS has no limit named {name!r}.") from None
    parts = []
    for part in rates.split(","):
        amount, _slash, key = part.strip().rpartition("/")
        if key not in _KEYS or amount.count("/") != 1:
            raise ImproperlyConfigured(
                f"RATE_LIMITS[{name!r}] must read like '300/m/user,600/m/ip'; got {rates!r}."
            )
        parts.append((amount, key))
    return parts


def is_limited(request: HttpRequest, *, name: str) -> bool:
    """Count this request against the named limit; True when it goes over any part of it."""
    limited = False
    for rate, key in _rate_parts(name):
        if key == "user" and not request.user.is_authenticated:
            continue
        # Every part counts the request, even after one is over, so each window stays true.
        limited |= is_ratelimited(
            request, group=f"{name}:{key}", key=key, rate=rate, increment=True
        )
    return limited


def rate_limited_response(request: HttpRequest, *, reason: str = "") -> HttpResponse:
    """The readable 429 page; `reason` says which action was refused, when there is one."""
    return render(request, "429.html", {"reason": reason}, status=429)


def rate_limit(name: str) -> Callable[[View[P]], View[P]]:
    """Refuse a view's writes (any method but GET, HEAD and OPTIONS) over the named limit."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def limited_view(
            request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            if request.method not in SAFE_METHODS and is_limited(request, name=name):
                return rate_limited_response(request)
            return view(request, *args, **kwargs)

        return limited_view

    return decorator


def rate_limit_api(request: HttpRequest, *, name: str) -> None:
    """Raise a 429 HttpError when this call goes over the named limit; call it first thing."""
    if is_limited(request, name=name):
        raise HttpError(429, _("Too many requests. Wait a minute, then try again."))
