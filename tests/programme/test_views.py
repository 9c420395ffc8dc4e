"""The public timetable, session and speaker pages, the agenda, and the organisers' editor."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impactdays.forums.links import edition_url
from impactdays.programme import services
from impactdays.programme.models import ScheduleVersion, Session, Speaker, Star
from tests.forums.factories import RoomFactory, VenueFactory
from tests.programme.conftest import at
from tests.programme.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _programme(edition, organiser, size: int) -> None:
    venue = VenueFactory(edition=edition)
    rooms = [RoomFactory(venue=venue) for _ in range(5)]
    speakers = [SpeakerFactory(edition=edition) for _ in range(10)]
    for n in range(size):
        session = SessionFactory(
            edition=edition,
            room=rooms[n % 5],
            starts_at=at(5 + n % 3, 9) + dt.timedelta(hours=n // 15),
            ends_at=at(5 + n % 3, 10) + dt.timedelta(hours=n // 15),
            track=f"Track {n % 4}",
        )
        session.speakers.set([speakers[n % 10]])
    services.schedule_publish(edition=edition, actor=organiser)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("as_participant", [False, True])
def test_timetable_costs_the_same_queries_whatever_the_programme_size(
    client, edition, organiser, participant, draft_edition, as_participant
):
    if as_participant:
        client.force_login(participant)
    _programme(edition, organiser, 3)
    small = _queries(client, edition_url("programme:timetable", edition))
    ScheduleVersion.objects.all().delete()
    _programme(edition, organiser, 60)

    large = _queries(client, edition_url("programme:timetable", edition))

    assert large == small
    assert small <= 8


def test_timetable_shows_a_grid_and_a_list_and_filters(client, edition, organiser, sessions):
    services.schedule_publish(edition=edition, actor=organiser)
    url = edition_url("programme:timetable", edition)

    page = client.get(url).content.decode()
    assert 'class="programme-grid"' in page
    assert 'class="programme-list programme-list-day"' in page
    assert page.count("Dialogue in the Dark</a>") == 2  # once in the grid, once in the list
    # Times in the edition's time zone (Moscow), not the server's (UTC).
    assert '<time datetime="2018-10-05T10:00:00+03:00">10:00</time>' in page

    filtered = client.get(url, {"kind": "breakfast"}).content.decode()
    assert "Social Impact Breakfast" in filtered
    assert "Dialogue in the Dark" not in filtered
    assert "Dialogue in the Dark" in client.get(url, {"track": "Inclusion"}).content.decode()
    assert "Social Impact Breakfast" in client.get(url, {"language": "ru"}).content.decode()
    assert "Dialogue in the Dark" not in client.get(url, {"language": "ru"}).content.decode()


def test_session_and_speaker_pages(client, edition, organiser, sessions, guest_speaker):
    services.schedule_publish(edition=edition, actor=organiser)

    session_page = client.get(edition_url("programme:session-detail", edition, pk=sessions[0].pk))
    speaker_page = client.get(edition_url("programme:speaker-detail", edition, pk=guest_speaker.pk))

    assert "<em>short</em>" in session_page.content.decode()
    assert "Andreas Heinecke" in session_page.content.decode()
    assert "Dialogue in the Dark" in speaker_page.content.decode()
    assert client.get(edition_url("programme:session-detail", edition, pk=99999)).status_code == 404


def test_a_draft_editions_programme_is_hidden(client, draft_edition, organiser, participant):
    SessionFactory(edition=draft_edition, title_en="Secret session")
    services.schedule_publish(edition=draft_edition, actor=organiser)
    client.force_login(participant)

    assert client.get(edition_url("programme:timetable", draft_edition)).status_code == 404
    assert client.get(edition_url("programme:schedule-json", draft_edition)).status_code == 404


def test_starring_adds_to_the_agenda_of_the_person_only(
    client, edition, organiser, participant, facilitator, sessions
):
    services.schedule_publish(edition=edition, actor=organiser)
    client.force_login(participant)

    client.post(edition_url("programme:star-toggle", edition, pk=sessions[0].pk), {"starred": "1"})

    assert list(Star.objects.values_list("user", "session")) == [(participant.pk, sessions[0].pk)]
    page = client.get(edition_url("programme:agenda", edition)).content.decode()
    assert "Dialogue in the Dark" in page
    assert "Social Impact Breakfast" not in page
    client.force_login(facilitator)
    assert (
        "Dialogue in the Dark"
        not in client.get(edition_url("programme:agenda", edition)).content.decode()
    )


def test_anonymous_visitor_cannot_star_or_keep_an_agenda(client, edition, sessions):
    response = client.post(
        edition_url("programme:star-toggle", edition, pk=sessions[0].pk), {"starred": "1"}
    )

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Star.objects.count() == 0


# The editor.


def test_editor_lists_sessions_and_warnings_for_organisers(client, edition, organiser, sessions):
    SessionFactory(edition=edition, title_en="Too late", starts_at=at(20, 9), ends_at=at(20, 10))
    client.force_login(organiser)

    page = client.get(edition_url("programme:editor", edition)).content.decode()

    assert "Dialogue in the Dark" in page
    assert "“Too late” is outside the edition&#x27;s dates." in page


@pytest.mark.parametrize("role", ["participant", "speaker", "facilitator", "outsider"])
def test_only_organisers_edit(request, client, edition, sessions, role):
    client.force_login(request.getfixturevalue(role))
    before = list(Session.objects.order_by("pk").values())

    responses = [
        client.get(edition_url("programme:editor", edition)),
        client.post(edition_url("programme:session-create", edition), {"title_en": "Hijack"}),
        client.post(edition_url("programme:session-delete", edition, pk=sessions[0].pk)),
        client.post(edition_url("programme:schedule-publish", edition)),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    assert list(Session.objects.order_by("pk").values()) == before
    assert ScheduleVersion.objects.count() == 0


def _form(rooms, **overrides):
    data = {
        "kind": "talk",
        "title_en": "Courtyards",
        "title_ru": "Дворы",
        "description_en": "",
        "starts_at": "2018-10-05T15:00",
        "ends_at": "2018-10-05T16:00",
        "room": str(rooms[0].pk),
        "capacity": "30",
        "languages": ["en"],
        "tags": "heritage, urbanism",
        "materials": "Slides | https://example.org/slides",
    }
    return {**data, **overrides}


def test_editor_form_creates_a_session_in_the_editions_time_zone(client, edition, organiser, rooms):
    client.force_login(organiser)

    response = client.post(edition_url("programme:session-create", edition), _form(rooms))

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == at(5, 15)
    assert (session.title_en, session.title_ru) == ("Courtyards", "Дворы")
    assert session.materials == [{"title": "Slides", "url": "https://example.org/slides"}]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2018-10-05T14:00"}, "A session must end after it starts."),
        ({"capacity": "-5"}, "The capacity cannot be below zero."),
        ({"room": "999999"}, "Select a valid choice."),
    ],
)
def test_editor_form_shows_errors_and_saves_nothing(
    client, edition, organiser, rooms, overrides, message
):
    client.force_login(organiser)

    response = client.post(
        edition_url("programme:session-create", edition), _form(rooms, **overrides)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Session.objects.count() == 0


def test_editor_form_moves_a_session(client, edition, organiser, rooms, sessions):
    client.force_login(organiser)
    url = edition_url("programme:session-edit", edition, pk=sessions[0].pk)
    assert "Dialogue in the Dark" in client.get(url).content.decode()

    client.post(
        url,
        _form(
            rooms,
            title_en="Dialogue in the Dark",
            starts_at="2018-10-06T09:00",
            ends_at="2018-10-06T10:00",
        ),
    )

    sessions[0].refresh_from_db()
    assert sessions[0].starts_at == at(6, 9)


def test_publish_from_the_editor(client, edition, organiser, sessions):
    client.force_login(organiser)

    client.post(edition_url("programme:schedule-publish", edition), {"changelog": "First"})

    assert list(ScheduleVersion.objects.values_list("number", "changelog")) == [(1, "First")]


def test_organiser_adds_a_speaker_with_an_account(client, edition, organiser, speaker):
    client.force_login(organiser)

    response = client.post(
        edition_url("programme:speaker-create", edition),
        {"account": speaker.pk, "name": "Sergei", "bio_en": "Hosts discussions."},
    )

    assert response.status_code == 302
    added = Speaker.objects.get()
    assert (added.user, added.name, added.bio_en) == (speaker, "Sergei", "Hosts discussions.")


def test_speaker_form_refuses_an_account_outside_the_edition(client, edition, organiser, outsider):
    client.force_login(organiser)

    response = client.post(
        edition_url("programme:speaker-create", edition), {"account": outsider.pk, "name": "X"}
    )

    assert response.status_code == 200
    assert Speaker.objects.count() == 0
