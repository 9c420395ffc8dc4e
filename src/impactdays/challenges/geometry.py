"""Places on the map as GeoJSON (RFC 7946) geometries kept in a JSONField, checked without GIS.

A challenge or a place is drawn as a Point, a Polygon (an area: a park, a factory's territory),
or several of them (MultiPoint, MultiPolygon, GeometryCollection). Positions are
[longitude, latitude] in WGS 84, as GeoJSON orders them. A ring of a polygon is closed (its
first and last positions are the same), has at least four positions and does not cross itself;
an area that crosses itself has no inside, and maps draw it as a bow tie.
"""

import math
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GEOMETRY_TYPES = ("Point", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection")
# A ring with more positions than this is a traced coastline, not a place a person drew.
RING_MAX_POSITIONS = 500
COLLECTION_MAX_GEOMETRIES = 50

Position = tuple[float, float]


def _position(value: Any) -> Position:  # Any: JSON input of any shape
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(isinstance(part, int | float) and not isinstance(part, bool) for part in value)
    ):
        raise ValidationError(
            _("A position is [longitude, latitude] in degrees."), code="invalid_position"
        )
    longitude, latitude = float(value[0]), float(value[1])
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise ValidationError(_("A position must be a finite number."), code="invalid_position")
    if not -180 <= longitude <= 180 or not -90 <= latitude <= 90:
        raise ValidationError(
            _(
                "The position [%(longitude)s, %(latitude)s] is off the globe: longitude goes from "
                "-180 to 180 and latitude from -90 to 90 (GeoJSON puts the longitude first)."
            )
            % {"longitude": value[0], "latitude": value[1]},
            code="out_of_range",
        )
    return longitude, latitude


def _orientation(a: Position, b: Position, c: Position) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a: Position, b: Position, c: Position) -> bool:
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def segments_cross(p1: Position, p2: Position, q1: Position, q2: Position) -> bool:
    """Whether segment p1-p2 and segment q1-q2 share a point (touching counts)."""
    d1 = _orientation(q1, q2, p1)
    d2 = _orientation(q1, q2, p2)
    d3 = _orientation(p1, p2, q1)
    d4 = _orientation(p1, p2, q2)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return (
        (d1 == 0 and _on_segment(q1, q2, p1))
        or (d2 == 0 and _on_segment(q1, q2, p2))
        or (d3 == 0 and _on_segment(p1, p2, q1))
        or (d4 == 0 and _on_segment(p1, p2, q2))
    )


def ring_crosses_itself(ring: list[Position]) -> bool:
    """Whether two edges of a closed ring that are not neighbours share a point.

    Checks every pair of edges: quadratic, which RING_MAX_POSITIONS keeps small.
    """
    edges = list(pairwise(ring))
    count = len(edges)
    for first in range(count):
        for second in range(first + 1, count):
            neighbours = second == first + 1 or (first == 0 and second == count - 1)
            if neighbours:
                continue
            if segments_cross(*edges[first], *edges[second]):
                return True
    return False


def _ring(value: Any) -> list[Position]:  # Any: JSON input
    if not isinstance(value, list) or len(value) < 4:
        raise ValidationError(
            _(
                "A ring of a polygon needs at least four positions, the last one equal to the first."
            ),
            code="invalid_ring",
        )
    if len(value) > RING_MAX_POSITIONS:
        raise ValidationError(
            _("A ring may have at most %(count)s positions.") % {"count": RING_MAX_POSITIONS},
            code="invalid_ring",
        )
    ring = [_position(position) for position in value]
    if ring[0] != ring[-1]:
        raise ValidationError(
            _("A ring of a polygon must be closed: its last position must equal its first."),
            code="ring_not_closed",
        )
    if len(set(ring[:-1])) < 3:
        raise ValidationError(
            _("A ring of a polygon needs at least three different positions."), code="invalid_ring"
        )
    if ring_crosses_itself(ring):
        raise ValidationError(
            _("The outline of the area crosses itself; draw it without crossing lines."),
            code="ring_self_intersecting",
        )
    return ring


def _polygon(value: Any) -> None:  # Any: JSON input
    if not isinstance(value, list) or not value:
        raise ValidationError(_("A polygon is a list of rings."), code="invalid_polygon")
    for ring in value:
        _ring(ring)


def _list_of(value: Any, message: str) -> list[Any]:  # Any: JSON input
    if not isinstance(value, list) or not value:
        raise ValidationError(message, code="invalid_geometry")
    return value


def geometry_validate(value: Any, *, depth: int = 0) -> None:  # Any: JSON input
    """Check that value is one of GEOMETRY_TYPES with valid positions and rings.

    Raises ValidationError with a message a person can act on: positions off the globe, open
    rings, outlines that cross themselves, unknown types.
    """
    if not isinstance(value, dict) or value.get("type") not in GEOMETRY_TYPES:
        raise ValidationError(
            _("A place on the map is a GeoJSON geometry of one of the types: %(types)s.")
            % {"types": ", ".join(GEOMETRY_TYPES)},
            code="invalid_geometry",
        )
    kind = value["type"]
    if kind == "GeometryCollection":
        if depth > 0:
            raise ValidationError(
                _("A geometry collection cannot contain another one."), code="invalid_geometry"
            )
        members = _list_of(value.get("geometries"), _("A geometry collection lists geometries."))
        if len(members) > COLLECTION_MAX_GEOMETRIES:
            raise ValidationError(
                _("At most %(count)s geometries.") % {"count": COLLECTION_MAX_GEOMETRIES},
                code="invalid_geometry",
            )
        for member in members:
            geometry_validate(member, depth=depth + 1)
        return
    coordinates = value.get("coordinates")
    if kind == "Point":
        _position(coordinates)
    elif kind == "MultiPoint":
        for position in _list_of(coordinates, _("A MultiPoint lists positions.")):
            _position(position)
    elif kind == "Polygon":
        _polygon(coordinates)
    else:
        for polygon in _list_of(coordinates, _("A MultiPolygon lists polygons.")):
            _polygon(polygon)


def validate_geometry(value: Any) -> None:  # Any: JSONField value
    """Field validator: an empty value means "not on the map"; anything else must be valid."""
    if value in (None, {}):
        return
    geometry_validate(value)


def geometry_positions(value: Any) -> list[Position]:  # Any: a validated geometry
    """Every position of a valid geometry, for centring a map or a list entry."""
    if not value:
        return []
    kind = value["type"]
    if kind == "GeometryCollection":
        return [
            position for member in value["geometries"] for position in geometry_positions(member)
        ]
    coordinates = value["coordinates"]
    if kind == "Point":
        return [(coordinates[0], coordinates[1])]
    if kind == "MultiPoint":
        return [(p[0], p[1]) for p in coordinates]
    rings = coordinates if kind == "Polygon" else [r for polygon in coordinates for r in polygon]
    return [(p[0], p[1]) for ring in rings for p in ring[:-1]]


def geometry_centre(value: Any) -> Position | None:  # Any: a validated geometry
    """The mean of the geometry's positions (longitude, latitude); None when it has none."""
    positions = geometry_positions(value)
    if not positions:
        return None
    return (
        sum(p[0] for p in positions) / len(positions),
        sum(p[1] for p in positions) / len(positions),
    )
