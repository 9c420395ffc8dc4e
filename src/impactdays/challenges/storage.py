"""Where photos are kept: outside MEDIA_ROOT, served only by a view that checks who asks.

A photo can be hidden by a moderator, or show people who did not consent to its publication;
the web server would serve MEDIA_ROOT to anyone with the URL. So photos live under
PRIVATE_MEDIA_ROOT and their URL is that of challenges:photo-file, which applies the rules.
STORAGES["challenge_photos"] names the backend; an S3-compatible one (django-storages) can
take its place, with the same view in front of it.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse


class PhotoStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, named challenges/photos/… and challenges/thumbnails/…"""

    # Read on each use, so that a changed setting (tests) takes effect without a signal.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        return reverse("challenges:photo-file", kwargs={"name": name or ""})


def photo_storage() -> Storage:
    """The storage of photos, looked up when used (so tests may swap it)."""
    return storages["challenge_photos"]
