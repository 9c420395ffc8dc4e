"""A call opened through the service on the personas' edition, with the default format's questions."""

import datetime as dt

import pytest
from django.utils import timezone

from impactdays.applications.models import Call
from impactdays.applications.services import call_create
from impactdays.forums.models import Edition

COMPLETE_ANSWERS = {
    "motivation": "To learn how other cities open their courtyards.",
    "experience": "A repair café in Tbilisi.",
    "alumni": "no",
    "country": "GE",
    "sector": "civil_society",
    "language": "ka",
    "consent": True,
}


@pytest.fixture
def call(edition: Edition) -> Call:
    now = timezone.now()
    return call_create(
        edition=edition,
        title="Call for participants",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        seats=40,
        actor=None,
    )


@pytest.fixture
def answers() -> dict[str, object]:
    return dict(COMPLETE_ANSWERS)
