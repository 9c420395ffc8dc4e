"""The pages from each side: facilitators set up, form, move and publish without script;
participants see their team and edit their canvas; who may not act is refused and writes nothing."""

import pytest

from impactdays.forums.links import edition_url
from impactdays.teams.models import (
    Canvas,
    CreativeSession,
    FormationRun,
    Pair,
    Participant,
    Team,
    TeamMember,
    Topic,
)
from tests.permissions import snapshot
from tests.teams.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _url(name, session, **kwargs):
    return edition_url(f"teams:{name}", session.edition, pk=session.pk, **kwargs)


def test_a_facilitator_sets_up_and_forms_the_teams_without_script(
    client, facilitator, session, people, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    page = client.get(_url("session-setup", session))
    assert "Yes: 6 people into 2 teams." in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("run-start", session), {"seed": "11"})

    assert response.status_code == 302
    assert FormationRun.objects.get().status == FormationRun.Status.DONE
    board = client.get(_url("formation", session)).content.decode()
    assert "Diversity of the session:" in board
    assert "a random split:" in board


def test_setup_explains_bounds_that_cannot_hold(client, facilitator, session, people):
    CreativeSession.objects.filter(pk=session.pk).update(min_team_size=5, max_team_size=5)
    client.force_login(facilitator)

    page = client.get(_url("session-setup", session)).content.decode()

    assert "6 people cannot fill 2 teams of at least 5" in page


def test_a_move_without_script_redirects_and_a_stale_one_says_why(
    client, facilitator, session, people, formed
):
    client.force_login(facilitator)
    version = session.version
    data = {"user": people[0].pk, "team": formed[1].pk, "version": version}

    first = client.post(_url("member-move", session), data)
    second = client.post(
        _url("member-move", session),
        {"user": people[1].pk, "team": formed[1].pk, "version": version},
        follow=True,
    )

    assert first.status_code == 302
    assert TeamMember.objects.get(user=people[0]).team == formed[1]
    assert TeamMember.objects.get(user=people[1]).team == formed[0]
    assert "Another facilitator changed the teams" in second.content.decode()


def test_the_board_answers_the_script_with_the_new_score(
    client, facilitator, session, people, formed
):
    client.force_login(facilitator)

    response = client.post(
        _url("member-swap", session),
        {"first": people[0].pk, "second": people[4].pk, "version": session.version},
        headers={"X-Board": "1"},
    )
    stale = client.post(
        _url("member-swap", session),
        {"first": people[1].pk, "second": people[5].pk, "version": session.version},
        headers={"X-Board": "1"},
    )

    assert response.status_code == 200
    assert "are both from Beta" in response.content.decode()
    assert stale.status_code == 409
    assert "Another facilitator changed the teams" in stale.content.decode()


@pytest.mark.parametrize("role", ["participant", "speaker", "reviewer", "partner", "outsider"])
def test_only_facilitators_and_organisers_change_teams(
    request, client, role, session, people, formed
):
    client.force_login(request.getfixturevalue(role))
    before = snapshot(TeamMember, Team, CreativeSession, FormationRun, Topic, Participant, Pair)

    responses = [
        client.post(
            _url("member-move", session),
            {"user": people[0].pk, "team": formed[1].pk, "version": session.version},
        ),
        client.post(_url("run-start", session)),
        client.post(_url("publish", session), {"version": session.version}),
        client.post(_url("team-lock", session, team_pk=formed[0].pk), {"lock": "1"}),
        client.get(_url("formation", session)),
        client.get(_url("session-setup", session)),
        client.post(_url("topic-add", session), {"title_en": "Mine"}),
        client.post(_url("checkin", session), {"present": [people[0].pk]}),
        client.post(
            _url("pair-add", session),
            {"first": people[0].pk, "second": people[1].pk, "kind": "apart"},
        ),
        client.post(_url("participants-import", session)),
    ]

    assert [response.status_code for response in responses] == [403] * 10
    assert (
        snapshot(TeamMember, Team, CreativeSession, FormationRun, Topic, Participant, Pair)
        == before
    )


