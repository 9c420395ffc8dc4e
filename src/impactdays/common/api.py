"""The pieces every app's API router is built from, so that each router reads like forums/api.py.

- Error replies have one of two shapes, both in the OpenAPI document: ErrorOut ({"detail"}) and,
  for input that is refused, ValidationErrorOut ({"detail", "errors": {field: [messages]}}).
  `errors_as_json` makes ninja's errors, the services' ValidationError, an oversized body and
  a missing object use them; ApiErrorsAsJsonMiddleware does the same for what Django answers
  under /api/ before or after ninja (an unknown path, a wrong method, a server error).
- ApiRouter declares a read or a write in one line, with its credentials and every error reply
  it can give; reads of a list can be paginated, within bounds.
- StrictIn is the base of every input schema; Text is the type of a text field: bounded by
  its model field's length, and refusing what no database column may store (NUL, lone surrogates).
- `visible_or_404` finds one object among those the caller may see, or answers 404.
"""

import json
import math
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.parser import Parser
from pydantic import ConfigDict, StrictStr, StringConstraints, field_validator

ModelT = TypeVar("ModelT", bound=Model)
ViewT = TypeVar("ViewT", bound=Callable[..., Any])

API_PATH_PREFIX = "/api/"


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# What every read may answer besides 200: a bad token (401), input it refuses (422), a token
# used too often (429, common.ratelimits). Reads with a path parameter add NOT_FOUND.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
# Writes need credentials (401) and a permission (403), and read a body that may be too big (413).
WRITE_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    413: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}
NOT_FOUND: dict[int, type[Schema]] = {404: ErrorOut}


# Input


