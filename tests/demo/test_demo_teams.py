"""The demo's creative sessions: Yaroslavl 2018's sessions with published teams and canvases."""

import pytest

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
