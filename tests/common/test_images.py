import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from impactdays.common.images import image_without_metadata


def photo_with_gps(size=(64, 48)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (57.0, 37.0, 34.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_image_without_metadata_drops_exif_and_shrinks():
    clean = image_without_metadata(photo_with_gps(size=(800, 600)), max_side=200)

    with Image.open(io.BytesIO(clean.read())) as image:
        assert (image.format, image.size) == ("JPEG", (200, 150))
        assert dict(image.getexif()) == {}
    assert clean.name.endswith(".jpg") and "photo" not in clean.name


def test_image_without_metadata_refuses_a_text_file_called_jpg():
    upload = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")

    with pytest.raises(ValidationError, match="could not be read"):
        image_without_metadata(upload, max_side=200)
