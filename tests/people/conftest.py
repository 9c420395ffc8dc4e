"""Uploads for profile tests, and a clean cache so that allauth's rate limits start at zero."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings: object, tmp_path: Path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # allauth counts failed logins and sent e-mails in the cache (local memory in tests),
    # which outlives a test; without this one test's failures would throttle the next.
    cache.clear()


def image_bytes(image_format: str, size: tuple[int, int] = (32, 24), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format, **save)
    return buffer.getvalue()


@pytest.fixture
def jpeg_with_gps() -> SimpleUploadedFile:
    """A photo as a phone takes it: EXIF with the camera make and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (57.0, 37.0, 34.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (39.0, 53.0, 4.0),
    }
    return SimpleUploadedFile(
        "holiday.jpg", image_bytes("JPEG", exif=exif), content_type="image/jpeg"
    )
