"""The shared API pieces, through the forums router that uses them: no input answers 500 or HTML."""

import pytest
from django.test import Client

from impactdays.forums.models import Edition
from tests.forums.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _row(edition):
    return Edition.objects.filter(pk=edition.pk).values().get()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"limit": 10**30}, "limit", "Input should be less than or equal to 100"),
        ({"limit": 101}, "limit", "Input should be less than or equal to 100"),
        ({"limit": 0}, "limit", "Input should be greater than or equal to 1"),
        ({"offset": 10**30}, "offset", "Input should be less than or equal to 2147483647"),
        ({"offset": -1}, "offset", "Input should be greater than or equal to 0"),
        (
            {"limit": "true"},
            "limit",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_pagination_out_of_bounds_is_422(anonymous_api, query, field, message):
    response = anonymous_api.get("/editions", **query)

    assert response.status_code == 422
    assert response.json() == {"detail": "The request is not valid.", "errors": {field: [message]}}


def test_pagination_at_its_bounds_answers_an_empty_page(anonymous_api):
    EditionFactory()

    response = anonymous_api.get("/editions", limit=100, offset=2**31 - 1)

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}


def test_slug_filter_with_nul_is_422(anonymous_api):
    response = anonymous_api.get("/editions", series="a\x00b")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["series"]


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/series/a%00b", "There is no forum series with this slug."),
        ("/organisations/a%00b", "There is no organisation with this slug."),
    ],
)
def test_lookup_with_nul_is_404(anonymous_api, path, detail):
    response = anonymous_api.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/editions/",
        "/api/v1/no-such-thing",
        "/api/v2/editions",
        "/api/",
    ],
)
def test_unknown_api_path_is_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "There is no such API path. Paths have no trailing slash; see /api/v1/docs."
    }


def test_wrong_method_is_json_405_with_allow_header(client, edition):
    before = _row(edition)

    response = client.delete(f"/api/v1/editions/{edition.pk}")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    allowed = response["Allow"]
    assert set(allowed.split(", ")) == {"GET", "PATCH"}
    assert response.json() == {
        "detail": f"This path does not take that method. Allowed: {allowed}."
    }
    assert _row(edition) == before


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_body_over_the_size_limit_is_json_413_and_writes_nothing(
    api_as, edition, organiser, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", {"description": "x" * 2000})

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert _row(edition) == before


@pytest.mark.parametrize(
    "body",
    [
        '{"latitude": NaN}',
        '{"latitude": Infinity}',
        '{"latitude": -Infinity}',
        '{"latitude": 1e400}',
        b'{"title": "\xff"}',
    ],
)
def test_body_that_is_not_strict_json_is_422_and_writes_nothing(api_as, edition, organiser, body):
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", body, raw=True)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request body is not valid JSON.",
        "errors": {"__all__": ["The request body is not valid JSON."]},
    }
    assert _row(edition) == before


def test_server_error_under_the_api_is_json(edition, monkeypatch):
    client = Client(raise_request_exception=False)
    # A crash in Django's own machinery, outside our code, stands in for any unforeseen bug.
    monkeypatch.setattr(
        "django.core.handlers.base.BaseHandler.resolve_request",
        lambda self, request: 1 / 0,
    )

    response = client.get(f"/api/v1/editions/{edition.pk}")

    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on the server. The error is logged."}
