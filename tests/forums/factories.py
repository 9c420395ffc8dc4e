"""One factory per forums model, with unsurprising defaults."""

import datetime as dt

import factory

from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)
from tests.people.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.NGO
    country = "DE"
    city = "Berlin"


class ForumSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumSeries

    name = factory.Sequence(lambda n: f"Forum series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    series = factory.SubFactory(ForumSeriesFactory)
    title = factory.Sequence(lambda n: f"Edition {n}")
    slug = factory.Sequence(lambda n: f"edition-{n}")
    year = 2018
    theme = "Unlocking communities' potential"
    city = "Yaroslavl"
    country = "RU"
    latitude = 57.6261
    longitude = 39.8845
    starts_on = dt.date(2018, 10, 4)
    ends_on = dt.date(2018, 10, 7)
    time_zone = "Europe/Moscow"
    languages = factory.LazyFunction(lambda: ["en", "ru"])
    status = Edition.Status.OPEN_CALL


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "Krasny Pereyaslavl Square 1"
    latitude = 57.6114
    longitude = 39.8613


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 40


class EditionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionPartner

    edition = factory.SubFactory(EditionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = EditionPartner.Role.SUPPORTER


class EditionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionRole

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    role = EditionRole.Role.PARTICIPANT
