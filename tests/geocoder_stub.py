"""A Nominatim-like geocoder on this machine, for the tests of the map picker's address search."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

YAROSLAVL = [
    {
        "display_name": "Textil Cultural Center, Yaroslavl, Russia",
        "lat": "57.6049",
        "lon": "39.8843",
    },
    {"display_name": "Yaroslavl, Russia", "lat": "57.6261", "lon": "39.8845"},
]


class StubGeocoder(BaseHTTPRequestHandler):
    """Answers every search with `body` and `status`, after `delay` seconds; records each query."""

    body: ClassVar[bytes] = b"[]"
    status: ClassVar[int] = 200
    delay: ClassVar[float] = 0.0
    requests: ClassVar[list[dict[str, object]]] = []

    def do_GET(self) -> None:  # noqa: N802 -- the name http.server calls
        type(self).requests.append(
            {
                "query": parse_qs(urlsplit(self.path).query),
                "user_agent": self.headers.get("User-Agent", ""),
            }
        )
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def stub_geocoder(settings: Any) -> Iterator[type[StubGeocoder]]:
    """Serve StubGeocoder on a free local port and point settings.GEOCODER_URL at it."""
    StubGeocoder.body, StubGeocoder.status, StubGeocoder.delay = (
        json.dumps(YAROSLAVL).encode(),
        200,
        0.0,
    )
    StubGeocoder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubGeocoder)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_address[1]}/search"
    settings.GEOCODER_TIMEOUT_SECONDS = 0.5
    try:
        yield StubGeocoder
    finally:
        server.shutdown()
        server.server_close()
