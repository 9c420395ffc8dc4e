"""Photos are stripped of every metadata field, turned upright, and refused over the limits."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactdays.challenges import photos
from impactdays.challenges.models import Photo
from impactdays.challenges.services import photo_add
from tests.challenges.factories import exif_with_gps, jpeg_upload


def test_photo_with_gps_comes_back_from_the_server_without_metadata(client, edition, participant):
    upload = jpeg_upload(size=(80, 40), exif=exif_with_gps())
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture does carry a position
    upload.seek(0)

    photo, created = photo_add(
        edition=edition, actor=participant, upload=upload, caption="Gate", is_in_gallery=True
    )
    response = client.get(photo.image.url)
    served = b"".join(response.streaming_content)

    assert created
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(served)) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        assert "exif" not in image.info
        assert image.size == (40, 80)  # turned upright by the orientation tag
    assert b"PhoneMaker" not in served
    assert b"2018:10:05" not in served


def test_photo_thumbnail_is_small_and_bare(edition, participant):
    photo, _created = photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(size=(1200, 900), exif=exif_with_gps()),
    )

    with photo.thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        assert max(thumbnail.size) == photos.THUMBNAIL_MAX_SIDE
        assert dict(thumbnail.getexif()) == {}


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
            "invalid_image",
        ),
        (
            SimpleUploadedFile(
                "page.png", b"<html><script>alert(1)</script>", content_type="image/png"
            ),
            "invalid_image",
        ),
    ],
)
def test_photo_add_refuses_files_that_are_not_images(edition, participant, upload, code):
    with pytest.raises(ValidationError) as raised:
        photo_add(edition=edition, actor=participant, upload=upload)

    assert raised.value.code == code
    assert Photo.objects.count() == 0


def test_photo_add_refuses_a_file_over_15_mb(edition, participant):
    upload = jpeg_upload()
    upload.size = photos.PHOTO_MAX_BYTES + 1

    with pytest.raises(ValidationError) as raised:
        photo_add(edition=edition, actor=participant, upload=upload)

    assert raised.value.messages == ["The image is larger than 15 MB."]
    assert Photo.objects.count() == 0


def test_photo_add_refuses_more_than_40_megapixels(edition, participant, monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_PIXELS", 100 * 100)

    with pytest.raises(ValidationError) as raised:
        photo_add(edition=edition, actor=participant, upload=jpeg_upload(size=(101, 100)))

    assert raised.value.code == "image_too_large"
    assert Photo.objects.count() == 0


def test_photo_add_replayed_key_returns_the_stored_photo(edition, participant):
    first, created = photo_add(edition=edition, actor=participant, upload=jpeg_upload())

    again, created_again = photo_add(
        edition=edition, actor=participant, upload=jpeg_upload(), key=first.key
    )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Photo.objects.count() == 1
