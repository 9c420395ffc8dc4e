"""Who is calling the API: the holder of a bearer token, or the person signed in to the session.

Every app's Router uses READ_AUTH for reads (anyone; credentials only widen what is visible)
and WRITE_AUTH for writes (credentials required, two-factor enforced like on the pages).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from impactdays.common.ratelimits import rate_limit_api
from impactdays.people.models import User
from impactdays.people.services import api_token_authenticate
from impactdays.people.two_factor import two_factor_enabled, two_factor_required


def _refuse_without_two_factor(user: User) -> None:
    # The same rule as TwoFactorRequiredMiddleware, which lets /api/ through so that this
    # check can answer with a JSON 403 instead of a redirect.
    if (
        settings.IMPACTDAYS_REQUIRE_TWO_FACTOR
        and two_factor_required(user)
        and not two_factor_enabled(user)
    ):
        raise HttpError(
            403,
            _(
                "Your role requires two-factor authentication. Set up an authenticator app "
                "before you change anything through the API."
            ),
        )


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`, with a key made by people.services.api_token_create."""

    def __init__(self, *, for_writes: bool = False) -> None:
        self.for_writes = for_writes
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_authenticate(key=token)
        if user is None:
            # A wrong or revoked key is refused rather than read as anonymous, so a client
            # learns that its key is bad instead of silently seeing public data only.
            raise AuthenticationError(message=_("This API token is not valid."))
        # Views, permissions and selectors all look at request.user.
        request.user = user
        rate_limit_api(request, name="api_token")
        if self.for_writes:
            _refuse_without_two_factor(user)
        return user


class SessionAuth(APIKeyCookie):
    """The browser session of a signed-in person; unsafe methods must carry the CSRF token."""

    def __init__(self, *, for_writes: bool = False) -> None:
        self.for_writes = for_writes
        # Only names the cookie in the OpenAPI document; the session middleware reads it.
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            # No session to ride on, so no CSRF check: an anonymous write gets 401, not 403.
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(
                403,
                _(
                    "CSRF check failed. Send the value of the CSRF cookie in the X-CSRFToken "
                    "header, or use an API token."
                ),
            )
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User):
            return None
        if self.for_writes:
            _refuse_without_two_factor(user)
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """The last resort of READ_AUTH: let a caller without credentials read public data."""
    return AnonymousUser()


READ_AUTH = [BearerTokenAuth(), SessionAuth(), anonymous]
WRITE_AUTH = [BearerTokenAuth(for_writes=True), SessionAuth(for_writes=True)]

# READ_AUTH's `anonymous` is no security scheme, so ninja leaves it out of the document;
# an empty requirement is OpenAPI's way to say that credentials are optional.
READ_AUTH_OPENAPI: dict[str, Any] = {"security": [{}]}
