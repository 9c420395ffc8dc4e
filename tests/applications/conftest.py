"""A call opened through the service on the personas' edition, with the default format's questions."""

import datetime as dt

import pytest
from django.utils import timezone

from impactdays.applications.models import Call
from impactdays.applications.services import call_create
from impactdays.forums.models import Edition
from tests.applications.factories import ApplicationFactory
from tests.permissions import edition_at

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


@pytest.fixture
def pool(call, answers):
    """Twelve applicants: eight from Georgia, four from Armenia; three half-finished drafts."""
    for index in range(12):
        ApplicationFactory(call=call, answers={**answers, "country": "GE" if index < 8 else "AM"})
    for _index in range(3):
        ApplicationFactory(call=call, status="draft", answers={"country": "AM"})
    type(call).objects.filter(pk=call.pk).update(seats=4)
    call.refresh_from_db()
    edition_at(call.edition, Edition.Status.SELECTION)
    return call


@pytest.fixture
def drawn(pool):
    """A run with two seats for Armenia and two for Georgia, drawn with seed 7."""
    from impactdays.applications import selection

    selection.quota_set(call=pool, category="country", value="AM", minimum=2, maximum=2, actor=None)
    selection.quota_set(call=pool, category="country", value="GE", minimum=2, maximum=2, actor=None)
    return selection.selection_run(call=pool, seed=7, actor=None)
