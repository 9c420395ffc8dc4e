"""A small programme on the personas' edition: two rooms, a speaker, three sessions."""

import datetime as dt

import pytest

from impactdays.forums.models import Edition, Room
from impactdays.programme.models import Session, Speaker
from tests.forums.factories import RoomFactory, VenueFactory
from tests.programme.factories import MOSCOW, SessionFactory, SpeakerFactory


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time on October `day`, 2018, in Yaroslavl (the edition's time zone)."""
    return dt.datetime(2018, 10, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def rooms(edition: Edition) -> list[Room]:
    venue = VenueFactory(edition=edition, name="Great Manufactory")
    return [
        RoomFactory(venue=venue, name="Hall", capacity=120),
        RoomFactory(venue=venue, name="Workshop", capacity=20),
    ]


@pytest.fixture
def guest_speaker(edition: Edition) -> Speaker:
    return SpeakerFactory(edition=edition, name="Andreas Heinecke")


@pytest.fixture
def sessions(edition: Edition, rooms: list[Room], guest_speaker: Speaker) -> list[Session]:
    keynote = SessionFactory(
        edition=edition,
        kind=Session.Kind.KEYNOTE,
        title_en="Dialogue in the Dark",
        starts_at=at(5, 10),
        ends_at=at(5, 11),
        room=rooms[0],
        track="Inclusion",
    )
    keynote.speakers.set([guest_speaker])
    return [
        keynote,
        SessionFactory(
            edition=edition,
            kind=Session.Kind.BREAKFAST,
            title_en="Social Impact Breakfast",
            starts_at=at(5, 8, 30),
            ends_at=at(5, 9, 30),
            room=rooms[1],
            languages=["ru"],
        ),
        SessionFactory(
            edition=edition,
            kind=Session.Kind.SITE_VISIT,
            title_en="Great Manufactory walk",
            starts_at=at(6, 14),
            ends_at=at(6, 16),
            place="Great Manufactory gate",
            latitude=57.61,
            longitude=39.88,
        ),
    ]
