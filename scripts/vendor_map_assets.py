"""Copy the maps' third-party files from the npm registry into forums/static/forums/vendor/.

The maps draw without any network at run time, so the basemap and the clustering plugin ship
with the project. This script is how they got there, and how to update them: it runs
`npm pack` for each pinned package (npm checks each tarball's integrity against the registry),
then copies the few files the maps load, with their licences.

    python scripts/vendor_map_assets.py

- world-atlas: Natural Earth 1:110m country outlines and land as TopoJSON (the data is public
  domain; the package is ISC). 1:50m would be 750 KB, too much for a page; 1:110m is enough to
  tell where a place is in the world, but shows no detail at city scale.
- topojson-client: decodes the TopoJSON into GeoJSON in the browser (ISC).
- leaflet.markercluster: groups pins that overlap (MIT).

Source-map comments are dropped: the maps are not shipped, and the manifest storage of
collectstatic refuses a reference to a missing file.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src/impactdays/forums/static/forums/vendor"

# package@version -> {file in the tarball (under package/): name in VENDOR/<folder>/}
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "world-atlas@2.0.2": (
        "world-atlas",
        {"countries-110m.json": "countries-110m.json", "LICENSE": "LICENSE"},
    ),
    "topojson-client@3.1.0": (
        "topojson-client",
        {"dist/topojson-client.min.js": "topojson-client.min.js", "LICENSE": "LICENSE"},
    ),
    "leaflet.markercluster@1.5.3": (
        "leaflet.markercluster",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "MIT-LICENCE.txt": "MIT-LICENCE.txt",
        },
    ),
}

SOURCE_MAP = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")


def vendor(spec: str, folder: str, files: dict[str, str], workdir: Path) -> None:
    """Pack one pinned package and copy the listed files into VENDOR/folder."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is not on PATH (Debian: apt-get install npm).")
    output = subprocess.run(  # noqa: S603 -- a fixed command with a pinned package name
        [npm, "pack", spec, "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / output.stdout.strip().splitlines()[-1]
    unpacked = workdir / folder
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    target = VENDOR / folder
    target.mkdir(parents=True, exist_ok=True)
    for source, name in files.items():
        content = (unpacked / "package" / source).read_bytes()
        if name.endswith(".js"):
            content = SOURCE_MAP.sub(b"\n", content)
        (target / name).write_bytes(content)
        print(f"{spec}: {source} -> {(target / name).relative_to(VENDOR.parent)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        for spec, (folder, files) in PACKAGES.items():
            vendor(spec, folder, files, Path(workdir))


if __name__ == "__main__":
    main()
