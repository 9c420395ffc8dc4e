"""Middleware shared by every app: request size limits, the styled 404 page."""

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, get_resolver
from django.utils import translation
from django.utils.translation import gettext as _

from impactdays.common.uploads import UPLOAD_LIMIT_EXCEEDED


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body for a Content-Length it cannot parse


def _is_chunked_without_length(request: HttpRequest) -> bool:
    # Behind gunicorn a chunked body arrives with no Content-Length, and Django then reads
    # none of it: the view would act on an empty form, and could save it.
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return chunked and not request.META.get("CONTENT_LENGTH")


def _refusal(request: HttpRequest, status: int) -> HttpResponse:
    # This middleware sits above LocaleMiddleware, so it picks the language itself.
    with translation.override(translation.get_language_from_request(request)):
        if status == HTTPStatus.LENGTH_REQUIRED:
            title = _("Size unknown")
            message = _("The request did not say how large it is. Send it with a Content-Length.")
        else:
            title = _("Too large")
            message = _("The request is larger than %(limit)s. Send a smaller file.") % {
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
            }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        context = {"title": title, "message": message}
        return render(request, "common/request_refused.html", context, status=status)


class RequestSizeLimitMiddleware:
    """Answers 413 (an HTML page, or JSON under /api/) for a body over UPLOAD_MAX_BYTES.

    A declared Content-Length is checked before anything reads the body. A body that turns
    out larger while it is read is stopped by common.uploads.UploadLimitHandler, whose
    refusal is answered here with the same 413. A chunked body without Content-Length gets
    411 (Length Required).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_chunked_without_length(request):
            return _refusal(request, HTTPStatus.LENGTH_REQUIRED)
        if _declared_length(request) > settings.UPLOAD_MAX_BYTES:
            return _refusal(request, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        response = self.get_response(request)
        if getattr(request, UPLOAD_LIMIT_EXCEEDED, False):
            return _refusal(request, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        return response


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
