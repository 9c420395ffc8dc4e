"""Photos of challenges, places and observations: checked, turned upright and stripped bare.

common.images does the work (type by content, a memory bound, EXIF orientation, re-encoding
from bare pixels); this module sets the limits of a field photo, which are larger than an
avatar's: a phone photo of up to 15 MB and 40 megapixels. Nothing of the original file is kept:
the stored photo and its thumbnail are new files, so no GPS position, camera or time survives.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from impactdays.common.images import image_check, image_without_metadata

PHOTO_MAX_BYTES = 15 * 2**20
PHOTO_MAX_PIXELS = 40_000_000
# Long side of the stored photo and of its thumbnail: enough for a screen, small for a phone.
PHOTO_MAX_SIDE = 2048
THUMBNAIL_MAX_SIDE = 480


@dataclass(frozen=True)
class CleanPhoto:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int


def photo_check(upload: File[bytes]) -> None:
    """Refuse an upload that is no JPEG, PNG or WebP image, is over 15 MB or 40 megapixels.

    Reads the header only. Raises ValidationError with a message for the person uploading.
    """
    image_check(upload, max_bytes=PHOTO_MAX_BYTES)
    upload.seek(0)
    with Image.open(upload) as image:
        pixels = image.width * image.height
    if pixels > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The photo has %(pixels)s megapixels; at most %(budget)s are accepted.")
            % {"pixels": round(pixels / 1e6), "budget": PHOTO_MAX_PIXELS // 1_000_000},
            code="image_too_large",
        )


def photo_clean(upload: File[bytes]) -> CleanPhoto:
    """The photo and its thumbnail as new files without any metadata, upright, with random names.

    Raises ValidationError as photo_check does, or when the image cannot be decoded.
    """
    photo_check(upload)
    image = image_without_metadata(upload, max_side=PHOTO_MAX_SIDE, max_bytes=PHOTO_MAX_BYTES)
    thumbnail = image_without_metadata(
        upload, max_side=THUMBNAIL_MAX_SIDE, max_bytes=PHOTO_MAX_BYTES
    )
    with Image.open(image) as stored:
        width, height = stored.size
    image.seek(0)
    return CleanPhoto(image=image, thumbnail=thumbnail, width=width, height=height)
