"""The organiser's dashboard of an edition: sections that each app registers.

An app adds its part of the dashboard in its AppConfig.ready() with `dashboard_section_register`
(forums registers status, details, venues, partners, roles and replication in forums/apps.py).
A section names its template, its place (order), the permission that shows it, and a function
giving its template context (its empty forms, its lists). Submitted forms that failed validation
replace the section's empty ones when the page is shown again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

from impactdays.forums.models import Edition

# Any: template context values of many kinds (forms, querysets, lists).
SectionContext = Callable[[HttpRequest, Edition], dict[str, Any]]


@dataclass(frozen=True)
class DashboardSection:
    key: str  # the section's HTML id and anchor
    title: str | Promise
    template: str
    order: int
    permission: str = "forums.manage_edition"
    context: SectionContext = field(default=lambda request, edition: {})


_SECTIONS: dict[str, DashboardSection] = {}


def dashboard_section_register(section: DashboardSection) -> None:
    """Add a section to every edition's dashboard; registering a key again replaces it."""
    _SECTIONS[section.key] = section


def dashboard_sections_for(request: HttpRequest, edition: Edition) -> list[DashboardSection]:
    """The sections the visitor may see on this edition's dashboard, in order."""
    return sorted(
        (s for s in _SECTIONS.values() if request.user.has_perm(s.permission, edition)),
        key=lambda section: (section.order, section.key),
    )
