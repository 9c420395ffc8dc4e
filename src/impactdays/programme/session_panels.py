"""Panels that the apps above programme add to a session's public page.

programme cannot import them (challenges, teams sit in higher layers), so an app registers a
panel in its AppConfig.ready()::

    session_panel_register(
        SessionPanel(
            key="observations",
            template="challenges/partials/session_observations.html",
            context=lambda request, edition, session: {"observations": ...},
        )
    )

The page includes each panel's template, in `order`, with the panel's context under `panel`;
`session` is the published session (selectors.PublicSession), whose `id` is the Session's pk.
Registering a key again replaces the panel. A context function runs a query or two: keep it cheap.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from impactdays.forums.models import Edition
from impactdays.programme.selectors import PublicSession

# Any: template context values of many kinds.
PanelContext = Callable[[HttpRequest, Edition, PublicSession], dict[str, Any]]


@dataclass(frozen=True)
class SessionPanel:
    key: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedSessionPanel:
    template: str
    context: dict[str, Any]  # Any: template context values


_PANELS: dict[str, SessionPanel] = {}


def session_panel_register(panel: SessionPanel) -> None:
    _PANELS[panel.key] = panel


def session_panels_for(
    request: HttpRequest, edition: Edition, session: PublicSession
) -> list[RenderedSessionPanel]:
    """The panels of one session's page, in order, each with its context for this visitor."""
    return [
        RenderedSessionPanel(
            template=panel.template, context=panel.context(request, edition, session)
        )
        for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))
    ]
