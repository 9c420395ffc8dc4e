"""The API gate of issue #5 (item 11): schemathesis against the whole /api/v1/openapi.json.

Every operation is called in-process (WSGI) with generated valid and invalid input, once
anonymously and once with an organiser's token, and every check must pass: no 500, every
status and content type declared, every body in its declared shape, invalid input refused,
valid input accepted.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from impactdays.config.wsgi import application
from impactdays.forums.models import Edition, EditionPartner
from impactdays.people.models import User
from impactdays.people.services import api_token_create
from tests.forums.factories import (
    EditionPartnerFactory,
    OrganisationFactory,
    RoomFactory,
    VenueFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Enough to find what each operation refuses or crashes on, few enough for ~1 minute on 2 cores.
EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does.

    Django closes a connection at the end of each request when it is inside a transaction;
    the WSGI calls here would lose the test's transaction (and its data) on PostgreSQL.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(settings, connection_kept_open: None, edition: Edition, draft_edition: Edition):
    # schemathesis calls the WSGI app as host "localhost"; the tests do not run with DEBUG on.
    settings.ALLOWED_HOSTS = ["localhost"]
    # The fuzzing calls the API far more often than a person: lift the token's rate limit (429 is
    # declared; tests/people/test_api_tokens.py shows it answered).
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "100000/m/user,100000/m/ip"}
    venue = VenueFactory(edition=edition)
    RoomFactory(venue=venue)
    EditionPartnerFactory(
        edition=edition, organisation=OrganisationFactory(), role=EditionPartner.Role.HOST
    )
    EditionPartnerFactory(edition=draft_edition, role=EditionPartner.Role.SUPPORTER)
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"max-examples": EXAMPLES_PER_OPERATION},
            # A real edition, so that writes reach the permission check and the service.
            "parameters": {"edition_id": edition.pk},
            "checks": {
                # A service refuses, with 422, valid-looking input that breaks a domain rule no
                # schema states: an edition ending before it starts, a move not in the table;
                # and with 409 a write from a version someone has changed since.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                },
            },
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")

FUZZ_SETTINGS = settings(
    deadline=None,
    # The database fixtures are function-scoped on purpose: every example sees the same forum.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_to_its_document_for_anonymous_callers(case):
    case.call_and_validate()


@pytest.fixture
def organiser_key(organiser: User) -> str:
    _token, key = api_token_create(user=organiser, name="fuzz")
    return key


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_to_its_document_for_an_organiser(case, organiser_key: str):
    case.call_and_validate(headers={"Authorization": f"Bearer {organiser_key}"})
