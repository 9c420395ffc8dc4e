"""Creative sessions linked to the programme and to challenges: a session takes place in a
programme session of kind "creative session" of its edition, its topics are the edition's
challenges, and published teams appear in their members' programme agenda and calendar feed.
Who may not act is refused, and another edition's objects are refused with a clear error."""

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from impactdays.challenges.models import Challenge
from impactdays.forums.links import edition_url
from impactdays.programme import services as programme_services
from impactdays.programme.models import Session as ProgrammeSession
from impactdays.teams import services
from impactdays.teams.models import CreativeSession, Topic
from tests.challenges.factories import ChallengeFactory
from tests.permissions import snapshot
from tests.programme.factories import SessionFactory as ProgrammeSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(edition):
    return ProgrammeSessionFactory(
        edition=edition, kind=ProgrammeSession.Kind.CREATIVE_SESSION, title_en="Courtyard lab"
    )


@pytest.fixture
def challenge(edition):
    return ChallengeFactory(edition=edition, title="How might we open the courtyards?")


def _url(name, session, **kwargs):
    return edition_url(f"teams:{name}", session.edition, pk=session.pk, **kwargs)


# The programme session.


def test_a_session_takes_place_in_a_creative_session_of_the_programme(session, workshop):
    services.session_update(session=session, values={"programme_session": workshop}, actor=None)

    assert CreativeSession.objects.get(pk=session.pk).programme_session == workshop
    assert list(workshop.creative_sessions.all()) == [session]


def test_a_programme_session_of_another_edition_is_refused(session):
    elsewhere = ProgrammeSessionFactory(kind=ProgrammeSession.Kind.CREATIVE_SESSION)

    with pytest.raises(ValidationError) as error:
        services.session_update(
            session=session, values={"programme_session": elsewhere}, actor=None
        )

    assert error.value.message_dict == {
        "programme_session": ["Choose a session of this edition's programme."]
    }
    assert CreativeSession.objects.get(pk=session.pk).programme_session is None


def test_a_programme_session_of_another_kind_is_refused(edition):
    keynote = ProgrammeSessionFactory(edition=edition, kind=ProgrammeSession.Kind.KEYNOTE)

    with pytest.raises(ValidationError) as error:
        services.session_create(edition=edition, title="Lab", programme_session=keynote, actor=None)

    assert "programme_session" in error.value.message_dict
    assert not CreativeSession.objects.exists()


def _setup_form(**fields):
    return {
        "title_en": "Courtyards",
        "min_team_size": "3",
        "max_team_size": "5",
        "preference": "ignore",
        "accepted_choices": "1",
        "seconds": "2",
        **fields,
    }


def test_the_setup_form_offers_the_editions_creative_sessions_only(
    client, facilitator, session, workshop
):
    ProgrammeSessionFactory(edition=session.edition, title_en="A keynote, not a workshop")
    elsewhere = ProgrammeSessionFactory(
        kind=ProgrammeSession.Kind.CREATIVE_SESSION, title_en="Another forum's lab"
    )
    client.force_login(facilitator)

    page = client.get(_url("session-setup", session)).content.decode()
    assert "Courtyard lab" in page
    assert "A keynote, not a workshop" not in page
    assert "Another forum's lab" not in page

    refused = client.post(
        _url("session-setup", session), _setup_form(programme_session=elsewhere.pk)
    )
    assert refused.status_code == 200
    assert CreativeSession.objects.get(pk=session.pk).programme_session is None

    saved = client.post(_url("session-setup", session), _setup_form(programme_session=workshop.pk))
    assert saved.status_code == 302
    assert CreativeSession.objects.get(pk=session.pk).programme_session == workshop


def test_a_participant_may_not_link_the_session(client, participant, session, workshop):
    client.force_login(participant)

    response = client.post(
        _url("session-setup", session), _setup_form(programme_session=workshop.pk)
    )

    assert response.status_code == 403
    assert CreativeSession.objects.get(pk=session.pk).programme_session is None


# Challenges as topics.


def test_a_challenge_becomes_a_topic_with_its_title(session, challenge):
    topic = services.topic_add_challenge(session=session, challenge=challenge, actor=None)

    assert topic.challenge == challenge
    assert topic.title == "How might we open the courtyards?"
    assert list(challenge.topics.all()) == [topic]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda edition: ChallengeFactory(), "Choose a challenge of this edition."),
        (
            lambda edition: ChallengeFactory(edition=edition, status=Challenge.Status.PROPOSED),
            "Only an accepted challenge can be a topic of a session.",
        ),
        (
            lambda edition: ChallengeFactory(edition=edition, is_hidden=True),
            "Only an accepted challenge can be a topic of a session.",
        ),
    ],
    ids=["another-edition", "proposed", "hidden"],
)
def test_a_challenge_that_cannot_be_a_topic_is_refused(session, make, message):
    refused = make(session.edition)
    before = snapshot(Topic)

    with pytest.raises(ValidationError) as error:
        services.topic_add_challenge(session=session, challenge=refused, actor=None)

    assert error.value.message_dict == {"challenge": [message]}
    assert snapshot(Topic) == before


