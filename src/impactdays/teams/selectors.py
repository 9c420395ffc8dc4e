"""Reads of creative sessions for pages and the API."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.teams.models import Canvas, CreativeSession, Team, TeamMember, Topic


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
