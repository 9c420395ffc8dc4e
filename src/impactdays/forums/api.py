"""Forums API: public reads of series, editions, organisations and venues; organiser-only writes.

Reads need no credentials; a token holder or signed-in person also sees the draft editions they
hold a role in. A draft the caller may not see answers 404, as an unknown id does, so that its
existence does not leak. Writes check the permission from forums/rules.py, then call the service.
"""

import rules
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from impactdays.forums import services
from impactdays.forums.models import Edition, EditionPartner, ForumSeries, Organisation, Venue
from impactdays.forums.schemas import (
    EditionOut,
    EditionPatchIn,
    EditionStatusMoveIn,
    EditionSummaryOut,
    ErrorOut,
    OrganisationDetailOut,
    OrganisationOut,
    SeriesDetailOut,
    SeriesOut,
    ValidationErrorOut,
    VenueOut,
)
from impactdays.forums.selectors import (
    edition_with_details,
    editions_visible_to,
    series_with_visible_editions,
)
from impactdays.people.api_auth import READ_AUTH, READ_AUTH_OPENAPI, WRITE_AUTH
from impactdays.people.models import User

# Writes are the default, so an endpoint that forgets to choose is closed rather than open.
router = Router(tags=["forums"], auth=WRITE_AUTH)

WRITE_RESPONSES_ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def _edition_visible_or_404(request: HttpRequest, edition_id: int) -> Edition:
    edition = editions_visible_to(request.user).filter(pk=edition_id).first()
    if edition is None:
        raise HttpError(404, _("There is no edition with this id."))
    return edition


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # WRITE_AUTH lets only people with credentials through
        raise AuthenticationError
    return user


# Series


@router.get(
    "/series",
    response={200: list[SeriesOut], 401: ErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
def series_list(request: HttpRequest) -> QuerySet[ForumSeries]:
    return ForumSeries.objects.all()


@router.get(
    "/series/{slug}",
    response={200: SeriesDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
def series_detail(request: HttpRequest, slug: str) -> ForumSeries:
    series = series_with_visible_editions(request.user).filter(slug=slug).first()
    if series is None:
        raise HttpError(404, _("There is no forum series with this slug."))
    return series


# Editions


@router.get(
    "/editions",
    response={200: list[EditionSummaryOut], 401: ErrorOut, 422: ValidationErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
@paginate(LimitOffsetPagination)
def edition_list(
    request: HttpRequest,
    series: str | None = None,
    status: Edition.Status | None = None,
    year: int | None = None,
) -> QuerySet[Edition]:
    editions = editions_visible_to(request.user)
    if series is not None:
        editions = editions.filter(series__slug=series)
    if status is not None:
        editions = editions.filter(status=status)
    if year is not None:
        editions = editions.filter(year=year)
    return editions


@router.get(
    "/editions/{edition_id}",
    response={200: EditionOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
def edition_detail(request: HttpRequest, edition_id: int) -> Edition:
    return edition_with_details(_edition_visible_or_404(request, edition_id))


@router.patch("/editions/{edition_id}", response={200: EditionOut, **WRITE_RESPONSES_ERRORS})
def edition_update(request: HttpRequest, edition_id: int, payload: EditionPatchIn) -> Edition:
    """Change some of an edition's details; send only the fields that change."""
    actor = _actor(request)
    edition = _edition_visible_or_404(request, edition_id)
    if not rules.has_perm("forums.change_edition", actor, edition):
        raise HttpError(
            403,
            _(
                "Only the organisers of this edition can change it, and not while its report "
                "is published."
            ),
        )
    services.edition_update(edition=edition, actor=actor, **payload.model_dump(exclude_unset=True))
    return edition_with_details(edition)


@router.post("/editions/{edition_id}/status", response={200: EditionOut, **WRITE_RESPONSES_ERRORS})
def edition_status_move(
    request: HttpRequest, edition_id: int, payload: EditionStatusMoveIn
) -> Edition:
    """Move the edition to another status; the edition's `allowed_moves` lists where it may go."""
    actor = _actor(request)
    edition = _edition_visible_or_404(request, edition_id)
    if not rules.has_perm("forums.move_edition_status", actor, edition):
        raise HttpError(403, _("Only the organisers of this edition can move its status."))
    try:
        services.edition_status_move(edition=edition, to=payload.to.value, actor=actor)
    except ValidationError as error:
        raise ValidationError({"to": error.messages}) from error
    return edition_with_details(edition)


@router.get(
    "/editions/{edition_id}/venues",
    response={200: list[VenueOut], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
def venue_list(request: HttpRequest, edition_id: int) -> QuerySet[Venue]:
    edition = _edition_visible_or_404(request, edition_id)
    return Venue.objects.filter(edition=edition).prefetch_related("rooms")


# Organisations


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], 401: ErrorOut, 422: ValidationErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
@paginate(LimitOffsetPagination)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.all()


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=READ_AUTH,
    openapi_extra=READ_AUTH_OPENAPI,
)
def organisation_detail(request: HttpRequest, slug: str) -> Organisation:
    visible_partnerships = (
        EditionPartner.objects.filter(edition__in=editions_visible_to(request.user).values("pk"))
        .select_related("edition__series")
        .order_by("-edition__starts_on", "role")
    )
    organisation = (
        Organisation.objects.prefetch_related(
            Prefetch("partnerships", queryset=visible_partnerships, to_attr="visible_partnerships")
        )
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise HttpError(404, _("There is no organisation with this slug."))
    return organisation
