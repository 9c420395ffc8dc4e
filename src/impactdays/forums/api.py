"""Forums API: public reads of series, editions, organisations and venues; organiser-only writes.

The worked example of an app's router (common/api.py has the pieces): reads need no
credentials, and a token holder or signed-in person also sees the draft editions they hold a
role in. A draft the caller may not see answers 404, as an unknown id does, so that its
existence does not leak. Writes check the permission from forums/rules.py, then call the service.
"""

import rules
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from impactdays.common.api import ApiRouter, visible_or_404
from impactdays.common.translated import translated_field_names, translations_fold
from impactdays.forums import services
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.forums.models import Edition, EditionPartner, ForumSeries, Organisation, Venue
from impactdays.forums.schemas import (
    EditionOut,
    EditionPatchIn,
    EditionStatusMoveIn,
    EditionSummaryOut,
    OrganisationDetailOut,
    OrganisationOut,
    SeriesDetailOut,
    SeriesOut,
    SlugQuery,
    VenueOut,
)
from impactdays.forums.selectors import (
    edition_with_details,
    editions_visible_to,
    series_with_visible_editions,
)
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH

router = ApiRouter(tags=["forums"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


# Series


@router.read("/series", list[SeriesOut])
def series_list(request: HttpRequest) -> QuerySet[ForumSeries]:
    return ForumSeries.objects.all()


@router.read("/series/{slug}", SeriesDetailOut)
def series_detail(request: HttpRequest, slug: str) -> ForumSeries:
    return visible_or_404(
        series_with_visible_editions(request.user),
        _("There is no forum series with this slug."),
        slug=slug,
    )


# Editions


@router.read("/editions", list[EditionSummaryOut], paginated=True)
def edition_list(
    request: HttpRequest,
    series: SlugQuery | None = None,
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


@router.read("/editions/{edition_id}", EditionOut)
def edition_detail(request: HttpRequest, edition_id: int) -> Edition:
    return edition_with_details(edition_visible_or_404(request, edition_id))


@router.write("patch", "/editions/{edition_id}", EditionOut, conflicts=True)
def edition_update(request: HttpRequest, edition_id: int, payload: EditionPatchIn) -> Edition:
    """Change some of an edition's details; send only the fields that change.

    Send `version` (as read) to have a write refused with 409 when someone changed the edition
    since; without it the fields sent are written over whatever is there.
    """
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    if not rules.has_perm("forums.change_edition", actor, edition):
        raise HttpError(
            403,
            _(
                "Only the organisers of this edition can change it, and not while its report "
                "is published."
            ),
        )
    changes = translations_fold(
        payload.model_dump(exclude_unset=True), translated_field_names(Edition)
    )
    expected_version = changes.pop("version", None)
    try:
        services.edition_update(
            edition=edition, actor=actor, expected_version=expected_version, **changes
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise HttpError(409, " ".join(error.messages)) from error
        raise
    return edition_with_details(edition)


@router.write("post", "/editions/{edition_id}/status", EditionOut)
def edition_status_move(
    request: HttpRequest, edition_id: int, payload: EditionStatusMoveIn
) -> Edition:
    """Move the edition to another status; the edition's `allowed_moves` lists where it may go."""
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    if not rules.has_perm("forums.move_edition_status", actor, edition):
        raise HttpError(403, _("Only the organisers of this edition can move its status."))
    try:
        services.edition_status_move(edition=edition, to=payload.to.value, actor=actor)
    except ValidationError as error:
        raise ValidationError({"to": error.messages}) from error
    return edition_with_details(edition)


@router.read("/editions/{edition_id}/venues", list[VenueOut])
def venue_list(request: HttpRequest, edition_id: int) -> QuerySet[Venue]:
    edition = edition_visible_or_404(request, edition_id)
    return Venue.objects.filter(edition=edition).prefetch_related("rooms")


# Organisations


@router.read("/organisations", list[OrganisationOut], paginated=True)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.all()


@router.read("/organisations/{slug}", OrganisationDetailOut)
def organisation_detail(request: HttpRequest, slug: str) -> Organisation:
    visible_partnerships = (
        EditionPartner.objects.filter(edition__in=editions_visible_to(request.user).values("pk"))
        .select_related("edition__series")
        .order_by("-edition__starts_on", "role")
    )
    return visible_or_404(
        Organisation.objects.prefetch_related(
            Prefetch("partnerships", queryset=visible_partnerships, to_attr="visible_partnerships")
        ),
        _("There is no organisation with this slug."),
        slug=slug,
    )
