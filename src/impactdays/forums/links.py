"""One URL builder for every page under an edition (the edition URL prefix of config/urls.py).

`edition_url("programme:session-detail", edition, pk=3)` fills in the series' and the edition's
slugs; templates use the `{% edition_url %}` tag of forums_links the same way, so neither
repeats the two slugs.
"""

from typing import Any

from django.urls import reverse

from impactdays.forums.models import Edition


def edition_url(viewname: str, edition: Edition, **kwargs: Any) -> str:  # Any: URL keywords
    """The path of an edition page; kwargs are the page's own URL keywords."""
    return reverse(
        viewname,
        kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug, **kwargs},
    )
