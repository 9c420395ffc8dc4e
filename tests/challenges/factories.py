"""One factory per challenges model, with unsurprising defaults (photos go through the service)."""

import io
import uuid

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactdays.challenges.models import Challenge, Observation, Place
from tests.forums.factories import EditionFactory
from tests.people.factories import UserFactory

GREAT_MANUFACTORY = {
    "type": "Polygon",
    "coordinates": [
        [[39.903, 57.617], [39.912, 57.617], [39.912, 57.622], [39.903, 57.622], [39.903, 57.617]]
    ],
}


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"How might we open courtyard {n} to the city?")
    status = Challenge.Status.ACCEPTED
    geometry = factory.LazyFunction(lambda: dict(GREAT_MANUFACTORY))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Square {n}")
    geometry = factory.LazyFunction(lambda: {"type": "Point", "coordinates": [39.8936, 57.6266]})


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    edition = factory.SubFactory(EditionFactory)
    author = factory.SubFactory(UserFactory)
    key = factory.LazyFunction(uuid.uuid4)
    text = factory.Sequence(lambda n: f"Observation {n}: the pavement ends at the gate.")
    tags = factory.LazyFunction(lambda: ["accessibility"])
    latitude = 57.62
    longitude = 39.90
    location_source = Observation.LocationSource.MAP


def jpeg_upload(
    *, size: tuple[int, int] = (64, 48), exif: Image.Exif | None = None, name: str = "photo.jpg"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, format="JPEG", exif=exif or Image.Exif())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def exif_with_gps() -> Image.Exif:
    """EXIF as a phone writes it: camera, time, and a GPS position in Yaroslavl."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0132] = "2018:10:05 11:22:33"  # DateTime
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show upright
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (57.0, 37.0, 34.0)
    gps[3] = "E"
    gps[4] = (39.0, 53.0, 4.0)
    return exif
