"""Safe handling of uploaded images: checked type and size, bounded memory, metadata stripped.

Memory is what an image costs once decoded, not its file size: a 166 KB PNG of 6,320 x 6,320
pixels needs 160 MB of pixels, and several times that on its way through Pillow. So each upload
is checked from its header, before any pixel is decoded, against a pixel budget for its format.
JPEG is decoded already reduced (libjpeg scales by 1/2, 1/4 or 1/8 inside its inverse DCT, see
`Image.draft`), so a large baseline JPEG costs little and gets a large budget. PNG and WebP are
decoded at full size and get a budget a worker can afford. A progressive JPEG keeps every
coefficient of the whole image in memory while it decodes, whatever the scale, so it gets the
smaller budget too.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

# Pillow format -> the format the clean image is saved in. MPO is how Pillow names the JPEG
# of a phone that adds a second frame (a depth map, a preview); the first frame is the photo.
_SAVED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
IMAGE_FORMATS = frozenset(_SAVED_FORMATS)
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Pixel modes each saved format stores as they are; any other mode is converted to the first.
_IMAGE_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGBA", "RGB", "LA", "L"), "WEBP": ("RGBA", "RGB")}
IMAGE_MAX_BYTES = 10 * 1024 * 1024
# Decoded at full size: about 12 million pixels, at most 49 MB as RGBA; covers phone screenshots
# and the 4,032 x 3,024 pixels of a 12-megapixel phone camera.
FULL_DECODE_MAX_PIXELS = 12_200_000
# Decoded reduced to at most 1/8 on a side by libjpeg; held below Pillow's own bomb warning
# (89 million pixels). Covers every phone camera in its default mode.
REDUCED_DECODE_MAX_PIXELS = 80_000_000
# High-efficiency photos (iPhone, many Android phones): the ISO base media file brands.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def _decoded_is_reduced(image: Image.Image) -> bool:
    return image.format in ("JPEG", "MPO") and not image.info.get("progressive")


def _is_heif(upload: File[bytes]) -> bool:
    upload.seek(0)
    head = upload.read(12)
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def _checked(image: Image.Image) -> str:
    """The format of an opened, not yet decoded image; ValidationError if it is not accepted."""
    image_format = image.format or ""
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="invalid_image_format")
    budget = REDUCED_DECODE_MAX_PIXELS if _decoded_is_reduced(image) else FULL_DECODE_MAX_PIXELS
    if image.width * image.height > budget:
        raise ValidationError(
            _(
                "The image has %(pixels)s megapixels; at most %(budget)s are accepted for this "
                "kind of image. Upload a smaller one, or save it as a (non-progressive) JPEG."
            )
            % {"pixels": round(image.width * image.height / 1e6), "budget": budget // 1_000_000},
            code="image_too_large",
        )
    return image_format


def _opened(upload: File[bytes], max_bytes: int = IMAGE_MAX_BYTES) -> Image.Image:
    """Open an upload and read its header only; ValidationError if it is no image.

    Use it in a `with` block: that closes the image and leaves the upload open, where
    `close()` would close the upload too.
    """
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(megabytes)s MB.") % {"megabytes": max_bytes // 2**20},
            code="file_too_large",
        )
    if _is_heif(upload):
        raise ValidationError(
            _(
                "HEIC photos are not accepted yet. Export the photo as JPEG, or set the camera "
                "to “Most compatible”."
            ),
            code="invalid_image_format",
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("The image has too many pixels; upload a smaller one."), code="image_too_large"
        ) from error
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The image could not be read. Upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from error
    return image


def image_check(upload: File[bytes], *, max_bytes: int = IMAGE_MAX_BYTES) -> None:
    """Check an upload from its header, decoding no pixel: its size, format and pixel count.

    For forms, so that a refused image is reported next to its field. Raises ValidationError
    with a message for the person uploading.
    """
    with _opened(upload, max_bytes) as image:
        _checked(image)


def _upright_reduced(image: Image.Image, max_side: int) -> Image.Image:
    # A square box is the same whichever way the EXIF orientation turns the image.
    image.draft(None, (max_side, max_side))
    # In place: a copy of the decoded pixels would double the peak for an upright photo.
    ImageOps.exif_transpose(image, in_place=True)
    image.thumbnail((max_side, max_side))
    return image


def _in_srgb(image: Image.Image) -> Image.Image:
    # Phones tag their photos with a wide-gamut profile (Display P3); dropping the profile
    # without converting would leave the colours dull, so they are converted to sRGB first.
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are
    return converted if converted is not None else image


def _in_saved_mode(image: Image.Image, saved_format: str) -> Image.Image:
    modes = _IMAGE_MODES[saved_format]
    if image.mode in modes:
        return image
    if image.mode.startswith("I"):
        # 16-bit grey (PNG modes I;16 and I): scale to 8 bits; a plain convert would clip.
        return image.convert("I").point(lambda value: value / 257).convert("L")
    return image.convert(modes[0])


def image_without_metadata(
    upload: File[bytes], *, max_side: int, max_bytes: int = IMAGE_MAX_BYTES
) -> ContentFile[bytes]:
    """Decode an uploaded image within a memory bound and encode its bare pixels again.

    Accepts JPEG, MPO (saved as JPEG), PNG, 16-bit PNG included (saved with 8 bits), and WebP.
    Checks the format and the pixel budget from the header before decoding; decodes JPEG
    already reduced; turns the image upright, converts it to sRGB, shrinks it to at most
    max_side pixels a side and encodes new pixels, so no EXIF (GPS, camera), XMP, ICC profile
    or comment remains. The file gets a random name. Raises ValidationError for a file over
    max_bytes (10 MB unless given), another format, too many pixels or an unreadable image.
    """
    with _opened(upload, max_bytes) as original:
        saved_format = _SAVED_FORMATS[_checked(original)]
        try:
            image = _upright_reduced(original, max_side)
            image = _in_saved_mode(_in_srgb(image), saved_format)
            # A new image from the bare pixels carries none of the original's info or EXIF.
            pixels_only = Image.frombytes(image.mode, image.size, image.tobytes())
        except (OSError, ValueError, SyntaxError) as error:
            raise ValidationError(
                _("The image could not be read. Upload a JPEG, PNG or WebP image."),
                code="invalid_image",
            ) from error
    buffer = io.BytesIO()
    pixels_only.save(buffer, format=saved_format)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{_EXTENSIONS[saved_format]}")
