"""The Site row of django.contrib.sites follows SITE_URL and SITE_NAME after every migrate.

Mails already take the site's name and address from the settings (people.accounts); the Site
row is what the admin and any third-party app still read, so it must not say "example.com".
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings


def site_from_settings(**kwargs: Any) -> None:  # Any: post_migrate's keyword arguments
    """post_migrate receiver: store SITE_URL's host and SITE_NAME in the current Site row."""
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )
