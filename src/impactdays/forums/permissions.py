"""Edition pages declare their permission with these; other apps' edition pages use them too.

`edition_permission_required(perm)` and `EditionPermissionRequiredMixin` are common.permissions'
decorator and mixin with the edition looked up from the URL's two slugs (the edition URL prefix,
config/urls.py) and forums.view_edition as the visibility: a draft the visitor may not see
answers 404, as an unknown edition does.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from impactdays.common.permissions import PermissionRequiredMixin, View, permission_required
from impactdays.forums.models import Edition, ForumSeries
from impactdays.people.models import User

VIEW_EDITION = "forums.view_edition"


def edition_from_url(request: HttpRequest, kwargs: dict[str, Any]) -> Edition:
    """The edition named by the URL's series_slug and edition_slug (taken out of kwargs); 404 if none."""
    return get_object_or_404(
        Edition.objects.select_related("series"),
        series__slug=kwargs.pop("series_slug"),
        slug=kwargs.pop("edition_slug"),
    )


def series_from_url(request: HttpRequest, kwargs: dict[str, Any]) -> ForumSeries:
    """The series named by the URL's series_slug (taken out of kwargs); 404 if none."""
    return get_object_or_404(ForumSeries, slug=kwargs.pop("series_slug"))


def edition_permission_required(permission: str) -> Callable[[View], View]:
    """Look the edition up from the URL, check `permission` on it, pass it to the view."""
    return permission_required(permission, lookup=edition_from_url, visible=VIEW_EDITION)


class EditionPermissionRequiredMixin(PermissionRequiredMixin):
    """For class-based edition pages: `self.permission_object` is the edition."""

    lookup = staticmethod(edition_from_url)
    visible = VIEW_EDITION


def acting_user(request: HttpRequest) -> User:
    """The signed-in person a view acts for (the services' `actor`); 403 for anyone else."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
