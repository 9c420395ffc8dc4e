"""The map picker's address search: off by default, organisers only, and clear about failures.

The geocoder is a stub HTTP server on this machine (tests/geocoder_stub.py), so the tests never
reach the network.
"""

from collections.abc import Iterator

import pytest
from django.urls import reverse

from tests.forums.factories import EditionRoleFactory
from tests.geocoder_stub import StubGeocoder, stub_geocoder
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("forums:address-geocode")
YAROSLAVL = [
    {
        "display_name": "Textil Cultural Center, Yaroslavl, Russia",
        "lat": "57.6049",
        "lon": "39.8843",
    },
    {"display_name": "Yaroslavl, Russia", "lat": "57.6261", "lon": "39.8845"},
]


@pytest.fixture
def geocoder(settings) -> Iterator[type[StubGeocoder]]:
    with stub_geocoder(settings) as stub:
        yield stub


def _search(client, query: str = "Textil Yaroslavl"):
    return client.get(URL, {"q": query})


def test_search_is_off_by_default(client, organiser, settings):
    settings.GEOCODER_URL = ""
    client.force_login(organiser)

    response = _search(client)

    assert response.status_code == 404
    assert response.json() == {"error": "Address search is not set up on this site."}


def test_search_answers_the_places_the_geocoder_found(client, organiser, geocoder):
    client.force_login(organiser)

    response = _search(client, "  Textil   Yaroslavl ")

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "name": "Textil Cultural Center, Yaroslavl, Russia",
                "latitude": 57.6049,
                "longitude": 39.8843,
            },
            {"name": "Yaroslavl, Russia", "latitude": 57.6261, "longitude": 39.8845},
        ]
    }
    [sent] = geocoder.requests
    assert sent["query"] == {
        "q": ["Textil Yaroslavl"],
        "format": ["jsonv2"],
        "limit": ["5"],
        "accept-language": ["en"],
    }
    assert sent["user_agent"].startswith("Impact Days (")


def test_same_search_twice_asks_the_geocoder_once(client, organiser, geocoder):
    client.force_login(organiser)

    first = _search(client)
    second = _search(client)

    assert first.json() == second.json()
    assert len(geocoder.requests) == 1


@pytest.mark.parametrize("role", ["participant", "facilitator", "reviewer", "speaker", "partner"])
def test_members_who_do_not_organise_may_not_search(client, edition, geocoder, role):
    client.force_login(EditionRoleFactory(edition=edition, role=role).user)

    response = _search(client)

    assert response.status_code == 403
    assert geocoder.requests == []


def test_account_without_any_role_may_not_search(client, geocoder):
    client.force_login(UserFactory())

    response = _search(client)

    assert response.status_code == 403
    assert geocoder.requests == []


def test_anonymous_visitor_is_sent_to_sign_in(client, geocoder):
    response = _search(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert geocoder.requests == []


def test_site_admin_may_search(client, site_admin, geocoder):
    client.force_login(site_admin)

    assert _search(client).status_code == 200


def test_organiser_of_any_edition_may_search(client, outsider, geocoder):
    # The search places nothing in an edition: organising one, anywhere, is enough.
    client.force_login(outsider)

    assert _search(client).status_code == 200


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_empty_or_overlong_query_is_refused_without_asking(client, organiser, geocoder, query):
    client.force_login(organiser)

    response = _search(client, query)

    assert response.status_code == 400
    assert response.json() == {"error": "Type an address of up to 200 characters."}
    assert geocoder.requests == []


def test_geocoder_that_does_not_answer_in_time_gives_a_clear_error(client, organiser, geocoder):
    geocoder.delay = 2.0
    client.force_login(organiser)

    response = _search(client)

    assert response.status_code == 502
    assert response.json() == {
        "error": "The address search did not answer in time. Try again, or pick the point on the map."
    }


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service overloaded</html>",
        b'{"error": "Unable to geocode"}',
        b'[{"display_name": "Nowhere"}]',
        b'[{"display_name": "Off the globe", "lat": "91", "lon": "10"}]',
        b'[{"display_name": "Not a number", "lat": "north", "lon": "10"}]',
    ],
)
def test_unreadable_answer_gives_a_clear_error(client, organiser, geocoder, body):
    geocoder.body = body
    client.force_login(organiser)

    response = _search(client)

    assert response.status_code == 502
    assert response.json() == {"error": "The address search gave an answer that could not be read."}


def test_failing_geocoder_gives_a_clear_error(client, organiser, geocoder):
    geocoder.status = 503
    client.force_login(organiser)

    response = _search(client)

    assert response.status_code == 502
    assert response.json() == {
        "error": "The address search is unavailable. Pick the point on the map instead."
    }


def test_unreachable_geocoder_gives_a_clear_error(client, organiser, settings):
    # A port nothing listens on: the connection is refused at once.
    settings.GEOCODER_URL = "http://127.0.0.1:9/search"
    client.force_login(organiser)

    response = _search(client)

    assert response.status_code == 502
    assert response.json()["error"].startswith("The address search is unavailable.")


def test_searches_over_the_rate_limit_are_refused_before_asking(
    client, organiser, geocoder, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "address_geocode": "2/m/user"}
    client.force_login(organiser)

    answers = [_search(client, f"Street {number}").status_code for number in range(3)]

    assert answers == [200, 200, 429]
    assert len(geocoder.requests) == 2
