"""The one decorator that every edition-scoped view uses to declare its permission."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from impactdays.forums.models import Edition

P = ParamSpec("P")
EditionView = Callable[Concatenate[HttpRequest, Edition, P], HttpResponse]
# The URL resolver calls the wrapper with the slugs as keyword arguments.
UrlView = Callable[..., HttpResponse]


def edition_permission_required(permission: str) -> Callable[[EditionView[P]], UrlView]:
    """Look the edition up from the URL, check `permission` on it, pass it to the view.

    The rule is asked directly (rules.has_perm), not through user.has_perm, which lets every
    superuser through: the rules already say what site admins may do, e.g. not edit an archive.
    Those who may not even see the edition (a draft) get 404, as for an unknown edition.
    Anonymous visitors who lack the permission go to the login page; signed-in people get 403.
    Returns 404 for an unknown edition.
    """

    def decorator(view: EditionView[P]) -> UrlView:
        @wraps(view)
        def wrapper(
            request: HttpRequest,
            series_slug: str,
            edition_slug: str,
            *args: P.args,
            **kwargs: P.kwargs,
        ) -> HttpResponse:
            edition = get_object_or_404(
                Edition.objects.select_related("series"),
                series__slug=series_slug,
                slug=edition_slug,
            )
            if not rules.has_perm(permission, request.user, edition):
                if not rules.has_perm("forums.view_edition", request.user, edition):
                    # A draft stays unknown to those who may not see it, as in the API.
                    raise Http404
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, edition, *args, **kwargs)

        wrapper.permission_required = permission  # type: ignore[attr-defined]  # read by the view audit test
        return wrapper

    return decorator
