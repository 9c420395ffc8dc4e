"""The map of places that the series and edition pages share (drawn by static/forums/js/map.js)."""

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("forums/partials/map.html")
def place_map(places: list[dict[str, Any]], map_id: str, label: str) -> dict[str, Any]:
    """A Leaflet map of `places` ({name, label, lat, lon, url, kind}) and the same places as a list.

    The tile layer comes from settings.MAP_TILE_URL; without one the map draws only the markers
    and their labels, and the page makes no request to a tile server.
    """
    return {
        "places": places,
        "map_id": map_id,
        "places_id": f"{map_id}-places",
        "label": label,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
