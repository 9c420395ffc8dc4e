"""The site's URLs: pages per app, accounts, the API and the admin.

Every page of an edition lives under EDITION_PREFIX, defined here once. An app's urls.py may
give `urlpatterns` (site-wide pages, under the app's prefix in APPS) and `edition_urlpatterns`
(pages of one edition, under EDITION_PREFIX; their views look the edition up with
forums.permissions); both share the app's namespace. To add an app, add it to APPS.
"""

from importlib import import_module

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from impactdays.config.api import api

# The admin signs in through allauth, so site admins get its throttling and the TOTP step.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # documented allauth hook

EDITION_PREFIX = "series/<slug:series_slug>/<slug:edition_slug>/"

# (prefix of the app's site-wide pages, its urls module); the module's app_name is its namespace.
APPS = [
    ("people/", "impactdays.people.urls"),
    ("", "impactdays.forums.urls"),
    ("applications/", "impactdays.applications.urls"),
    ("programme/", "impactdays.programme.urls"),
    ("", "impactdays.decisions.urls"),
    ("challenges/", "impactdays.challenges.urls"),
    ("teams/", "impactdays.teams.urls"),
    ("deliberation/", "impactdays.deliberation.urls"),
    ("", "impactdays.reports.urls"),
]


def app_urls(prefix: str, module_name: str) -> URLResolver:
    """An app's site-wide pages under prefix and its edition pages under EDITION_PREFIX, in its namespace."""
    module = import_module(module_name)
    patterns: list[URLPattern | URLResolver] = []
    if getattr(module, "urlpatterns", None):
        patterns.append(path(prefix, include(module.urlpatterns)))
    if getattr(module, "edition_urlpatterns", None):
        patterns.append(path(EDITION_PREFIX, include(module.edition_urlpatterns)))
    return path("", include((patterns, module.app_name)))


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("accounts/", include("allauth.urls")),
        *(app_urls(prefix, module) for prefix, module in APPS),
        prefix_default_language=False,
    ),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