def test_an_anonymous_visitor_is_sent_to_sign_in(client, session, formed):
    response = client.post(_url("publish", session), {"version": session.version})

    assert response.status_code in (302, 403)
    assert not CreativeSession.objects.get(pk=session.pk).is_published


def test_a_member_sees_their_team_and_saves_the_canvas_without_script(
    client, session, people, published
):
    client.force_login(people[0])
    team = published[0]

    overview = client.get(edition_url("teams:session-list", session.edition)).content.decode()
    response = client.post(
        edition_url("teams:canvas-save", session.edition, team_pk=team.pk),
        {"version": 0, "problem": "Courtyards stand empty", "idea": "Neighbours' festivals"},
    )

    assert "You are in Team 1." in overview
    assert response.status_code == 302
    assert Canvas.objects.get(team=team).sections["idea"] == "Neighbours' festivals"
    history = client.get(edition_url("teams:canvas-history", session.edition, team_pk=team.pk))
    assert "Neighbours&#x27; festivals" in history.content.decode()


def test_autosave_answers_json_and_refuses_a_stale_version(client, session, people, published):
    client.force_login(people[0])
    url = edition_url("teams:canvas-save", session.edition, team_pk=published[0].pk)

    saved = client.post(url, {"version": 0, "problem": "A"}, headers={"X-Autosave": "1"})
    stale = client.post(url, {"version": 0, "problem": "B"}, headers={"X-Autosave": "1"})

    assert saved.json() == {"version": 1, "message": "Saved."}
    assert stale.status_code == 409
    assert "Someone else saved the canvas" in stale.json()["error"]


def test_a_member_of_another_team_may_not_edit_the_canvas(client, session, people, published):
    client.force_login(people[3])
    url = edition_url("teams:canvas-save", session.edition, team_pk=published[0].pk)
    before = snapshot(Canvas)

    response = client.post(url, {"version": 0, "problem": "Not mine"})

    assert response.status_code == 403
    assert snapshot(Canvas) == before


def test_an_outsider_sees_no_team_and_may_not_comment(client, outsider, session, published):
    client.force_login(outsider)
    team = published[0]

    page = client.get(edition_url("teams:team-detail", session.edition, team_pk=team.pk))
    comment = client.post(
        edition_url("teams:comment-add", session.edition, team_pk=team.pk), {"body": "Hello"}
    )

    assert page.status_code == 403
    assert comment.status_code == 403


def test_a_session_of_another_edition_is_not_found(client, organiser, session):
    other = SessionFactory()
    client.force_login(organiser)

    response = client.get(edition_url("teams:session-setup", session.edition, pk=other.pk))

    assert response.status_code == 404


def test_a_participant_ranks_the_topics(client, participant, session):
    topics = list(session.topics.all())
    client.force_login(participant)
    url = edition_url("teams:ranking", session.edition, pk=session.pk)

    clash = client.post(url, {f"topic_{topics[0].pk}": "1", f"topic_{topics[1].pk}": "1"})
    saved = client.post(url, {f"topic_{topics[0].pk}": "2", f"topic_{topics[1].pk}": "1"})

    assert "Give each rank to one topic only." in clash.content.decode()
    assert saved.status_code == 302
    assert session.participants.get(user=participant).ranking == [topics[1].pk, topics[0].pk]


def test_an_outsider_may_not_rank_the_topics(client, outsider, session):
    client.force_login(outsider)

    response = client.get(edition_url("teams:ranking", session.edition, pk=session.pk))

    assert response.status_code == 403
    assert not session.participants.filter(user=outsider).exists()


def test_a_facilitator_saves_the_weights_and_rules(client, facilitator, session):
    client.force_login(facilitator)

    response = client.post(
        _url("session-setup", session),
        {
            "title_en": "Courtyards",
            "min_team_size": "3",
            "max_team_size": "5",
            "preference": "hard",
            "accepted_choices": "2",
            "seconds": "2",
            "weight_country": "2",
            "weight_sector": "0",
            "weight_organisation": "1",
            "weight_languages": "0.5",
        },
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert session.weights == {
        "country": 2.0,
        "sector": 0.0,
        "organisation": 1.0,
        "languages": 0.5,
    }
    assert (session.preference, session.accepted_choices, session.organisations_apart) == (
        "hard",
        2,
        False,
    )
