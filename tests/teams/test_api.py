"""The teams API: sessions as public as their edition, teams once published (facilitators
always), canvases written by their team's members only, with a 409 for a stale version."""

import pytest

from impactdays.teams.models import Canvas

pytestmark = pytest.mark.django_db


def test_anyone_who_sees_the_edition_lists_its_sessions(anonymous_api, session):
    body = anonymous_api.get(f"/editions/{session.edition_id}/creative-sessions").json()

    assert [item["title"] for item in body] == [session.title]
    assert [topic["title"] for topic in body[0]["topics"]] == ["Courtyards", "River banks"]


def test_unpublished_teams_are_hidden_except_from_facilitators(
    api_as, anonymous_api, facilitator, participant, session, formed
):
    path = f"/creative-sessions/{session.pk}/teams"

    assert anonymous_api.get(path).status_code == 404
    assert api_as(participant).get(path).status_code == 404
    teams = api_as(facilitator).get(path).json()
    assert [len(team["members"]) for team in teams] == [3, 3]


def test_a_member_writes_the_canvas_and_a_stale_write_is_refused(
    api_as, session, people, published
):
    api = api_as(people[0])
    path = f"/teams/{published[0].pk}/canvas"

    saved = api.put(path, {"version": 0, "problem": "Empty courtyards"})
    stale = api.put(path, {"version": 0, "problem": "Something else"})

    assert saved.status_code == 200
    assert saved.json()["sections"] == {"problem": "Empty courtyards"}
    assert stale.status_code == 409
    assert Canvas.objects.get(team=published[0]).sections == {"problem": "Empty courtyards"}


def test_a_member_of_another_team_may_not_write_the_canvas(api_as, session, people, published):
    reply = api_as(people[3]).put(f"/teams/{published[0].pk}/canvas", {"version": 0, "idea": "x"})

    assert reply.status_code == 403
    assert Canvas.objects.get(team=published[0]).sections == {}
