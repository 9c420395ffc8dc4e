from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from rules.contrib.views import objectgetter, permission_required

from impactdays.forums import selectors
from impactdays.forums.models import Edition, ForumSeries


def _edition(request: HttpRequest, series_slug: str, edition_slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("series"), series__slug=series_slug, slug=edition_slug)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forums/home.html",
        {
            "current_editions": selectors.editions_current_and_upcoming(request.user),  # type: ignore[arg-type]
            "past_editions": selectors.editions_recent_past(request.user),  # type: ignore[arg-type]
        },
    )


def series_detail(request: HttpRequest, series_slug: str) -> HttpResponse:
    series = get_object_or_404(selectors.series_with_visible_editions(request.user), slug=series_slug)  # type: ignore[arg-type]
    return render(request, "forums/series_detail.html", {"series": series})


@permission_required("forums.view_edition", fn=objectgetter(Edition, "edition_slug", "slug"))
def edition_detail(request: HttpRequest, series_slug: str, edition_slug: str) -> HttpResponse:
    edition = selectors.edition_with_details(_edition(request, series_slug, edition_slug))
    return render(request, "forums/edition_detail.html", {"edition": edition})
