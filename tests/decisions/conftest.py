"""A decision of the personas' edition put to a consent poll open now, and participants to vote."""

import datetime as dt

import pytest
from django.utils import timezone

from impactdays.decisions.models import Decision
from impactdays.forums.models import Edition, EditionRole
from impactdays.people.models import User
from tests.decisions.factories import DecisionFactory
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import UserFactory


@pytest.fixture
def draft(edition: Edition) -> Decision:
    return DecisionFactory(edition=edition, title="Open the courtyards")


def open_poll(
    decision: Decision, *, kind: str = "consent", quorum: int = 50, threshold: int = 50
) -> Decision:
    """The decision moved straight to an open poll (no service: tests need polls in the past too)."""
    now = timezone.now()
    Decision.objects.filter(pk=decision.pk).update(
        status=Decision.Status.POLLING,
        poll_kind=kind,
        poll_opens_at=now - dt.timedelta(hours=1),
        poll_closes_at=now + dt.timedelta(hours=1),
        quorum_percent=quorum,
        threshold_percent=threshold,
    )
    return Decision.objects.get(pk=decision.pk)


@pytest.fixture
def polling(draft: Decision) -> Decision:
    return open_poll(draft)


@pytest.fixture
def voters(edition: Edition) -> list[User]:
    """Four participants besides the `participant` persona."""
    people = UserFactory.create_batch(4)
    for person in people:
        EditionRoleFactory(edition=edition, user=person, role=EditionRole.Role.PARTICIPANT)
    return people
