"""The upload handler stops reading a body once its files pass UPLOAD_MAX_BYTES."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from impactdays.common.uploads import UPLOAD_LIMIT_EXCEEDED
from tests.common.conftest import CountingStream

LIMIT = 100_000


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.UPLOAD_MAX_BYTES = LIMIT


def test_upload_handler_stops_reading_past_the_limit():
    # Built by the request factory, this request skips the middleware and its Content-Length
    # check: as a body of undeclared size would, it reaches the parser.
    big = SimpleUploadedFile("photo.jpg", b"x" * (LIMIT * 20), content_type="image/jpeg")
    environ = RequestFactory().post("/people/me/", {"avatar": big}).environ
    body = CountingStream(environ["wsgi.input"].read())
    request = WSGIRequest({**environ, "wsgi.input": body})

    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018 -- reading POST parses the body

    assert getattr(request, UPLOAD_LIMIT_EXCEEDED) is True
    # Read up to the limit plus a chunk or two of Django's parser (64 KiB each), of 2 MB sent.
    assert LIMIT < body.bytes_read <= LIMIT + 2 * 64 * 1024


def test_upload_handler_counts_every_file_of_the_request():
    files = {
        name: SimpleUploadedFile(f"{name}.jpg", b"x" * (LIMIT // 2 + 1)) for name in ("a", "b")
    }
    request = RequestFactory().post("/people/me/", files)

    with pytest.raises(RequestDataTooBig):
        request.FILES  # noqa: B018 -- reading FILES parses the body


def test_upload_handler_passes_files_within_the_limit():
    request = RequestFactory().post(
        "/people/me/", {"avatar": SimpleUploadedFile("a.jpg", b"x" * (LIMIT - 1))}
    )

    assert request.FILES["avatar"].read() == b"x" * (LIMIT - 1)
    assert not hasattr(request, UPLOAD_LIMIT_EXCEEDED)
