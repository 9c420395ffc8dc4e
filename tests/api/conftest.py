"""Clients for the API: anonymous, and one holding a persona's bearer token."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from impactdays.forums.models import Edition, EditionRole
from impactdays.people.models import User
from impactdays.people.services import api_token_create
from tests.factories import EditionFactory, EditionRoleFactory


class ApiClient:
    """A Django test client that speaks JSON to /api/v1/, optionally with a bearer token."""

    def __init__(self, key: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **query: Any):
        return self.client.get(f"/api/v1{path}", query, headers=self.headers)

    def patch(self, path: str, body: Any, *, raw: bool = False):
        return self._send("patch", path, body, raw=raw)

    def post(self, path: str, body: Any, *, raw: bool = False):
        return self._send("post", path, body, raw=raw)

    def _send(self, method: str, path: str, body: Any, *, raw: bool):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            data=body if raw else json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()


@pytest.fixture
def api_as(db: None) -> Callable[[User], ApiClient]:
    def as_user(user: User) -> ApiClient:
        _token, key = api_token_create(user=user, name="tests")
        return ApiClient(key)

    return as_user


@pytest.fixture
def draft_edition(edition: Edition, organiser: User) -> Edition:
    """A draft of the same series, with `organiser` as its organiser and nobody else."""
    draft = EditionFactory(
        series=edition.series,
        status=Edition.Status.DRAFT,
        title="Secret draft",
        year=2019,
        starts_on=dt.date(2019, 5, 2),
        ends_on=dt.date(2019, 5, 4),
    )
    EditionRoleFactory(edition=draft, user=organiser, role=EditionRole.Role.ORGANISER)
    return draft
