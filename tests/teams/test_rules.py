"""Who may do what with creative sessions: a role-by-status table written from DESIGN.md, then the
team-level rules (a canvas is its team's) from the side of who may not act."""

import pytest

from impactdays.teams.models import CreativeSession
from tests.permissions import MEMBER_ROLES, ROLES, STATUSES, edition_at, person
from tests.teams.factories import CanvasFactory, SessionFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["view_sessions", "add_session", "manage_session", "change_session", "view_teams"]


def expected(role: str, status: str, action: str, *, is_published: bool) -> bool:
    """Anyone who sees the edition sees its sessions; organisers add them; organisers and
    facilitators set them up and form the teams; published teams are for the edition's members.
    A published report freezes everything but reading."""
    sees = status != "draft" or role in MEMBER_ROLES or role == "site_admin"
    frozen = status == "report_published"
    forms = role in ("organiser", "facilitator", "site_admin")
    if action == "view_sessions":
        return sees
    if action == "add_session":
        return role in ("organiser", "site_admin") and not frozen
    if action == "manage_session":
        return forms
    if action == "change_session":
        return forms and not frozen
    return forms or (is_published and (role in MEMBER_ROLES or role == "site_admin"))


@pytest.mark.parametrize("is_published", [False, True])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, action, is_published):
    user = person(request, role)
    fresh = edition_at(edition, status)
    session = SessionFactory(edition=fresh)
    if is_published:
        CreativeSession.objects.filter(pk=session.pk).update(published_at="2018-09-20T10:00Z")
        session.refresh_from_db()
    target = fresh if action in ("view_sessions", "add_session") else session

    assert user.has_perm(f"teams.{action}", target) is expected(
        role, status, action, is_published=is_published
    )


def test_only_the_team_and_facilitators_edit_a_canvas(request, edition):
    session = SessionFactory(edition=edition, published_at="2018-09-20T10:00Z")
    participant = person(request, "participant")
    canvas = CanvasFactory(team__session=session)
    TeamMemberFactory(team=canvas.team, user=participant)
    other_team = CanvasFactory(team__session=session)
    may_not = [person(request, role) for role in ("reviewer", "speaker", "partner", "outsider")]

    assert participant.has_perm("teams.change_canvas", canvas)
    assert not participant.has_perm("teams.change_canvas", other_team)
    assert person(request, "facilitator").has_perm("teams.change_canvas", other_team)
    assert [user.has_perm("teams.change_canvas", canvas) for user in may_not] == [False] * 4


def test_a_team_member_may_not_edit_before_publication_or_after_the_report(request, edition):
    session = SessionFactory(edition=edition)
    participant = person(request, "participant")
    canvas = CanvasFactory(team__session=session)
    TeamMemberFactory(team=canvas.team, user=participant)

    assert not participant.has_perm("teams.change_canvas", canvas)
    CreativeSession.objects.filter(pk=session.pk).update(published_at="2018-09-20T10:00Z")
    edition_at(edition, "report_published")
    frozen = type(canvas).objects.select_related("team__session__edition").get(pk=canvas.pk)
    assert not participant.has_perm("teams.change_canvas", frozen)
