"""Bearer tokens: how often their use is recorded, and how often they may be used."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impactdays.forums.models import Edition
from impactdays.people.models import ApiToken
from impactdays.people.services import api_token_create
from tests.api_client import ApiClient

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 2, 9, 0, tzinfo=dt.UTC)


def _client_of(user):
    _token, key = api_token_create(user=user, name="script")
    return ApiClient(key)


def _last_used_at(user):
    return ApiToken.objects.get(user=user).last_used_at


def test_token_use_is_recorded_at_most_once_a_minute(organiser):
    client = _client_of(organiser)
    with time_machine.travel(T0, tick=False):
        client.get("/series")
    with time_machine.travel(T0 + dt.timedelta(seconds=59), tick=False):
        client.get("/series")
        within_the_minute = _last_used_at(organiser)

    with time_machine.travel(T0 + dt.timedelta(seconds=60), tick=False):
        client.get("/series")

    assert within_the_minute == T0
    assert _last_used_at(organiser) == T0 + dt.timedelta(seconds=60)


def test_read_within_the_minute_writes_nothing(organiser):
    client = _client_of(organiser)
    client.get("/series")

    with CaptureQueriesContext(connection) as queries:
        client.get("/series")

    assert [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]] == []


def test_token_over_the_rate_limit_is_429_and_writes_nothing(organiser, edition, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "2/m/user"}
    client = _client_of(organiser)
    client.get(f"/editions/{edition.pk}")
    client.get(f"/editions/{edition.pk}")

    response = client.patch(f"/editions/{edition.pk}", {"title": "Over the limit"})

    assert response.status_code == 429
    assert response.json() == {"detail": "Too many requests. Wait a minute, then try again."}
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_token_rate_limit_counts_each_account_apart(organiser, participant, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "1/m/user"}
    first, second = _client_of(organiser), _client_of(participant)
    first.get("/series")

    refused, allowed = first.get("/series"), second.get("/series")

    assert (refused.status_code, allowed.status_code) == (429, 200)


def test_token_rate_limit_per_address_covers_every_account_behind_it(
    organiser, participant, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "100/m/user,1/m/ip"}
    first, second = _client_of(organiser), _client_of(participant)
    first.get("/series")

    response = second.get("/series")

    assert response.status_code == 429
