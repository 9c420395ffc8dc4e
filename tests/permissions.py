"""The permission harness every app's tests use: personas, the edition statuses, the URL walk,
and a snapshot of the database to prove that a refused request wrote nothing.

- `ROLES` / `STATUSES` and `person(request, role)` build a table of roles by statuses; an app writes its
  policy as a plain `expected(role, status, action)` function from DESIGN.md and compares it with
  the rules (tests/forums/test_rules.py is the worked example).
- `project_urls()` walks the whole of config.urls; every view of ours is in it, so the audit
  tests in tests/config/test_urls.py cover each new app without being told about it.
- `snapshot(*models)` is the rows of the given models, to compare before and after.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

from impactdays.config.urls import APPS
from impactdays.forums.models import Edition

MEMBER_ROLES = ["organiser", "facilitator", "reviewer", "speaker", "participant", "partner"]
ROLES = [*MEMBER_ROLES, "outsider", "anonymous", "site_admin"]
STATUSES = list(Edition.Status.values)


def person(request: pytest.FixtureRequest, role: str):
    """The persona fixture of that name (tests/conftest.py), or an anonymous visitor."""
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


def edition_at(edition: Edition, status: str) -> Edition:
    """The edition moved straight to status (no service: a table needs every cell) and read again."""
    Edition.objects.filter(pk=edition.pk).update(status=status)
    return Edition.objects.get(pk=edition.pk)


@dataclass(frozen=True)
class Route:
    route: str  # the pattern, e.g. "series/<slug:series_slug>/<slug:edition_slug>/manage/"
    name: str  # "namespace:name"
    pattern: URLPattern

    @property
    def module(self) -> str:
        return self.pattern.callback.__module__

    @property
    def is_ours(self) -> bool:
        """A view of our code, or any view (a generic one too) mounted in one of our apps' URLs."""
        return self.module.startswith("impactdays.") or self.name.split(":")[0] in _our_namespaces()

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def _our_namespaces() -> set[str]:
    return {import_module(module).app_name for _prefix, module in APPS}


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield Route(prefix + str(pattern.pattern), name, pattern)


def project_urls() -> list[Route]:
    """Every URL of config.urls: our pages, the API, and the third-party ones (admin, allauth)."""
    return list(_walk(get_resolver().url_patterns))


def snapshot(*models: type[Model]) -> dict[str, list[dict[str, object]]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
