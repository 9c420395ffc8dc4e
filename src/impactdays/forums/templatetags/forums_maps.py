"""The map of places that the series and edition pages share (drawn by static/forums/js/map.js)."""

from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

register = template.Library()

BASEMAP_PATH = "forums/vendor/world-atlas/countries-110m.json"


def place_kinds() -> dict[str, str]:
    """What each kind of pin stands for, in the reader's language, in the legend's order."""
    return {
        "edition": _("Edition"),
        "venue": _("Venue"),
        "partner": _("Partner organisation"),
    }


def map_settings() -> dict[str, str]:
    """What every map element needs besides its places: basemap, tiles, attribution."""
    return {
        "basemap_url": static(BASEMAP_PATH),
        "basemap_attribution": _("Outlines: Natural Earth 1:110m (public domain)"),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@register.inclusion_tag("forums/partials/map.html")
def place_map(places: list[dict[str, Any]], map_id: str, label: str) -> dict[str, Any]:
    """A Leaflet map of `places` ({name, label, lat, lon, url, kind}), its legend, and the same
    places as a list (the path for screen readers and for pages without JavaScript).

    The basemap (Natural Earth outlines) ships with the site; the tile layer comes from
    settings.MAP_TILE_URL, and without one the page makes no request to a tile server.
    """
    kinds = place_kinds()
    present = {place["kind"] for place in places}
    return {
        "places": [{**place, "kind_label": kinds.get(place["kind"], "")} for place in places],
        "kinds": [(kind, label) for kind, label in kinds.items() if kind in present],
        "map_id": map_id,
        "places_id": f"{map_id}-places",
        "label": label,
        # {count} and {names} are filled in by map.js.
        "cluster_label": _("Places in this group: {count} ({names}). Select to zoom in."),
        **map_settings(),
    }
