"""Address search for the map picker, through the Nominatim-compatible service of GEOCODER_URL.

Off unless settings.GEOCODER_URL is set. The site asks the service (never the browser), so the
page's Content-Security-Policy stays 'self' and the visitor's address is not sent to a third
party. Answers are cached for a day: Nominatim's usage policy asks for it, and an organiser who
searches the same address twice should not wait twice.
"""

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

RESULT_LIMIT = 5
MAX_ANSWER_BYTES = 256 * 1024
CACHE_SECONDS = 24 * 60 * 60
QUERY_MAX_LENGTH = 200


@dataclass(frozen=True)
class GeocodedPlace:
    name: str
    latitude: float
    longitude: float


class GeocodingError(Exception):
    """The search failed; the message says so in words an organiser can act on."""


def geocoding_is_enabled() -> bool:
    return bool(settings.GEOCODER_URL)


def _search_url(query: str, language: str) -> str:
    parameters = urlencode(
        {"q": query, "format": "jsonv2", "limit": RESULT_LIMIT, "accept-language": language}
    )
    separator = "&" if "?" in settings.GEOCODER_URL else "?"
    return f"{settings.GEOCODER_URL}{separator}{parameters}"


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(  # noqa: S310 -- settings refuse a scheme other than http(s)
        url,
        headers={
            "Accept": "application/json",
            # Nominatim's policy: name the application and how to reach it.
            "User-Agent": f"{settings.SITE_NAME} ({settings.SITE_URL})",
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 -- as above
            request, timeout=float(settings.GEOCODER_TIMEOUT_SECONDS)
        ) as response:
            body: bytes = response.read(MAX_ANSWER_BYTES + 1)
    except OSError as error:
        # URLError and socket timeouts are OSErrors; a timeout may come wrapped in a URLError.
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, TimeoutError):
            raise GeocodingError(
                _(
                    "The address search did not answer in time. Try again, or pick the point on the map."
                )
            ) from error
        raise GeocodingError(
            _("The address search is unavailable. Pick the point on the map instead.")
        ) from error
    if len(body) > MAX_ANSWER_BYTES:
        raise GeocodingError(_("The address search gave an answer that could not be read."))
    return body


def _places(body: bytes) -> list[GeocodedPlace]:
    """Nominatim's jsonv2 answer: a list of {display_name, lat, lon}, the numbers as strings."""
    unreadable = GeocodingError(_("The address search gave an answer that could not be read."))
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise unreadable from error
    if not isinstance(answer, list):
        raise unreadable
    places = []
    for item in answer[:RESULT_LIMIT]:
        try:
            latitude, longitude = float(item["lat"]), float(item["lon"])
            name = str(item["display_name"])
        except (TypeError, KeyError, ValueError) as error:
            raise unreadable from error
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise unreadable
        places.append(GeocodedPlace(name=name, latitude=latitude, longitude=longitude))
    return places


def address_geocode(*, query: str, language: str) -> list[GeocodedPlace]:
    """The places (at most RESULT_LIMIT) that the geocoder finds for `query`, named in `language`.

    Preconditions: geocoding_is_enabled(); the caller checked the permission and the rate limit.
    Effects: one request to GEOCODER_URL unless the same search is cached; caches the answer.
    Raises GeocodingError on a timeout, an unreachable or failing service, or an unreadable
    answer; ValueError for an empty or overlong query.
    """
    query = " ".join(query.split())
    if not query or len(query) > QUERY_MAX_LENGTH:
        raise ValueError("query")
    key = "geocode:" + hashlib.sha256(f"{language}\n{query}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return [GeocodedPlace(**place) for place in cached]
    places = _places(_fetch(_search_url(query, language)))
    cache.set(key, [asdict(place) for place in places], CACHE_SECONDS)
    return places
