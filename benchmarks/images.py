"""Memory and time to turn an uploaded image into a clean avatar, against "Pillow full decode".

The peer is the approach Impact Days used before issue #5: open the image with Pillow, check
that it has at most 40 million pixels, decode it in full, turn it upright, shrink it and encode
the bare pixels again. Impact Days now checks a pixel budget per format from the header, before
decoding, and decodes JPEG already reduced (see impactdays.common.images).

Each measurement runs in a fresh process; the figure printed is how far its peak resident
memory grew over its size before it read the image. The peak is Linux's VmHWM, reset just
before measuring (getrusage's ru_maxrss cannot be reset, and survives even exec, so a child
would inherit its parent's peak). tracemalloc would miss it all: Pillow allocates pixels with
malloc, outside Python's allocator. Run from the repository root, on Linux:

    .venv/bin/python benchmarks/images.py
"""

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

AVATAR_MAX_SIDE = 1024
PEER_MAX_PIXELS = 40_000_000
RUNS = 3


def pillow_full_decode(data: bytes) -> bytes:
    """The peer: the previous image_without_metadata, without its Django parts."""
    with Image.open(io.BytesIO(data)) as original:
        image_format = original.format or ""
        if original.width * original.height > PEER_MAX_PIXELS:
            raise ValueError("too many pixels")
        upright = ImageOps.exif_transpose(original)
        upright.thumbnail((AVATAR_MAX_SIDE, AVATAR_MAX_SIDE))
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        pixels_only = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    buffer = io.BytesIO()
    pixels_only.save(buffer, format="JPEG" if image_format == "MPO" else image_format)
    return buffer.getvalue()


def impact_days(data: bytes) -> bytes:
    # Django parts are imported where they run: only in the measuring process, after setup.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from impactdays.common.images import image_without_metadata

    clean = image_without_metadata(SimpleUploadedFile("upload", data), max_side=AVATAR_MAX_SIDE)
    return clean.read()


def measure_one(method: str, path: Path) -> dict[str, object]:
    """Run one method on one file in this process; return its outcome, time and peak memory."""
    import django
    import django_stubs_ext
    from django.conf import settings

    django_stubs_ext.monkeypatch()  # as impactdays.config.settings does: File[bytes] at run time
    settings.configure(USE_I18N=False)
    django.setup()
    from django.core.exceptions import ValidationError

    convert = {"peer": pillow_full_decode, "ours": impact_days}[method]
    convert(_small_png())  # warm up: imports and Pillow's plugins are loaded before measuring
    data = path.read_bytes()
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the present size
    rss_before = _memory_mb("VmRSS")
    started = time.perf_counter()
    try:
        outcome = f"{len(convert(data)) // 1024} KB out"
    except (ValidationError, ValueError) as error:
        outcome = "refused: " + " ".join(getattr(error, "messages", [str(error)]))
    seconds = time.perf_counter() - started
    peak_mb = _memory_mb("VmHWM") - rss_before
    return {"outcome": outcome, "seconds": seconds, "peak_mb": peak_mb}


def _memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # the kernel writes kB
    raise LookupError(field)


def _small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _test_images(folder: Path) -> dict[str, Path]:
    side = 6320
    gradient = Image.linear_gradient("L").resize((side, side))
    photo = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_90), gradient))
    files = {
        "PNG 6,320² (the issue's file)": (photo, "PNG", {"optimize": True}),
        "JPEG 6,320² baseline": (photo, "JPEG", {"quality": 85}),
        "PNG 3,000 x 2,000 screenshot": (photo.resize((3000, 2000)), "PNG", {}),
    }
    paths = {}
    for number, (name, (image, image_format, options)) in enumerate(files.items()):
        path = folder / f"{number}.{image_format.lower()}"
        image.save(path, format=image_format, **options)
        paths[name] = path
    return paths


def _run(method: str, path: Path) -> dict[str, object]:
    results = [
        json.loads(
            subprocess.run(  # noqa: S603 -- runs this very script with a fixed argument list
                [sys.executable, __file__, method, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return {
        "outcome": results[0]["outcome"],
        "seconds": statistics.median(result["seconds"] for result in results),
        "peak_mb": max(result["peak_mb"] for result in results),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, path in _test_images(Path(folder)).items():
            size_kb = path.stat().st_size // 1024
            peer, ours = _run("peer", path), _run("ours", path)
            print(f"{name}, {size_kb} KB")
            for label, result in (("Pillow full decode", peer), ("Impact Days", ours)):
                print(
                    f"  {label:<19} {result['peak_mb']:7.1f} MB {result['seconds']:7.3f} s  "
                    f"{result['outcome']}"
                )
            if str(ours["outcome"]).startswith("refused"):
                print("  ratio: none, Impact Days refuses it from the header (peak under 0.1 MB)")
            else:
                print(
                    f"  ratio (peer / ours): memory {peer['peak_mb'] / ours['peak_mb']:.1f}x, "
                    f"time {peer['seconds'] / ours['seconds']:.1f}x"
                )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(measure_one(sys.argv[1], Path(sys.argv[2]))))
    else:
        main()
