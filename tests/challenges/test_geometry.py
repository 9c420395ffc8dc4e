"""GeoJSON places: positions on the globe, closed rings that do not cross themselves."""

import pytest
from django.core.exceptions import ValidationError

from impactdays.challenges.geometry import geometry_centre, geometry_validate
from tests.challenges.factories import GREAT_MANUFACTORY


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [39.8936, 57.6266]},
        {"type": "Point", "coordinates": [-180, -90]},
        GREAT_MANUFACTORY,
        {"type": "MultiPoint", "coordinates": [[39.9, 57.6], [39.91, 57.61]]},
        {"type": "MultiPolygon", "coordinates": [GREAT_MANUFACTORY["coordinates"]]},
        {
            "type": "GeometryCollection",
            "geometries": [{"type": "Point", "coordinates": [39.9, 57.6]}, GREAT_MANUFACTORY],
        },
    ],
)
def test_geometry_validate_accepts_points_and_areas(geometry):
    geometry_validate(geometry)


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        ({"type": "Point", "coordinates": [57.6, 239.9]}, "out_of_range"),
        ({"type": "Point", "coordinates": [181, 0]}, "out_of_range"),
        ({"type": "Point", "coordinates": [0, -90.5]}, "out_of_range"),
        ({"type": "Point", "coordinates": ["39.9", 57.6]}, "invalid_position"),
        ({"type": "Point", "coordinates": [True, 57.6]}, "invalid_position"),
        ({"type": "Point", "coordinates": [39.9]}, "invalid_position"),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "invalid_geometry"),
        ("POINT(0 0)", "invalid_geometry"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "invalid_ring"),
        # Open: the last position is not the first.
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "ring_not_closed"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]]]},
            "ring_not_closed",
        ),
        # A bow tie: the outline crosses itself.
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "ring_self_intersecting",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0], [1, 0], [0, 0]]]},
            "invalid_ring",
        ),
        (
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "GeometryCollection", "geometries": []}],
            },
            "invalid_geometry",
        ),
    ],
)
def test_geometry_validate_refuses_invalid_places(geometry, code):
    with pytest.raises(ValidationError) as raised:
        geometry_validate(geometry)

    assert raised.value.code == code


def test_geometry_validate_names_the_position_off_the_globe():
    with pytest.raises(ValidationError) as raised:
        geometry_validate({"type": "Point", "coordinates": [57.6, 239.9]})

    assert "[57.6, 239.9] is off the globe" in raised.value.messages[0]


def test_geometry_centre_is_the_mean_of_the_ring_without_its_closing_position():
    assert geometry_centre(GREAT_MANUFACTORY) == pytest.approx((39.9075, 57.6195))
