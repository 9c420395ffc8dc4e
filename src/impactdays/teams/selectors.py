"""Reads of creative sessions for pages and the API."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.teams.models import (
    Canvas,
    CanvasComment,
    CanvasRevision,
    CreativeSession,
    Participant,
    Team,
    TeamMember,
    Topic,
)


def teams_of_user(*, edition: Edition, user: User | AnonymousUser) -> dict[int, Team]:
    """The person's team in each published session of the edition, by session id."""
    if not user.is_authenticated:
        return {}
    memberships = TeamMember.objects.filter(
        user_id=user.pk,
        session__edition=edition,
        session__published_at__isnull=False,
    ).select_related("team__topic")
    return {membership.session_id: membership.team for membership in memberships}


def agenda_condition(user: User) -> Q:
    """programme's sessions where the person has a team, once its creative session is published."""
    return Q(
        creative_sessions__published_at__isnull=False,
        creative_sessions__teams__members__user=user,
    )


def agenda_team_notes(user: User, edition: Edition) -> dict[int, str]:
    """For the agenda: the person's team in each programme session (programme session id → line)."""
    memberships = TeamMember.objects.filter(
        user=user,
        session__edition=edition,
        session__published_at__isnull=False,
        session__programme_session__isnull=False,
    ).select_related("team__topic", "session")
    notes: dict[int, str] = {}
    for membership in memberships:
        team = membership.team
        line = (
            _("Your team: %(team)s · %(topic)s") % {"team": team, "topic": team.topic}
            if team.topic
            else _("Your team: %(team)s") % {"team": team}
        )
        session_id = membership.session.programme_session_id
        if session_id is not None:
            notes[session_id] = line
    return notes


@dataclass
class IdeaGroup:
    topic: Topic | None
    canvases: list[Canvas]


def ideas_by_topic(session: CreativeSession) -> list[IdeaGroup]:
    canvases = list(
        Canvas.objects.filter(team__session=session)
        .select_related("team__topic")
        .order_by("team__topic__position", "team__number")
    )
    groups: dict[int | None, IdeaGroup] = {}
    for canvas in canvases:
        topic = canvas.team.topic
        key = topic.pk if topic else None
        groups.setdefault(key, IdeaGroup(topic=topic, canvases=[])).canvases.append(canvas)
    return list(groups.values())


def personal_data(user: User) -> dict[str, Any]:  # Any: JSON values
    """The person's part in creative sessions, for their data download (people.personal_data)."""
    teams = {
        member.session_id: str(member.team)
        for member in TeamMember.objects.filter(user=user).select_related("team")
    }
    return {
        "sessions": [
            {
                "session": str(participant.session),
                "edition": str(participant.session.edition),
                "present": participant.is_present,
                "ranking": [
                    str(topic) for topic in Topic.objects.filter(pk__in=participant.ranking)
                ],
                "team": teams.get(participant.session_id),
            }
            for participant in Participant.objects.filter(user=user).select_related(
                "session__edition"
            )
        ],
        "canvas_revisions": [
            {
                "team": str(revision.canvas),
                "version": revision.version,
                "sections": revision.sections,
            }
            for revision in CanvasRevision.objects.filter(author=user).select_related(
                "canvas__team"
            )
        ],
        "canvas_comments": [
            {
                "team": str(comment.canvas),
                "body": comment.body,
                "at": comment.created_at.isoformat(),
            }
            for comment in CanvasComment.objects.filter(author=user).select_related("canvas__team")
        ],
    }
