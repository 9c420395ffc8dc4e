"""The programme API: the published schedule as public as its edition; the caller's own agenda,
stars and ranking only."""

import pytest

from impactdays.programme import rounds, services
from impactdays.programme.models import Preference, Star
from tests.permissions import edition_at
from tests.programme.conftest import at
from tests.programme.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(edition, organiser, sessions):
    return services.schedule_publish(edition=edition, actor=organiser)


def test_anyone_reads_the_published_programme(anonymous_api, edition, published, sessions):
    body = anonymous_api.get(f"/editions/{edition.pk}/programme").json()

    assert body["version"] == 1
    assert [s["title"] for s in body["sessions"]] == [
        "Social Impact Breakfast",
        "Dialogue in the Dark",
        "Great Manufactory walk",
    ]
    assert body["speakers"][0]["name"] == "Andreas Heinecke"
    one = anonymous_api.get(f"/editions/{edition.pk}/programme/sessions/{sessions[2].pk}").json()
    assert one["place"] == "Great Manufactory gate"


def test_unpublished_and_draft_programmes_answer_404(anonymous_api, edition, organiser, sessions):
    assert anonymous_api.get(f"/editions/{edition.pk}/programme").status_code == 404

    services.schedule_publish(edition=edition, actor=organiser)
    edition_at(edition, "draft")

    assert anonymous_api.get(f"/editions/{edition.pk}/programme").status_code == 404


def test_star_and_agenda_are_the_callers_own(
    api_as, edition, participant, facilitator, published, sessions
):
    response = api_as(participant).put(
        f"/editions/{edition.pk}/programme/sessions/{sessions[0].pk}/star", {"starred": True}
    )

    assert response.json() == {"session_id": sessions[0].pk, "starred": True}
    assert api_as(participant).get(f"/editions/{edition.pk}/programme/agenda").json() == {
        "session_ids": [sessions[0].pk],
        "assigned_session_ids": [],
    }
    assert api_as(facilitator).get(f"/editions/{edition.pk}/programme/agenda").json() == {
        "session_ids": [],
        "assigned_session_ids": [],
    }


def test_star_refuses_a_string_for_a_boolean(api_as, edition, participant, published, sessions):
    response = api_as(participant).put(
        f"/editions/{edition.pk}/programme/sessions/{sessions[0].pk}/star", {"starred": "yes"}
    )

    assert response.status_code == 422
    assert Star.objects.count() == 0


def test_ranking_through_the_api_only_for_participants_while_open(
    api_as, edition, organiser, participant, facilitator
):
    workshops = [
        SessionFactory(edition=edition, starts_at=at(5, 14), ends_at=at(5, 16)) for _ in range(2)
    ]
    preference_round = rounds.round_create(
        edition=edition, actor=organiser, title="I", sessions=workshops
    )
    path = f"/editions/{edition.pk}/programme/rounds/{preference_round.pk}/ranking"
    ids = [workshops[1].pk, workshops[0].pk]

    closed = api_as(participant).put(path, {"session_ids": ids})
    rounds.round_move(preference_round=preference_round, actor=organiser, to="open")
    not_participant = api_as(facilitator).put(path, {"session_ids": ids})
    saved = api_as(participant).put(path, {"session_ids": ids})

    assert closed.status_code == 422
    assert not_participant.status_code == 403
    assert saved.json() == {"round_id": preference_round.pk, "session_ids": ids}
    assert list(Preference.objects.values_list("user", "session", "rank")) == [
        (participant.pk, workshops[1].pk, 1),
        (participant.pk, workshops[0].pk, 2),
    ]
