"""The Site row names the site as the settings do, not example.com."""

import pytest
from django.contrib.sites.models import Site

from impactdays.common.sites import site_from_settings

pytestmark = pytest.mark.django_db


def test_site_row_follows_site_url_and_site_name(settings):
    settings.SITE_URL = "https://forum.example.org"
    settings.SITE_NAME = "Forum of Cities"

    site_from_settings()

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("forum.example.org", "Forum of Cities")


def test_the_test_database_is_migrated_with_the_configured_site(settings):
    # pytest-django migrates the test database, which runs the post_migrate receiver.
    assert Site.objects.get(pk=settings.SITE_ID).domain == "127.0.0.1:8000"
