"""The programme's services: sessions with their checks, speakers, publishing, stars, links."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactdays.programme import services
from impactdays.programme.models import AgendaLink, ScheduleVersion, Session, Speaker, Star
from impactdays.programme.selectors import agenda_link_by_token, programme_warnings
from tests.forums.factories import EditionFactory, RoomFactory
from tests.programme.conftest import at
from tests.programme.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _create(edition, organiser, **fields):
    values = {
        "kind": "talk",
        "title": {"en": "Open courtyards", "ru": "Открытые дворы"},
        "starts_at": at(5, 12),
        "ends_at": at(5, 13),
    }
    return services.session_create(edition=edition, actor=organiser, **{**values, **fields})


def test_session_create_stores_translations_speakers_and_materials(
    edition, organiser, rooms, guest_speaker
):
    session = _create(
        edition,
        organiser,
        room=rooms[0],
        speakers=[guest_speaker],
        tags=["Urbanism", "urbanism", " heritage "],
        materials=[{"title": "Slides", "url": "https://example.org/slides.pdf"}],
        languages=["en", "ru"],
        capacity=30,
    )

    session.refresh_from_db()
    assert (session.title_en, session.title_ru) == ("Open courtyards", "Открытые дворы")
    assert list(session.speakers.all()) == [guest_speaker]
    assert session.tags == ["urbanism", "heritage"]
    assert session.materials == [{"title": "Slides", "url": "https://example.org/slides.pdf"}]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"starts_at": at(5, 13), "ends_at": at(5, 12)},
            "ends_at",
            "A session must end after it starts.",
        ),
        (
            {"starts_at": at(5, 13), "ends_at": at(5, 13)},
            "ends_at",
            "A session must end after it starts.",
        ),
        ({"capacity": -1}, "capacity", "The capacity cannot be below zero."),
        ({"kind": "party"}, "kind", "This edition's format has no sessions of this kind."),
        (
            {"materials": [{"title": "x", "url": "javascript:alert(1)"}]},
            "__all__",
            "javascript:alert(1) is not a web address (http or https).",
        ),
    ],
)
def test_session_create_refuses_bad_input_and_saves_nothing(
    edition, organiser, fields, field, message
):
    with pytest.raises(ValidationError) as error:
        _create(edition, organiser, **fields)

    messages = (
        error.value.message_dict.get(field)
        if hasattr(error.value, "error_dict")
        else error.value.messages
    )
    assert message in messages
    assert Session.objects.count() == 0


def test_session_create_refuses_a_room_of_another_edition(edition, organiser):
    foreign_room = RoomFactory(venue__edition=EditionFactory())

    with pytest.raises(ValidationError) as error:
        _create(edition, organiser, room=foreign_room)

    assert error.value.message_dict["room"] == ["This room is not one of this edition's."]
    assert Session.objects.count() == 0


def test_session_create_refuses_a_booked_room_unless_the_clash_is_confirmed(
    edition, organiser, sessions, rooms
):
    with pytest.raises(ValidationError) as error:
        _create(edition, organiser, room=rooms[0], starts_at=at(5, 10, 30), ends_at=at(5, 12))

    assert "Hall is already booked then for “Dialogue in the Dark”" in error.value.messages[0]
    assert Session.objects.count() == 3

    _create(
        edition, organiser, room=rooms[0], starts_at=at(5, 10, 30), ends_at=at(5, 12),
        allow_room_clash=True,
    )  # fmt: skip

    assert Session.objects.count() == 4
    assert [w.message for w in programme_warnings(edition)] == [
        "Hall holds “Dialogue in the Dark” and “Open courtyards” at the same time."
    ]


def test_session_update_moves_and_leaves_the_row_unchanged_on_error(edition, organiser, sessions):
    keynote = sessions[0]

    services.session_update(
        session=keynote, actor=organiser, starts_at=at(5, 15), ends_at=at(5, 16)
    )
    keynote.refresh_from_db()
    assert (keynote.starts_at, keynote.ends_at) == (at(5, 15), at(5, 16))

    with pytest.raises(ValidationError):
        services.session_update(session=keynote, actor=organiser, ends_at=at(5, 14))

    keynote.refresh_from_db()
    assert keynote.ends_at == at(5, 16)


def test_programme_warnings_name_speaker_clashes_dates_and_capacity(
    edition, organiser, sessions, rooms, guest_speaker
):
    _create(
        edition, organiser, speakers=[guest_speaker], starts_at=at(5, 10, 30), ends_at=at(5, 11, 30)
    )
    _create(edition, organiser, title="Too early", starts_at=at(1, 10), ends_at=at(1, 11))
    _create(
        edition,
        organiser,
        title="Crowded",
        room=rooms[1],
        capacity=50,
        starts_at=at(6, 9),
        ends_at=at(6, 10),
    )

    assert sorted(w.message for w in programme_warnings(edition)) == sorted(
        [
            "In two places at once: Andreas Heinecke, in “Dialogue in the Dark” and “Open courtyards”.",
            "“Too early” is outside the edition's dates.",
            "“Crowded” has 50 seats; Workshop holds 20.",
        ]
    )


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG", pnginfo=None)
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_speaker_create_keeps_a_clean_photo_and_a_translated_bio(edition, organiser):
    speaker = services.speaker_create(
        edition=edition,
        actor=organiser,
        name="Andreas Heinecke",
        bio={"en": "Founder of Dialogue in the Dark.", "de": "Gründer von Dialog im Dunkeln."},
        photo=_png(),
    )

    speaker.refresh_from_db()
    assert speaker.bio_de == "Gründer von Dialog im Dunkeln."
    assert speaker.photo.name.startswith(f"speakers/{edition.pk}/")
    with Image.open(speaker.photo) as image:
        assert image.size == (40, 30)


def test_speaker_create_refuses_a_file_that_is_no_image(edition, organiser):
    with pytest.raises(ValidationError):
        services.speaker_create(
            edition=edition,
            actor=organiser,
            name="Guest",
            photo=SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        )

    assert Speaker.objects.count() == 0


def test_markdown_description_is_sanitised_in_the_published_version(edition, organiser):
    _create(
        edition,
        organiser,
        description="**Bold** <script>alert(1)</script> [link](javascript:alert(1)) [ok](https://example.org)",
    )

    version = services.schedule_publish(edition=edition, actor=organiser)

    html = version.data["sessions"][0]["description_html"]["en"]
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in html


def test_schedule_publish_numbers_versions_and_records_changes(edition, organiser, sessions):
    first = services.schedule_publish(edition=edition, actor=organiser, changelog="First")
    services.session_update(
        session=sessions[0], actor=organiser, starts_at=at(5, 11), ends_at=at(5, 12)
    )
    services.session_update(session=sessions[1], actor=organiser, title="Breakfast, with coffee")
    removed = sessions[2].pk
    services.session_delete(session=sessions[2], actor=organiser)
    added = _create(edition, organiser)

    second = services.schedule_publish(edition=edition, actor=organiser, changelog="Keynote moved")

    assert (first.number, second.number) == (1, 2)
    assert second.changes == {
        "added": [added.pk],
        "removed": [removed],
        "moved": [sessions[0].pk],
        "changed": [sessions[1].pk],
    }
    with pytest.raises(ValidationError, match="Nothing has changed since version 2"):
        services.schedule_publish(edition=edition, actor=organiser)
    assert ScheduleVersion.objects.count() == 2


def test_schedule_publish_notifies_only_people_whose_agenda_changed(
    edition, organiser, participant, facilitator, sessions, django_capture_on_commit_callbacks
):
    services.schedule_publish(edition=edition, actor=organiser)
    services.star_set(session=sessions[0], user=participant, is_starred=True)
    services.star_set(session=sessions[2], user=facilitator, is_starred=True)
    mail.outbox.clear()

    services.session_update(
        session=sessions[0], actor=organiser, starts_at=at(5, 12), ends_at=at(5, 13)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(
            edition=edition, actor=organiser, changelog="The keynote moves to noon."
        )

    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert "The keynote moves to noon." in mail.outbox[0].body


def test_agenda_link_revoked_is_not_found_and_a_new_one_replaces_it(edition, participant):
    first = services.agenda_link_create(edition=edition, user=participant)
    second = services.agenda_link_create(edition=edition, user=participant)

    assert agenda_link_by_token(first.token) is None
    assert agenda_link_by_token(second.token) == second

    services.agenda_link_revoke(edition=edition, user=participant)

    assert agenda_link_by_token(second.token) is None
    assert AgendaLink.objects.filter(revoked_at=None).count() == 0


def test_star_set_is_idempotent(sessions, participant):
    services.star_set(session=sessions[0], user=participant, is_starred=True)
    services.star_set(session=sessions[0], user=participant, is_starred=True)

    assert Star.objects.filter(user=participant).count() == 1

    services.star_set(session=sessions[0], user=participant, is_starred=False)

    assert Star.objects.filter(user=participant).count() == 0


def test_speaker_factory_builds(edition):
    assert SpeakerFactory(edition=edition).edition == edition
    assert SessionFactory(edition=edition).edition == edition


def test_personal_data_export_holds_the_persons_programme_data(edition, participant, sessions):
    from impactdays.people.personal_data import personal_data_of

    services.star_set(session=sessions[0], user=participant, is_starred=True)
    link = services.agenda_link_create(edition=edition, user=participant)

    data = personal_data_of(participant)["programme"]

    assert data["starred_sessions"] == [{"edition": edition.pk, "session": "Dialogue in the Dark"}]
    assert data["agenda_links"][0]["revoked_at"] is None
    assert link.token not in str(data)


def test_agenda_link_of_an_erased_account_stops_working(edition, participant):
    from impactdays.people.services import account_erase

    link = services.agenda_link_create(edition=edition, user=participant)

    account_erase(user=participant, actor=participant)

    assert agenda_link_by_token(link.token) is None
