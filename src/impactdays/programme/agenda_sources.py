"""Sessions that the apps above programme put into a person's agenda.

programme cannot import them (teams sits in a higher layer), so an app registers a source in its
AppConfig.ready()::

    agenda_source_register(
        AgendaSource(
            key="teams",
            sessions=lambda user: Q(
                creative_sessions__published_at__isnull=False,
                creative_sessions__teams__members__user=user,
            ),
            notes=team_notes,  # optional: (user, edition) -> {session id: "Team 3 · …"}
        )
    )

`sessions(user)` is a condition on programme's Session (reverse relations of the app's models
may be named): selectors.agenda_ids ORs it with the stars and assigned workshops, so the agenda,
the pages that mark agenda sessions and the calendar feeds cost no query more. `notes` runs on
the agenda page only (a query or two: keep it cheap). Registering a key again replaces the source.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from impactdays.forums.models import Edition
from impactdays.people.models import User

AgendaNotes = Callable[[User, Edition], dict[int, str]]


@dataclass(frozen=True)
class AgendaSource:
    key: str
    sessions: Callable[[User], Q]
    notes: AgendaNotes | None = None


_SOURCES: dict[str, AgendaSource] = {}


def agenda_source_register(source: AgendaSource) -> None:
    _SOURCES[source.key] = source


def agenda_sources_condition(user: User) -> Q | None:
    """The registered sources' sessions of this person as one condition; None without sources."""
    condition: Q | None = None
    for source in sorted(_SOURCES.values(), key=lambda source: source.key):
        condition = (
            source.sessions(user) if condition is None else condition | source.sessions(user)
        )
    return condition


def agenda_notes(user: User, edition: Edition) -> dict[int, list[str]]:
    """What the sources say about the person's sessions (session id → lines), for the agenda."""
    notes: dict[int, list[str]] = {}
    for source in sorted(_SOURCES.values(), key=lambda source: source.key):
        if source.notes is None:
            continue
        for session_id, note in source.notes(user, edition).items():
            notes.setdefault(session_id, []).append(note)
    return notes
