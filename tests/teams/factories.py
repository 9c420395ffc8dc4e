"""One factory per teams model, with unsurprising defaults: a session of teams of two to three."""

import factory

from impactdays.teams.models import Canvas, CreativeSession, Participant, Team, TeamMember, Topic
from tests.forums.factories import EditionFactory
from tests.people.factories import UserFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreativeSession

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Creative session {n}")
    min_team_size = 2
    max_team_size = 3
    seconds = 1


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")
    position = factory.Sequence(lambda n: n)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    is_present = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    session = factory.SubFactory(SessionFactory)
    number = factory.Sequence(lambda n: n + 1)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    session = factory.SelfAttribute("team.session")
    user = factory.SubFactory(UserFactory)


class CanvasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Canvas

    team = factory.SubFactory(TeamFactory)
