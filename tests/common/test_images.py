import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from impactdays.common.images import IMAGE_MAX_BYTES, image_check, image_without_metadata

CAMERA_EXIF_TAGS = (ExifTags.Base.Make, ExifTags.Base.GPSInfo, ExifTags.Base.Orientation)


def phone_exif(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (57.0, 37.0, 34.0),
    }
    return exif


def photo_with_gps(size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="JPEG", exif=phone_exif())
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def upload(image: Image.Image, image_format: str, name: str, **save: object) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **save)
    return SimpleUploadedFile(name, buffer.getvalue())


def png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A small PNG file whose header claims width x height pixels, as a decompression bomb does."""
    data = upload(Image.new("L", (8, 8)), "PNG", "bomb.png").read()
    header = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + header
    patched = data[:16] + header + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    return SimpleUploadedFile("bomb.png", patched)


def opened(clean: SimpleUploadedFile) -> Image.Image:
    return Image.open(io.BytesIO(clean.read()))


def png_16_bit_rgb(width: int, height: int) -> SimpleUploadedFile:
    """A 16-bit RGB PNG as scanners and photo editors write it (Pillow cannot write one)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\0" + struct.pack(">HHH", 65_535, 32_896, 0) * width  # filter byte, then pixels
    return SimpleUploadedFile(
        "scan.png",
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b""),
    )


def pillow_stats_of(action) -> dict[str, int]:
    """Pillow's own counters of pixel memory while `action` runs: images made, 16 MB blocks."""
    Image.core.reset_stats()
    action()
    return Image.core.get_stats()


def test_image_without_metadata_drops_exif_and_shrinks():
    clean = image_without_metadata(photo_with_gps(size=(800, 600)), max_side=200)

    with opened(clean) as image:
        assert (image.format, image.size) == ("JPEG", (200, 150))
        assert dict(image.getexif()) == {}
    assert clean.name.endswith(".jpg") and "photo" not in clean.name


def test_image_without_metadata_turns_photo_upright():
    # Orientation 6: the camera was held upright, the sensor stored the pixels turned.
    sideways = upload(Image.new("RGB", (80, 40)), "JPEG", "a.jpg", exif=phone_exif(orientation=6))

    clean = image_without_metadata(sideways, max_side=200)

    with opened(clean) as image:
        assert image.size == (40, 80)


def test_image_without_metadata_stores_mpo_as_jpeg_without_exif():
    photo = Image.new("RGB", (300, 200), "teal")
    depth_map = Image.new("RGB", (300, 200), "grey")
    mpo = upload(photo, "MPO", "phone.jpg", save_all=True, append_images=[depth_map])
    mpo.file.seek(0)
    with Image.open(mpo.file) as original:
        assert original.format == "MPO"

    clean = image_without_metadata(mpo, max_side=100)

    with opened(clean) as image:
        assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (100, 67), 1)
        assert dict(image.getexif()) == {}
        assert "mp" not in image.info and "mpinfo" not in image.info
    assert clean.name.endswith(".jpg")


def test_image_without_metadata_drops_xmp_icc_and_comments():
    tagged = upload(
        Image.new("RGB", (60, 40), "teal"),
        "JPEG",
        "a.jpg",
        exif=phone_exif(),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        comment=b"taken at Lenina 5",
        xmp=b"<x:xmpmeta>GPS 57.6</x:xmpmeta>",
    )
    secrets = (b"PhoneMaker", b"Lenina", b"xmpmeta", b"ICC_PROFILE")
    tagged_bytes = tagged.read()
    assert [secret for secret in secrets if secret in tagged_bytes] == list(secrets)

    clean = image_without_metadata(tagged, max_side=100)

    clean_bytes = clean.read()
    assert [secret for secret in secrets if secret in clean_bytes] == []


def test_image_without_metadata_accepts_16_bit_grey_png():
    grey = Image.new("I;16", (50, 50), 40_000)

    clean = image_without_metadata(upload(grey, "PNG", "scan.png"), max_side=100)

    with opened(clean) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "L", (50, 50))
        assert image.getpixel((0, 0)) == 40_000 // 257


def test_image_without_metadata_accepts_16_bit_rgb_png():
    clean = image_without_metadata(png_16_bit_rgb(40, 30), max_side=100)

    with opened(clean) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", (40, 30))
        assert image.getpixel((0, 0)) == (255, 128, 0)


