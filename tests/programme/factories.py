"""One factory per programme model, with unsurprising defaults."""

import datetime as dt

import factory

from impactdays.programme.models import PreferenceRound, Session, Speaker
from tests.forums.factories import EditionFactory

MOSCOW = dt.timezone(dt.timedelta(hours=3))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    bio_en = "Works on inclusive cities."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    kind = Session.Kind.TALK
    title_en = factory.Sequence(lambda n: f"Session {n}")
    description_en = "A *short* description."
    starts_at = dt.datetime(2018, 10, 5, 10, 0, tzinfo=MOSCOW)
    ends_at = dt.datetime(2018, 10, 5, 11, 0, tzinfo=MOSCOW)
    languages = factory.LazyFunction(lambda: ["en"])


class PreferenceRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreferenceRound

    edition = factory.SubFactory(EditionFactory)
    title_en = factory.Sequence(lambda n: f"Round {n}")
