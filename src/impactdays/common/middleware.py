"""Middleware shared by every app."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, get_resolver


class StyledNotFoundMiddleware:
    """Show templates/404.html for a missing page even when DEBUG is on.

    With DEBUG on Django answers a 404 with its technical page, which lists every URL pattern of
    the site; the demo runs with DEBUG on in front of real visitors. Off DEBUG, Django's own
    handler already renders 404.html, so this does nothing. Place it after CommonMiddleware, so
    that a missing trailing slash still redirects.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            # Resolution fails before any view runs, where process_exception cannot see it.
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                return self._not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return self._not_found(request)
        return None

    @staticmethod
    def _not_found(request: HttpRequest) -> HttpResponse:
        return render(request, "404.html", status=404)
