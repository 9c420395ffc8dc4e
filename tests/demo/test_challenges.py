"""The demo's challenges of Yaroslavl 2018: the Great Manufactory, places, about 60 observations,
a gallery; built again, nothing is duplicated."""

import pytest

from impactdays.challenges.models import Challenge, Observation, Photo, Place
from impactdays.forums.models import Edition
from impactdays.programme.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # the demo is for development machines; pytest-django turns DEBUG off


def _counts():
    return (
        Challenge.objects.count(),
        Place.objects.count(),
        Observation.objects.count(),
        Photo.objects.count(),
    )


def test_demo_builds_the_yaroslavl_challenges(demo_forum):
    first = _counts()

    edition = Edition.objects.get(city="Yaroslavl", year=2018)
    manufactory = Challenge.objects.get(
        edition=edition, title_en="How might we open the Great Manufactory territory to the city?"
    )
    assert manufactory.owner.name == "Textil Cultural Center"
    assert manufactory.geometry["type"] == "Polygon"
    assert _counts() == first == (5, 5, 60, 21)
    assert Photo.objects.filter(edition=edition, is_in_gallery=True).count() == 5
    assert all(photo.thumbnail for photo in Photo.objects.all())


def test_demo_observations_and_gallery_photos_link_to_the_site_visits(demo_forum):
    edition = Edition.objects.get(city="Yaroslavl", year=2018)
    site_visits = Session.objects.filter(edition=edition, kind=Session.Kind.SITE_VISIT)

    assert site_visits.count() == 2
    assert not Observation.objects.filter(edition=edition, session__isnull=True).exists()
    for site_visit in site_visits:
        assert site_visit.observations.count() == 30
        assert site_visit.photos.filter(is_in_gallery=True).exists()
