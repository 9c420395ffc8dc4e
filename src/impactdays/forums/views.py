from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from impactdays.forums import selectors
from impactdays.forums.models import Edition
from impactdays.forums.permissions import edition_permission_required


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forums/home.html",
        {
            "current_editions": selectors.editions_current_and_upcoming(request.user),
            "past_editions": selectors.editions_recent_past(request.user),
        },
    )


def series_detail(request: HttpRequest, series_slug: str) -> HttpResponse:
    series = get_object_or_404(
        selectors.series_with_visible_editions(request.user), slug=series_slug
    )
    return render(request, "forums/series_detail.html", {"series": series})


@edition_permission_required("forums.view_edition")
def edition_detail(request: HttpRequest, edition: Edition) -> HttpResponse:
    edition = selectors.edition_with_details(edition)
    return render(request, "forums/edition_detail.html", {"edition": edition})