def test_a_challenge_is_a_topic_of_a_session_once(session, challenge):
    services.topic_add_challenge(session=session, challenge=challenge, actor=None)

    with pytest.raises(ValidationError) as error:
        services.topic_add_challenge(session=session, challenge=challenge, actor=None)

    assert error.value.message_dict == {
        "challenge": ["This challenge is already a topic of the session."]
    }
    assert session.topics.filter(challenge=challenge).count() == 1


def test_setup_offers_the_challenges_when_the_edition_has_some(
    client, facilitator, session, challenge
):
    ChallengeFactory(
        edition=session.edition, status=Challenge.Status.PROPOSED, title="Proposed only"
    )
    client.force_login(facilitator)

    page = client.get(_url("session-setup", session)).content.decode()
    assert "How might we open the courtyards?" in page
    assert "Proposed only" not in page
    assert "Add the challenge" in page
    assert "Add the topic" not in page

    response = client.post(_url("topic-add", session), {"challenge": challenge.pk})
    assert response.status_code == 302
    assert session.topics.get(challenge=challenge).title == challenge.title


def test_setup_keeps_free_topics_for_an_edition_without_challenges(client, facilitator, session):
    client.force_login(facilitator)

    page = client.get(_url("session-setup", session)).content.decode()
    assert "Add the topic" in page
    assert "Add the challenge" not in page


def test_the_topic_form_refuses_another_editions_challenge(client, facilitator, session, challenge):
    elsewhere = ChallengeFactory()
    client.force_login(facilitator)
    before = snapshot(Topic)

    response = client.post(_url("topic-add", session), {"challenge": elsewhere.pk}, follow=True)

    assert "Choose one of this edition&#x27;s challenges." in response.content.decode()
    assert snapshot(Topic) == before


def test_a_participant_may_not_add_a_challenge_topic(client, participant, session, challenge):
    client.force_login(participant)
    before = snapshot(Topic)

    response = client.post(_url("topic-add", session), {"challenge": challenge.pk})

    assert response.status_code == 403
    assert snapshot(Topic) == before


def test_the_api_names_the_programme_session_and_the_topics_challenges(
    anonymous_api, session, workshop, challenge
):
    services.session_update(session=session, values={"programme_session": workshop}, actor=None)
    topic = services.topic_add_challenge(session=session, challenge=challenge, actor=None)

    response = anonymous_api.get(f"/editions/{session.edition_id}/creative-sessions")

    assert response.status_code == 200
    (listed,) = response.json()
    assert listed["programme_session"] == workshop.pk
    assert {"id": topic.pk, "title": challenge.title, "challenge": challenge.pk} in listed["topics"]
    assert all(t["challenge"] is None for t in listed["topics"] if t["id"] != topic.pk)


# The agenda.


@pytest.fixture
def linked(session, workshop, organiser):
    services.session_update(session=session, values={"programme_session": workshop}, actor=None)
    programme_services.schedule_publish(edition=session.edition, actor=organiser)
    return workshop


def _agenda(client, user, edition):
    client.force_login(user)
    return client.get(edition_url("programme:agenda", edition)).content.decode()


def test_a_published_team_appears_in_its_members_agenda_and_feed(
    client, session, people, published, linked
):
    page = _agenda(client, people[0], session.edition)

    assert "Courtyard lab" in page
    assert "Your team: Team 1 · Courtyards" in page

    link = programme_services.agenda_link_create(edition=session.edition, user=people[0])
    feed = client.get(reverse("programme:agenda-feed", kwargs={"token": link.token}))
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Courtyard lab"
    assert str(event["description"]).startswith("Your team: Team 1 · Courtyards")


def test_unpublished_teams_stay_out_of_the_agenda(client, session, people, formed, linked):
    assert "Courtyard lab" not in _agenda(client, people[0], session.edition)


def test_someone_without_a_team_does_not_get_the_session(
    client, session, participant, published, linked
):
    assert "Courtyard lab" not in _agenda(client, participant, session.edition)


def test_the_teams_page_links_to_the_programme_session(client, session, people, published, linked):
    client.force_login(people[0])

    page = client.get(_url("session-detail", session)).content.decode()

    programme_url = edition_url("programme:session-detail", session.edition, pk=linked.pk)
    assert f'href="{programme_url}"' in page
    assert "Courtyard lab" in page
