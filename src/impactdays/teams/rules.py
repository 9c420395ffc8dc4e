"""Who may do what with creative sessions (DESIGN.md): organisers and facilitators set sessions
up and form, change and publish the teams; a team's members and the facilitators edit its
canvas; members of the edition see published teams and comment on canvases.

Edition-level permissions take the edition; the others a session, a team or a canvas.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.common.rules import is_site_admin
from impactdays.forums.rules import (
    can_see_edition,
    is_archived,
    is_facilitator_of,
    is_member_of,
    is_organiser_of,
    is_participant_of,
)
from impactdays.people.models import User
from impactdays.teams.models import Canvas, CreativeSession, Team


def _session_of(obj: object) -> CreativeSession | None:
    if isinstance(obj, CreativeSession):
        return obj
    if isinstance(obj, Team):
        return obj.session
    if isinstance(obj, Canvas):
        return obj.team.session
    return None


@rules.predicate
def is_published(user: User | AnonymousUser, obj: object) -> bool:
    session = _session_of(obj)
    return session is not None and session.is_published


@rules.predicate
def is_team_member(user: User | AnonymousUser, obj: object) -> bool:
    team = obj.team if isinstance(obj, Canvas) else obj
    return (
        isinstance(team, Team)
        and user.is_authenticated
        and team.members.filter(user_id=user.pk).exists()
    )


@rules.predicate
def takes_part(user: User | AnonymousUser, obj: object) -> bool:
    """Takes part in the session (listed for it, present or not)."""
    session = _session_of(obj)
    return (
        session is not None
        and user.is_authenticated
        and session.participants.filter(user_id=user.pk).exists()
    )


can_form = is_site_admin | is_organiser_of | is_facilitator_of

rules.add_perm("teams.view_sessions", can_see_edition)
rules.add_perm("teams.add_session", (is_site_admin | is_organiser_of) & ~is_archived)
rules.add_perm("teams.manage_session", can_form)
rules.add_perm("teams.change_session", can_form & ~is_archived)
# A participant ranks the topics of a session of their edition.
rules.add_perm("teams.rank_topics", is_participant_of & ~is_archived)
rules.add_perm(
    "teams.view_teams", can_form | (is_published & (is_member_of | takes_part | is_site_admin))
)
rules.add_perm("teams.change_canvas", (can_form | (is_published & is_team_member)) & ~is_archived)
rules.add_perm(
    "teams.comment_canvas", (can_form | (is_published & (is_member_of | takes_part))) & ~is_archived
)
