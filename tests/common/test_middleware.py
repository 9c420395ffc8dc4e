"""A request over UPLOAD_MAX_BYTES is answered 413 before its body is read, and changes nothing."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from impactdays.common.models import AuditEntry
from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.people.services import api_token_create
from tests.common.conftest import CountingStream

LIMIT = 10_000


def png_of(size_bytes: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue() + bytes(size_bytes), "image/png")


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.UPLOAD_MAX_BYTES = LIMIT


def test_page_over_declared_limit_gets_413_page_and_nothing_read(client, participant):
    client.force_login(participant)
    body = CountingStream(b"x" * 100)

    response = client.generic(
        "POST",
        reverse("people:profile-edit"),
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(LIMIT + 1),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<h1>Too large</h1>" in page
    assert "The request is larger than 9.8\xa0KB. Send a smaller file." in page
    assert body.bytes_read == 0


def test_page_413_is_in_the_visitors_language(client):
    response = client.post(
        reverse("people:profile-edit"),
        data="x" * (LIMIT + 1),
        content_type="text/plain",
        headers={"Accept-Language": "de"},
    )

    assert response.status_code == 413
    assert "Die Anfrage ist größer als 9,8\xa0KB." in response.content.decode()


def test_profile_edit_with_avatar_over_limit_gets_413_and_saves_nothing(client, participant):
    client.force_login(participant)

    response = client.post(
        reverse("people:profile-edit"),
        {"display_name": "Changed", "avatar": png_of(LIMIT)},
    )

    assert response.status_code == 413
    stored = User.objects.get(pk=participant.pk)
    assert (stored.display_name, stored.avatar.name) == (participant.display_name, "")
    assert AuditEntry.objects.count() == 0


def test_api_over_limit_gets_413_json_and_changes_nothing(edition, organiser):
    _token, key = api_token_create(user=organiser, name="tests")
    # Valid JSON that the API would accept, padded with white space past the limit.
    body = json.dumps({"theme": "A theme sent too large"}) + " " * LIMIT

    response = Client().patch(
        f"/api/v1/editions/{edition.pk}",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request is larger than 9.8\xa0KB. Send a smaller file."
    }
    assert Edition.objects.get(pk=edition.pk).theme == edition.theme


def test_request_within_limit_passes(client, participant):
    client.force_login(participant)

    response = client.post(
        reverse("people:profile-edit"),
        {"display_name": "Nino", "avatar": png_of(LIMIT // 2)},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=participant.pk).display_name == "Nino"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/people/me/", "<h1>Size unknown</h1>"),
        (
            "/api/v1/editions/1",
            '{"detail": "The request did not say how large it is. Send it with a Content-Length."}',
        ),
    ],
)
def test_chunked_body_without_content_length_gets_411_and_is_never_read(
    client, participant, path, expected
):
    # gunicorn passes a chunked body on with no CONTENT_LENGTH, and Django would read none of
    # it: the view would see an empty form. It is refused instead.
    client.force_login(participant)
    before = User.objects.values().get(pk=participant.pk)
    body = CountingStream(b"--B\r\n" + b"x" * (LIMIT * 3) + b"\r\n--B--\r\n")

    response = client.generic(
        "POST",
        path,
        data=b"-",
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )

    assert response.status_code == 411
    assert expected in response.content.decode()
    assert body.bytes_read == 0
    assert User.objects.values().get(pk=participant.pk) == before
