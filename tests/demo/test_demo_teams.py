"""The demo's creative sessions: Yaroslavl 2018's sessions with published teams and canvases."""

import pytest

from impactdays.forums.links import edition_url
from impactdays.programme.models import Session
from impactdays.teams.formation import session_scores
from impactdays.teams.models import Canvas, CanvasRevision, CreativeSession, TeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # the demo is for development machines; pytest-django turns DEBUG off


def test_demo_forms_and_publishes_yaroslavl_2018_teams_with_filled_canvases(demo_forum):
    sessions = CreativeSession.objects.filter(edition__year=2018)
    assert sessions.count() == 2
    for session in sessions:
        scores = session_scores(session)
        assert session.is_published
        assert all(5 <= len(row.members) <= 7 for row in scores.teams)
        assert all(row.breaks == [] for row in scores.teams)
        assert scores.diversity > scores.random_diversity
        present = session.participants.filter(is_present=True).count()
        assert TeamMember.objects.filter(session=session).count() == present >= 40
        assert scores.unplaced == []
    assert Canvas.objects.exclude(sections={}).count() == Canvas.objects.count() > 0
    assert CanvasRevision.objects.filter(version=2).exists()


def test_demo_sessions_take_place_in_the_programme_and_work_on_the_challenges(demo_forum):
    for session in CreativeSession.objects.filter(edition__year=2018):
        assert session.programme_session is not None
        assert session.programme_session.kind == Session.Kind.CREATIVE_SESSION
        assert session.programme_session.edition_id == session.edition_id
        topics = list(session.topics.select_related("challenge"))
        assert topics
        assert all(topic.challenge and topic.challenge.is_public for topic in topics)
        assert all(topic.challenge.edition_id == session.edition_id for topic in topics)


def test_a_demo_team_member_finds_the_creative_session_in_their_agenda(client, demo_forum):
    session = CreativeSession.objects.filter(edition__year=2018).order_by("starts_at").first()
    member = TeamMember.objects.filter(session=session).select_related("user", "team").first()
    client.force_login(member.user)

    page = client.get(edition_url("programme:agenda", session.edition)).content.decode()

    assert session.programme_session.title in page
    assert f"Your team: Team {member.team.number}" in page