def test_image_without_metadata_accepts_webp():
    clean = image_without_metadata(
        upload(Image.new("RGBA", (40, 30)), "WEBP", "a.webp"), max_side=20
    )

    with opened(clean) as image:
        assert (image.format, image.size) == ("WEBP", (20, 15))
    assert clean.name.endswith(".webp")


@pytest.mark.parametrize(
    ("side", "message"),
    [
        (
            8_000,
            "The image has 64 megapixels; at most 12 are accepted for this kind of image. "
            "Upload a smaller one, or save it as a (non-progressive) JPEG.",
        ),
        # Past twice Pillow's own limit, Pillow refuses it while reading the header.
        (20_000, "The image has too many pixels; upload a smaller one."),
    ],
)
def test_image_without_metadata_refuses_bomb_without_decoding(side, message):
    bomb = png_claiming(side, side)

    with pytest.raises(ValidationError) as raised:
        pillow_stats_of(lambda: image_without_metadata(bomb, max_side=200))

    assert raised.value.messages == [message]
    assert Image.core.get_stats()["new_count"] == 0  # not one pixel buffer was made


def test_image_check_refuses_png_of_6320_pixels_a_side_without_decoding():
    bomb = png_claiming(6320, 6320)
    Image.core.reset_stats()

    with pytest.raises(ValidationError, match="40 megapixels; at most 12"):
        image_check(bomb)

    assert Image.core.get_stats()["new_count"] == 0


def test_image_without_metadata_decodes_large_jpeg_reduced():
    large = upload(Image.new("RGB", (6320, 6320), "teal"), "JPEG", "big.jpg")
    results = []

    stats = pillow_stats_of(lambda: results.append(image_without_metadata(large, max_side=1024)))

    with opened(results[0]) as image:
        assert image.size == (1024, 1024)
    # Each image made fits one 16 MB block: decoded at 1/4 a side it is 1,580² pixels (10 MB);
    # decoded in full it would be 6,320² pixels in ten blocks (160 MB).
    assert stats["allocated_blocks"] == stats["new_count"]


def test_image_without_metadata_gives_progressive_jpeg_the_full_decode_budget():
    progressive = upload(Image.new("RGB", (4000, 3200)), "JPEG", "p.jpg", progressive=True)

    with pytest.raises(ValidationError, match="13 megapixels; at most 12"):
        image_check(progressive)


def test_image_without_metadata_refuses_heic_in_words():
    heic = SimpleUploadedFile("IMG_0001.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)

    with pytest.raises(ValidationError) as raised:
        image_without_metadata(heic, max_side=200)

    assert raised.value.messages == [
        "HEIC photos are not accepted yet. Export the photo as JPEG, or set the camera "
        "to “Most compatible”."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image at all", "The image could not be read. Upload a JPEG, PNG or WebP image."),
        (
            upload(Image.new("RGB", (8, 8)), "GIF", "a.gif").read(),
            "Upload a JPEG, PNG or WebP image.",
        ),
        (
            upload(Image.new("RGB", (8, 8)), "BMP", "a.bmp").read(),
            "Upload a JPEG, PNG or WebP image.",
        ),
        (
            b"%PDF-1.7\n" + b"\0" * 100,
            "The image could not be read. Upload a JPEG, PNG or WebP image.",
        ),
        (
            upload(Image.new("RGB", (8, 8)), "PNG", "a.png").read() + b"\0" * IMAGE_MAX_BYTES,
            "The image is larger than 10 MB.",
        ),
    ],
    ids=["text", "gif", "bmp", "pdf", "over-10-mb"],
)
def test_image_without_metadata_refuses_wrong_type_in_words(content, message):
    with pytest.raises(ValidationError) as raised:
        image_without_metadata(SimpleUploadedFile("photo.jpg", content), max_side=200)

    assert raised.value.messages == [message]


def test_image_without_metadata_refuses_truncated_image():
    data = upload(Image.new("RGB", (400, 300), "teal"), "PNG", "a.png").read()

    with pytest.raises(ValidationError, match="could not be read"):
        image_without_metadata(SimpleUploadedFile("a.png", data[: len(data) // 2]), max_side=100)


def test_image_without_metadata_accepts_progressive_jpeg_of_a_12_megapixel_phone():
    # The budget for images decoded in full still takes a 12-megapixel phone photo.
    photo = upload(Image.new("RGB", (4032, 3024)), "JPEG", "p.jpg", progressive=True)

    clean = image_without_metadata(photo, max_side=1024)

    with opened(clean) as image:
        assert (image.format, image.size) == ("JPEG", (1024, 768))
