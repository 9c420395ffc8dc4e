"""Sends organisers and site admins without TOTP to the page that sets it up."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from impactdays.people.two_factor import two_factor_enabled, two_factor_required

# Pages a person must still reach while setting up TOTP.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/api/")


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
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Set up an authenticator app to go on."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _without_language(path: str) -> str:
    """The path without its language prefix: /ru/accounts/… is an account page too."""
    language = translation.get_language_from_path(path)
    return path.removeprefix(f"/{language}") if language else path
