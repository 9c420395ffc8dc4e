"""Every URL of the site, walked from config.urls, so that each new app is covered by itself.

1. Every page of ours declares its permission (a rule that exists) or is marked public; every
   page under the edition URL prefix is checked against its edition.
2. Walked as an anonymous visitor, a participant and an outsider, with every URL parameter
   pointing at a draft edition and at other people's things, no page and no API reply shows
   private data, and no request writes anything.
"""

import json
import re

import pytest
import rules
from allauth.mfa.models import Authenticator

from impactdays.common.models import AuditEntry
from impactdays.config.urls import EDITION_PREFIX
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)
from impactdays.people.models import ApiToken, ConsentRecord, User
from impactdays.people.services import api_token_create
from tests.forums.factories import (
    EditionFactory,
    EditionPartnerFactory,
    EditionRoleFactory,
    RoomFactory,
    VenueFactory,
)
from tests.people.factories import UserFactory
from tests.permissions import person, project_urls, snapshot


def test_every_page_of_ours_declares_its_permission():
    undeclared, unknown = [], []
    for route in project_urls():
        if not route.is_ours:
            continue  # admin, allauth and i18n guard themselves; the API has its own auth per operation
        permission = getattr(route.pattern.callback, "permission_required", None)
        if permission is None and not getattr(route.pattern.callback, "is_public_view", False):
            undeclared.append(route.name)
        elif permission is not None and not rules.perm_exists(permission):
            unknown.append((route.name, permission))

    assert undeclared == []
    assert unknown == []


def test_every_page_under_the_edition_prefix_checks_an_edition_permission():
    prefix = EDITION_PREFIX
    declared = {
        route.name: route.pattern.callback.permission_required
        for route in project_urls()
        if route.is_ours and route.route.startswith(prefix)
    }

    assert declared
    assert {name for name, permission in declared.items() if not permission} == set()


def test_the_walk_sees_every_app_and_the_api():
    names = {route.name for route in project_urls() if route.is_ours or route.is_api}

    assert {"forums:edition-manage", "people:profile-edit", "api:edition_update"} <= names


# The leak and write walk.

SECRET_TITLE = "Secret Draft Forum Q7X"
SECRET_NAME = "Hidden Person K3W"
SECRET_EMAIL = "hidden.person.k3w@example.org"
PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")
# Every form field any page of ours takes, filled with a plausible value: a page that forgot its
# permission would accept its own fields from this and write.
ANY_FORM = {
    "to": "open_call",
    "title": "Hijacked",
    "year": "2019",
    "theme": "Hijacked",
    "description": "Hijacked",
    "city": "Kaunas",
    "country": "LT",
    "latitude": "54.9",
    "longitude": "23.9",
    "starts_on": "2019-09-16",
    "ends_on": "2019-09-19",
    "time_zone": "UTC",
    "languages": ["en"],
    "version": "1",
    "name": "Hijacked",
    "address": "Street 1",
    "capacity": "10",
    "role": "organiser",
    "include_partners": "on",
    "display_name": "Hijacked",
    "kind": "directory_listing",
    "is_given": "on",
}
ANY_JSON = json.dumps(
    {**ANY_FORM, "year": 2019, "latitude": 54.9, "longitude": 23.9, "capacity": 10, "version": 1}
)


@pytest.fixture
def secrets(db, edition, participant, outsider):
    """A draft in the personas' series that none of them may see, and a person none of them may see."""
    hidden = UserFactory(email=SECRET_EMAIL, display_name=SECRET_NAME)
    Authenticator.objects.create(user=hidden, type=Authenticator.Type.TOTP, data={"secret": "x"})
    draft = EditionFactory(
        series=edition.series, title=SECRET_TITLE, slug="hidden", status=Edition.Status.DRAFT
    )
    EditionRoleFactory(edition=draft, user=hidden, role=EditionRole.Role.ORGANISER)
    venue = VenueFactory(edition=draft, name=f"{SECRET_TITLE} hall")
    things = {
        "draft": draft,
        "venue": venue,
        "room": RoomFactory(venue=venue, name="Secret room"),
        "partner": EditionPartnerFactory(edition=draft),
        "grant": EditionRole.objects.get(edition=draft, user=hidden),
        "token": api_token_create(user=hidden, name="Hidden token")[0],
        "hidden": hidden,
    }
    # The personas' own edition too: its management pages are closed to them.
    things["own_grant"] = EditionRole.objects.filter(edition=edition).first()
    return things


def _values(name: str, secrets: dict, edition: Edition) -> list[str]:
    if name == "series_slug":
        return [secrets["draft"].series.slug]
    if name == "edition_slug":
        return [secrets["draft"].slug, edition.slug]
    if name == "slug":
        return [secrets["draft"].series.slug, secrets["partner"].organisation.slug]
    ids = [
        secrets[key].pk for key in ("draft", "venue", "room", "partner", "grant", "token", "hidden")
    ]
    ids.append(secrets["own_grant"].pk)
    return [str(value) for value in sorted(set(ids))]


def _urls(route: str, secrets: dict, edition: Edition) -> list[str]:
    urls = ["/" + route]
    for match in PARAMETER.finditer(route):
        values = _values(match["name"], secrets, edition)
        urls = [url.replace(match[0], value, 1) for url in urls for value in values]
    return urls


def _guarded_state(actor: User | None):
    """Everything a visitor must not change: all rows but the visitor's own account."""
    state = snapshot(ForumSeries, Edition, Venue, Room, EditionPartner, EditionRole, Organisation)
    others = User.objects.exclude(pk=actor.pk) if actor else User.objects.all()
    state["User"] = list(others.order_by("pk").values())
    state["ConsentRecord"] = list(
        ConsentRecord.objects.exclude(user=actor).order_by("pk").values("user", "kind", "is_given")
    )
    state["ApiToken"] = list(ApiToken.objects.exclude(user=actor).order_by("pk").values())
    state["AuditEntry"] = list(
        AuditEntry.objects.exclude(actor=actor).order_by("pk").values()
        if actor
        else AuditEntry.objects.order_by("pk").values()
    )
    return state


@pytest.mark.parametrize("role", ["anonymous", "participant", "outsider"])
def test_no_url_shows_private_data_or_writes_for(request, client, edition, secrets, role):
    visitor = person(request, role)
    if role != "anonymous":
        client.force_login(visitor)
    actor = None if role == "anonymous" else visitor
    before = _guarded_state(actor)
    routes = [r for r in project_urls() if r.is_ours or r.is_api]
    leaks, replies = [], 0

    for route in routes:
        for url in _urls(route.route, secrets, edition):
            for method in ("get", "post", "patch") if route.is_api else ("get", "post"):
                if method == "get":
                    response = client.get(url)
                elif route.is_api:
                    response = getattr(client, method)(
                        url, ANY_JSON, content_type="application/json"
                    )
                else:
                    response = client.post(url, ANY_FORM)
                replies += 1
                body = response.content.decode(errors="replace")
                for marker in (SECRET_TITLE, SECRET_NAME, SECRET_EMAIL, secrets["token"].prefix):
                    if marker in body:
                        leaks.append((method, url, marker))

    assert replies > 100
    assert leaks == []
    assert _guarded_state(actor) == before
