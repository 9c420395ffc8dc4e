"""The one NinjaAPI, mounted at /api/v1/; each app contributes a Router from its api.py.

Every error reply has one of two shapes, both declared in the OpenAPI document: ErrorOut
({"detail"}) and, for invalid input, ValidationErrorOut ({"detail", "errors": {field: [...]}}).
The handlers below bring ninja's own errors and the services' ValidationError into them.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from impactdays.forums.api import router as forums_router

api = NinjaAPI(
    title="Impact Days API",
    version="1",
    description=(
        "Forum series, editions, organisations and venues of Impact Days.\n\n"
        "Reads are public. Send `Authorization: Bearer <key>` (or use a signed-in session with "
        "its CSRF token) to also see the draft editions you hold a role in, and to write."
    ),
    urls_namespace="api",
)
api.add_router("/", forums_router)

# Where ninja reports an input error: "body", "query", "path", … followed by the field path.
_BODY_SOURCES = frozenset({"body", "form", "file"})


def _field_name(location: Sequence[Any]) -> str:  # Any: pydantic's loc mixes str and int
    source, *path = (str(part) for part in location)
    # A body schema is one view parameter; its name ("payload") is no field the client sent.
    if source in _BODY_SOURCES:
        path = path[1:]
    return ".".join(path) or NON_FIELD_ERRORS


def _invalid(request: HttpRequest, detail: str, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(RequestValidationError)
def request_invalid(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
    """Wrong types, missing or unknown fields: 422, keyed by the field the client sent."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error["loc"]), []).append(str(error["msg"]))
    return _invalid(request, _("The request is not valid."), errors)


@api.exception_handler(DjangoValidationError)
def service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the change (nothing was written): 422 with its messages by field."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return _invalid(request, " ".join(exc.messages), errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja answers 400 when the body is not JSON; give it the 422 of any other bad input.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        message = _("The request body is not valid JSON.")
        return _invalid(request, message, {NON_FIELD_ERRORS: [message]})
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # ninja raises a bare AuthenticationError when no credentials came at all.
    detail = (
        _("Send an API token (Authorization: Bearer <key>) or sign in.")
        if exc.message == AuthenticationError().message
        else exc.message
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
