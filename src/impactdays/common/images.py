"""Safe handling of uploaded images: checked type and size, metadata stripped."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}  # Pillow format -> file extension
# Pixel modes each format stores as they are; any other mode is converted to the first one.
_IMAGE_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGBA", "RGB", "LA", "L"), "WEBP": ("RGBA", "RGB")}
IMAGE_MAX_BYTES = 2 * 1024 * 1024
# Far above any camera, far below what it takes to exhaust memory with a small, well-packed file.
IMAGE_MAX_PIXELS = 40_000_000


def image_without_metadata(upload: File[bytes], *, max_side: int) -> ContentFile[bytes]:
    """Decode an uploaded image and encode its bare pixels again: no EXIF (GPS, camera), XMP or comments.

    The image is turned upright and shrunk to at most max_side pixels a side; it gets a random
    file name. Raises ValidationError for a file over 2 MB, another format than JPEG, PNG or WebP,
    too many pixels, or an unreadable image.
    """
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is larger than 2 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            image_format = original.format or ""
            if image_format not in IMAGE_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
            if original.width * original.height > IMAGE_MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels; upload a smaller one."))
            upright = ImageOps.exif_transpose(original)
            upright.thumbnail((max_side, max_side))
            modes = _IMAGE_MODES[image_format]
            if upright.mode not in modes:
                upright = upright.convert(modes[0])
            # A new image from the bare pixels carries none of the original's info or EXIF.
            pixels_only = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image could not be read. Upload a JPEG, PNG or WebP image.")
        ) from error
    buffer = io.BytesIO()
    pixels_only.save(buffer, format=image_format)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}")
