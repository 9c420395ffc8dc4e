"""Sends organisers and site admins without TOTP to the walk-through that sets it up."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path

from impactdays.people.two_factor import two_factor_enabled, two_factor_required

# Pages a person must still reach while setting up TOTP (after any /ru/ or /de/ prefix).
_ALLOWED_PREFIXES = (
    "/accounts/",
    "/static/",
    "/media/",
    "/i18n/",
    "/api/",
    "/people/me/two-factor/",
)


def _without_language(path: str) -> str:
    language = get_language_from_path(path)
    prefix = f"/{language}/"
    return path[len(prefix) - 1 :] if language and path.startswith(prefix) else path


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.IMPACTDAYS_REQUIRE_TWO_FACTOR
            and user.is_authenticated
            and not _without_language(request.path).startswith(_ALLOWED_PREFIXES)
            and two_factor_required(user)
            and not two_factor_enabled(user)
        ):
            start = reverse("people:two-factor-start")
            # A page asked for by GET is where the walk-through returns; a form sent by POST is
            # not repeated (its data is not kept), so the walk-through ends on the home page.
            if request.method == "GET":
                start = f"{start}?{urlencode({'next': request.get_full_path()})}"
            return redirect(start)
        return self.get_response(request)
