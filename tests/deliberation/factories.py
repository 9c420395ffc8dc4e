"""One factory per deliberation model: an open, post-moderated conversation for participants."""

import factory
from django.utils import timezone

from impactdays.deliberation.models import Conversation, Statement, Vote, Voter
from tests.forums.factories import EditionFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    edition = factory.SubFactory(EditionFactory)
    topic = factory.Sequence(lambda n: f"Conversation {n}")
    description = "What should the city do with its courtyards?"


class VoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voter

    conversation = factory.SubFactory(ConversationFactory)
    number = factory.Sequence(lambda n: n)
    browser_key = factory.Sequence(lambda n: f"browser-{n}")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    conversation = factory.SubFactory(ConversationFactory)
    number = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Statement number {n}")
    moderation = Statement.Moderation.ACCEPTED


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    statement = factory.SubFactory(StatementFactory)
    conversation = factory.SelfAttribute("statement.conversation")
    voter = factory.SubFactory(VoterFactory, conversation=factory.SelfAttribute("..conversation"))
    value = 1
    voted_at = factory.LazyFunction(timezone.now)
