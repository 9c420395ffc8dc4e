"""Panels that the apps above forums add to the public series and edition pages.

forums cannot import them, so an app registers a panel in its AppConfig.ready()::

    page_panel_register(
        PagePanel(key="decisions", page=SERIES, template="decisions/partials/series_memory.html",
                  context=lambda request, series: {"memory": series_memory(series, request.user)})
    )

The page includes each panel's template, in `order`, with the panel's context under `panel`.
Registering a key again replaces the panel. A context function runs a query or two: keep it cheap.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

SERIES = "series"
EDITION = "edition"
# The edition page's list of the forum's stages (programme, challenges, …), near its top.
EDITION_LINKS = "edition-links"


@dataclass(frozen=True)
class PagePanel:
    key: str
    page: str  # SERIES or EDITION
    template: str
    # Any: template context values; the object is the page's series or edition.
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]  # Any: template context values


_PANELS: dict[str, PagePanel] = {}


def page_panel_register(panel: PagePanel) -> None:
    _PANELS[panel.key] = panel


def page_panels_for(request: HttpRequest, page: str, obj: Model) -> list[RenderedPanel]:
    """The panels of one page, in order, each with its context for this visitor."""
    return [
        RenderedPanel(template=panel.template, context=panel.context(request, obj))
        for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))
        if panel.page == page
    ]


def edition_link_register(*, key: str, title: StrOrPromise, url_name: str, order: int) -> None:
    """Link the edition page to an app's page of the edition (no query: a link only)."""
    page_panel_register(
        PagePanel(
            key=f"link-{key}",
            page=EDITION_LINKS,
            template="forums/partials/edition_link.html",
            context=lambda request, edition: {"title": title, "url_name": url_name},
            order=order,
        )
    )
