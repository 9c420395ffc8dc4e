"""One factory per decisions model, with unsurprising defaults: a draft decision, a planned
commitment due in a month."""

import datetime as dt

import factory
from django.utils import timezone

from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision, Evidence, Vote
from tests.forums.factories import EditionFactory
from tests.people.factories import UserFactory


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    text = "Open the courtyards of the Great Manufactory to neighbours on Saturdays."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    decision = factory.SubFactory(DecisionFactory)
    kind = Evidence.Kind.TEXT
    summary = "Most participants in the walk said the courtyards feel closed."


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    decision = factory.SubFactory(DecisionFactory)
    version = 1
    voter = factory.SubFactory(UserFactory)
    choice = Vote.Choice.AGREE


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    decision = factory.SubFactory(DecisionFactory, status=Decision.Status.ADOPTED)
    committer = factory.SubFactory(UserFactory)
    what = "Open the east courtyard every Saturday in summer."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class CommitmentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    author = factory.LazyAttribute(lambda update: update.commitment.committer)
    happened_on = factory.LazyFunction(timezone.localdate)
    text = "The first Saturday: 60 neighbours came."
