"""Where avatars are kept: outside MEDIA_ROOT, served only by a view that checks who asks.

The web server serves MEDIA_ROOT to anyone who knows a URL, and a profile is private until its
person agrees to be listed. So avatars live under PRIVATE_MEDIA_ROOT, which nothing serves,
and their URL is that of people:avatar-detail, which applies the profile's visibility rule.
"""

import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class AvatarStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, named avatars/<user id>/<random name> (see avatar_path)."""

    # Read on each use rather than cached as FileSystemStorage does for MEDIA_ROOT, so that a
    # changed setting (tests) takes effect without a signal.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        path = PurePosixPath(name or "")
        return reverse(
            "people:avatar-detail", kwargs={"pk": int(path.parent.name), "name": path.name}
        )
