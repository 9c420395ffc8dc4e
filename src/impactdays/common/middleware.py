"""Refuses a request whose body is too large before the body is read."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from impactdays.common.uploads import UPLOAD_LIMIT_EXCEEDED


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body for a Content-Length it cannot parse


def _too_large(request: HttpRequest) -> HttpResponse:
    # This middleware sits above LocaleMiddleware, so it picks the language itself.
    with translation.override(translation.get_language_from_request(request)):
        message = _("The request is larger than %(limit)s. Send a smaller file.") % {
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)


class RequestSizeLimitMiddleware:
    """Answers 413 (an HTML page, or JSON under /api/) for a body over UPLOAD_MAX_BYTES.

    A declared Content-Length is checked before anything reads the body. A body that turns
    out larger while it is read is stopped by common.uploads.UploadLimitHandler, whose
    refusal is answered here with the same 413.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.UPLOAD_MAX_BYTES:
            return _too_large(request)
        response = self.get_response(request)
        if getattr(request, UPLOAD_LIMIT_EXCEEDED, False):
            return _too_large(request)
        return response
