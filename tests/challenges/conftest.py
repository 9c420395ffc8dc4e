"""The personas' edition (open call, so not archived) with a challenge, a place and a venue."""

import pytest

from impactdays.challenges.models import Challenge, Place
from impactdays.forums.models import Edition
from tests.challenges.factories import ChallengeFactory, PlaceFactory


@pytest.fixture
def challenge(edition: Edition) -> Challenge:
    return ChallengeFactory(edition=edition, title="How might we open the Great Manufactory?")


@pytest.fixture
def place(edition: Edition, challenge: Challenge) -> Place:
    place = PlaceFactory(edition=edition, name="Krasny Perekop square")
    place.challenges.add(challenge)
    return place
