"""A session of the personas' edition with six people present from three organisations, two
topics, and (`formed`) two teams formed by hand; `published` publishes them."""

import pytest

from impactdays.forums.models import Edition
from impactdays.teams import services
from impactdays.teams.models import CreativeSession, Team, TeamMember
from tests.people.factories import UserFactory
from tests.teams.factories import ParticipantFactory, SessionFactory, TopicFactory

COUNTRIES = ["DE", "RU", "GE", "DE", "RU", "GE"]
ORGANISATIONS = ["Alpha", "Beta", "Gamma", "Alpha", "Beta", "Gamma"]


@pytest.fixture
def session(edition: Edition) -> CreativeSession:
    session = SessionFactory(edition=edition)
    TopicFactory(session=session, title="Courtyards")
    TopicFactory(session=session, title="River banks")
    return session


@pytest.fixture
def people(session):
    users = [
        UserFactory(display_name=f"Member {index}", country=country, organisation=organisation)
        for index, (country, organisation) in enumerate(zip(COUNTRIES, ORGANISATIONS, strict=True))
    ]
    for user in users:
        ParticipantFactory(session=session, user=user)
    return users


@pytest.fixture
def formed(session, people):
    """Team 1: members 0, 1, 2; team 2: members 3, 4, 5 (each organisation once per team)."""
    topics = list(session.topics.all())
    for number, chunk in ((1, people[:3]), (2, people[3:])):
        team = Team.objects.create(session=session, number=number, topic=topics[number - 1])
        for user in chunk:
            TeamMember.objects.create(team=team, session=session, user=user)
    return list(session.teams.order_by("number"))


@pytest.fixture
def published(session, formed):
    services.session_publish(session=session, version=None, actor=None)
    session.refresh_from_db()
    return formed