def _refuse_unstorable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate (JSON may carry "\ud800") cannot
    # be encoded as UTF-8 at all: either would fail in the database, after validation.
    if "\x00" in value:
        raise ValueError(_("Text cannot contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("Text must be valid Unicode (no lone surrogates).")) from None
    return value


class StrictIn(Schema):
    """Base of input schemas: strict types (a boolean is no number), no unknown fields, no NaN,
    and no text that no database column may store, in any field."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:  # Any: every field's value passes through
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                _refuse_unstorable(text)
        return value


# Long enough for any description a person writes; a TextField sets no limit of its own.
LONG_TEXT_MAX_LENGTH = 20_000

# The type of every text field of an input schema; narrow it with `length()` to its model field's.
Text = Annotated[
    StrictStr,
    StringConstraints(max_length=LONG_TEXT_MAX_LENGTH),
    # Tells clients (and the fuzzer's valid examples) that NUL is refused (by StrictIn).
    Field(json_schema_extra={"pattern": "^[^\\u0000]*$"}),
]


def length(max_length: int | None, *, min_length: int = 0) -> StringConstraints:
    """Bounds for a Text: `Annotated[Text, length(200, min_length=1)]`; None keeps the default."""
    return StringConstraints(min_length=min_length, max_length=max_length or LONG_TEXT_MAX_LENGTH)


class StrictJsonParser(Parser):
    """JSON as RFC 8259 defines it: NaN and Infinity are not JSON, and 1e400 is no number."""

    def parse_body(self, request: HttpRequest) -> Any:  # Any: whatever JSON value was sent
        return json.loads(request.body, parse_constant=_refuse_constant, parse_float=_finite)


def _refuse_constant(name: str) -> float:
    raise ValueError(name)


def _finite(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError(literal)
    return number


# Output


PAGE_MAX_LIMIT = 100
# Far past any list here; a larger offset overflows SQLite's integers and finds nothing anyway.
PAGE_MAX_OFFSET = 2**31 - 1


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Pages of at most PAGE_MAX_LIMIT items, from an offset every database accepts."""

    class Input(Schema):
        limit: int = Field(PAGE_MAX_LIMIT, ge=1, le=PAGE_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=PAGE_MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=PAGE_MAX_LIMIT, **kwargs)


class ApiRouter(Router):
    """A Router whose endpoints are reads (anyone) or writes (credentials), declared in one line.

    `read_auth` must admit anonymous callers last (people.api_auth.READ_AUTH does); the
    document says so with an empty security requirement. Endpoints that choose neither
    use `write_auth`, so a forgotten choice is closed rather than open.
    """

    def __init__(
        self, *, tags: list[str], read_auth: Sequence[Any], write_auth: Sequence[Any]
    ) -> None:  # Any: ninja's auth callables have no common type
        super().__init__(tags=tags, auth=list(write_auth))
        self.read_auth = list(read_auth)
        # ninja lists read_auth's schemes; the empty requirement adds "or none at all".
        self.read_openapi: dict[str, Any] = {"security": [{}]}

    def read(
        self, path: str, out: Any, *, paginated: bool = False
    ) -> Callable[[ViewT], ViewT]:  # Any: a schema or list[schema]
        """GET `path`, answering `out`; a path with a parameter may answer 404."""
        response = {200: out, **READ_ERRORS, **(NOT_FOUND if "{" in path else {})}

        def decorate(view: ViewT) -> ViewT:
            if paginated:
                view = paginate(BoundedLimitOffsetPagination)(view)
            self.get(path, response=response, auth=self.read_auth, openapi_extra=self.read_openapi)(
                view
            )
            return view

        return decorate

    def write(
        self, method: str, path: str, out: Any, *, conflicts: bool = False
    ) -> Callable[[ViewT], ViewT]:  # Any: schema
        """`method` on `path`, for callers with credentials, answering `out` or a declared error.

        With `conflicts`, the write may answer 409: the caller sent the version it started
        from, and someone changed the record since.
        """
        response = {
            200: out,
            **WRITE_ERRORS,
            **(NOT_FOUND if "{" in path else {}),
            **({409: ErrorOut} if conflicts else {}),
        }
        return self.api_operation([method.upper()], path, response=response)


def visible_or_404(queryset: QuerySet[ModelT], message: str, **lookup: Any) -> ModelT:
    """The object matching `lookup` in `queryset` (what the caller may see), or HttpError 404.

    A hidden object answers as an unknown one does, so that its existence does not leak.
    """
    # No stored value holds NUL, and PostgreSQL would refuse to compare with one.
    if any(isinstance(value, str) and "\x00" in value for value in lookup.values()):
        raise HttpError(404, message)
    found = queryset.filter(**lookup).first()
    if found is None:
        raise HttpError(404, message)
    return found


# Error replies


def _field_name(location: Sequence[Any]) -> str:  # Any: pydantic's loc mixes str and int
    source, *path = (str(part) for part in location)
    # A body schema is one view parameter; its name ("payload") is no field the client sent.
    if source in {"body", "form", "file"}:
        path = path[1:]
    return ".".join(path) or NON_FIELD_ERRORS


def _invalid(detail: str, errors: dict[str, list[str]]) -> HttpResponse:
    return JsonResponse({"detail": detail, "errors": errors}, status=422)


def _error(detail: str, status: int) -> HttpResponse:
    return JsonResponse({"detail": detail}, status=status)


def _too_big() -> HttpResponse:
    return _error(_("The request body is too large."), 413)


def errors_as_json(api: NinjaAPI) -> None:
    """Register the handlers that give every error `api` raises a declared JSON shape."""

    @api.exception_handler(RequestValidationError)
    def request_invalid(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
        """Wrong types, missing or unknown fields: 422, keyed by the field the client sent."""
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(error["loc"]), []).append(str(error["msg"]))
        return _invalid(_("The request is not valid."), errors)

    @api.exception_handler(DjangoValidationError)
    def service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        """A service refused the change (nothing was written): 422 with its messages by field."""
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        return _invalid(" ".join(exc.messages), errors)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja answers 400 when the body cannot be parsed; say why, with a declared status.
        if exc.status_code == 400 and isinstance(exc.__cause__, RequestDataTooBig):
            return _too_big()
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            message = _("The request body is not valid JSON.")
            return _invalid(message, {NON_FIELD_ERRORS: [message]})
        return _error(str(exc), exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _too_big()

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # ninja raises a bare AuthenticationError when no credentials came at all.
        detail = (
            _("Send an API token (Authorization: Bearer <key>) or sign in.")
            if exc.message == AuthenticationError().message
            else exc.message
        )
        response = _error(detail, 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(_("Not found."), 404)


class ApiLanguageMiddleware:
    """Under /api/, read and answer in the language the client asks for.

    The API has no language in its path: `?lang=ru` chooses one, else the Accept-Language header
    (then the language cookie), else English. Content fields come in that language with the
    usual fallback (common.translated), and so do the error messages. An unknown `lang` is
    refused with 400. Sits below LocaleMiddleware, which sets Content-Language on the answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PATH_PREFIX):
            return self.get_response(request)
        codes = [code for code, _name in settings.LANGUAGES]
        asked = request.GET.get("lang")
        from_headers = translation.get_language_from_request(request)
        if asked is not None and asked not in codes:
            with translation.override(from_headers):
                return _error(
                    _("“%(language)s” is not a language of this site; use one of: %(codes)s.")
                    % {"language": asked[:20], "codes": ", ".join(codes)},
                    400,
                )
        language = asked or from_headers
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return self.get_response(request)


class ApiErrorsAsJsonMiddleware:
    """Under /api/, turn the error pages Django answers outside ninja into ErrorOut JSON.

    Django, not ninja, answers an unknown path or one with a trailing slash (404), a method
    the path does not take (405, keeping its Allow header), a body over the size limit and a
    crash; a client of the API should never have to read an HTML page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PATH_PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = _error(_middleware_detail(response), response.status_code)
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement


def _middleware_detail(response: HttpResponseBase) -> str:
    details = {
        404: _("There is no such API path. Paths have no trailing slash; see /api/v1/docs."),
        413: _("The request body is too large."),
    }
    if response.status_code == 405:
        return _("This path does not take that method. Allowed: %(allowed)s.") % {
            "allowed": response.get("Allow", "")
        }
    if response.status_code >= 500:
        return _("Something went wrong on the server. The error is logged.")
    return details.get(response.status_code, _("The request cannot be answered."))
