"""The organiser's dashboard of an edition: an overview, then one page per section.

An app adds its part of the dashboard in its AppConfig.ready()::

    dashboard_section_register(
        DashboardSection(
            key="applications",
            title=gettext_lazy("Applications"),
            order=45,
            url_name="applications:edition-applications",  # the app's own page, or:
            template="applications/partials/dashboard.html",  # shown on a page forums serves
            permission="applications.review_application",
            summary=lambda request, edition: ngettext(...) % {...},
        )
    )

- `key` names the section (a slug; the anchor of older links). Registering a key again
  replaces the section, so a test or an app can override one.
- `title` is the section's name in the sub-navigation and on the overview.
- `order` places it: forums uses 20 (details), 30 (venues and rooms), 40 (partners), 50 (people
  and roles) and 90 (status and replication); leave gaps.
- `permission` (a rule asked with the edition) shows the section: its link and its page. A
  section's own actions check their own permissions, as any view does.
- Its page is either the app's own view, named by `url_name` and taking the edition URL
  keywords (series_slug, edition_slug), which starts its context with
  `dashboard_page_context(request, edition, section)` and renders a template that extends
  `forums/edition_manage_base.html` (filling its `dashboard` block, with an h1); or, without
  `url_name`, the page forums serves at `<edition>/manage/<key>/`, which shows the title as h1
  and includes `template` with the context that `context(request, edition)` returns.
- `summary(request, edition)` is one short line for the overview (counts, what is missing);
  None or an empty string shows the link alone. It runs a query or two: keep it cheap.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from impactdays.forums.models import Edition

# Any: template context values of many kinds (forms, querysets, lists).
SectionContext = Callable[[HttpRequest, Edition], dict[str, Any]]
SectionSummary = Callable[[HttpRequest, Edition], StrOrPromise | None]

# The generic page of a section without its own view (forums/urls.py).
SECTION_PAGE = "forums:edition-section"


def _no_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class DashboardSection:
    """One section of the dashboard; see the module docstring for each field."""

    key: str
    title: str | Promise
    template: str = ""
    order: int = 100
    permission: str = "forums.manage_edition"
    context: SectionContext = field(default=_no_context)
    url_name: str = ""
    summary: SectionSummary | None = None

    def url(self, edition: Edition) -> str:
        """The path of this section's page for the edition."""
        kwargs = {"series_slug": edition.series.slug, "edition_slug": edition.slug}
        if self.url_name:
            return reverse(self.url_name, kwargs=kwargs)
        return reverse(SECTION_PAGE, kwargs={**kwargs, "section_key": self.key})

    def summary_for(self, request: HttpRequest, edition: Edition) -> StrOrPromise:
        """The overview's line about this section; empty without a summary."""
        return (self.summary(request, edition) if self.summary else None) or ""


_SECTIONS: dict[str, DashboardSection] = {}


def dashboard_section_register(section: DashboardSection) -> None:
    """Add a section to every edition's dashboard; registering a key again replaces it."""
    _SECTIONS[section.key] = section


def dashboard_section(key: str) -> DashboardSection | None:
    """The registered section with this key, or None."""
    return _SECTIONS.get(key)


def dashboard_sections_for(request: HttpRequest, edition: Edition) -> list[DashboardSection]:
    """The sections the visitor may see on this edition's dashboard, in order."""
    return sorted(
        (s for s in _SECTIONS.values() if request.user.has_perm(s.permission, edition)),
        key=lambda section: (section.order, section.key),
    )


def dashboard_page_context(
    request: HttpRequest, edition: Edition, current: DashboardSection | None
) -> dict[str, Any]:  # Any: template context values
    """What the frame of every dashboard page needs (forums/edition_manage_base.html).

    `current` is the section the page shows, None on the overview. An app's own section view
    starts its context with this and renders a template that extends the frame.
    """
    sections = dashboard_sections_for(request, edition)
    kwargs = {"series_slug": edition.series.slug, "edition_slug": edition.slug}
    overview = {
        "title": gettext_lazy("Overview"),
        "url": reverse("forums:edition-manage", kwargs=kwargs),
        "is_current": current is None,
    }
    return {
        "edition": edition,
        "current_section": current,
        "dashboard_sections": sections,
        "dashboard_nav": [
            overview,
            *(
                {
                    "title": section.title,
                    "url": section.url(edition),
                    "is_current": current is not None and section.key == current.key,
                }
                for section in sections
            ),
        ],
        "can_change": request.user.has_perm("forums.change_edition", edition),
    }
