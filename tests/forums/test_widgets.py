"""The map picker widget on the coordinates of the edition and venue forms."""

import re

import pytest
from django.urls import reverse

from impactdays.forums.forms import EditionForm, VenueForm
from impactdays.forums.models import Edition, Venue
from impactdays.forums.widgets import MapPointWidget

pytestmark = pytest.mark.django_db


def _url(name: str, edition: Edition) -> str:
    return reverse(name, kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug})


def _picker(html: str) -> str:
    match = re.search(r'<div class="map-picker" data-map-picker[^>]*>', html)
    assert match is not None, html
    return match.group(0)


def test_picker_renders_after_the_longitude_input_and_names_the_latitude_input(edition):
    form = EditionForm(instance=edition)

    html = str(form["longitude"])

    assert f'<input type="number" name="longitude" value="{edition.longitude}" step="any"' in html
    assert html.index('name="longitude"') < html.index("data-map-picker")
    picker = _picker(html)
    assert 'data-latitude-name="latitude"' in picker
    assert 'data-longitude-name="longitude"' in picker
    assert "/static/forums/vendor/world-atlas/countries-110m.json" in picker
    # The map is hidden until the script draws it: without JavaScript only the inputs show.
    assert 'class="map-picker-map"' in html
    assert re.search(r'class="map-picker-map"[^>]*\bhidden\b', html)
    assert '<script src="/static/forums/js/map_picker.js" defer></script>' in html
    # The latitude input is an ordinary number input the widget reads, not replaces.
    assert str(form["latitude"]).startswith('<input type="number" name="latitude"')


def test_picker_of_a_prefixed_form_names_the_prefixed_latitude_input():
    form = VenueForm(prefix="venue")

    picker = _picker(str(form["longitude"]))

    assert 'data-latitude-name="venue-latitude"' in picker
    assert 'data-longitude-name="venue-longitude"' in picker


def test_picker_has_no_address_search_while_no_geocoder_is_set(settings):
    settings.GEOCODER_URL = ""

    html = str(VenueForm()["longitude"])

    assert "map-picker-search" not in html
    assert "data-geocode-url" not in html


def test_picker_offers_the_address_search_through_the_site_when_a_geocoder_is_set(settings):
    settings.GEOCODER_URL = "https://geocoder.example.org/search"

    html = str(VenueForm()["longitude"])

    assert f'data-geocode-url="{reverse("forums:address-geocode")}"' in html
    # The browser asks this site, never the geocoder's host (CSP stays 'self').
    assert "geocoder.example.org" not in html
    assert "Find an address" in html


def test_picker_shows_tiles_only_when_a_tile_server_is_set(settings):
    settings.MAP_TILE_URL = ""
    without = _picker(str(VenueForm()["longitude"]))
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    with_tiles = _picker(str(VenueForm()["longitude"]))

    assert "data-tile-url" not in without
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in with_tiles


def test_widget_value_round_trips_as_a_number():
    widget = MapPointWidget()

    value = widget.value_from_datadict({"longitude": "39.88432"}, {}, "longitude")

    assert value == "39.88432"
    assert VenueForm(
        {"name_en": "Hall", "address_en": "Street 1", "latitude": "57.60491", "longitude": value}
    ).is_valid()


def test_venue_saved_with_the_coordinates_the_picker_wrote(client, edition, organiser):
    client.force_login(organiser)

    client.post(
        _url("forums:edition-venue-create", edition),
        {
            "name_en": "Hall",
            "address_en": "Street 1",
            "latitude": "57.60491",
            "longitude": "39.88432",
        },
    )

    venue = Venue.objects.get(edition=edition)
    assert (venue.latitude, venue.longitude) == (57.60491, 39.88432)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("57.6", "200", "longitude", "Ensure this value is less than or equal to 180."),
        ("-91", "39.9", "latitude", "Ensure this value is greater than or equal to -90."),
        ("57.6", "east", "longitude", "Enter a number."),
        ("", "39.9", "latitude", "This field is required."),
    ],
)
def test_bad_venue_coordinates_show_the_error_next_to_the_picker_and_save_nothing(
    client, edition, organiser, latitude, longitude, field, message
):
    client.force_login(organiser)

    response = client.post(
        _url("forums:edition-venue-create", edition),
        {"name_en": "Hall", "address_en": "Street 1", "latitude": latitude, "longitude": longitude},
    )

    assert response.status_code == 200
    assert response.context["venue_form"].errors == {field: [message]}
    content = response.content.decode()
    assert message in content
    # The page shows the picker again, with the organiser's input kept.
    assert f'name="longitude" value="{longitude}"' in content
    assert 'data-latitude-name="latitude" data-longitude-name="longitude"' in content
    assert not Venue.objects.filter(edition=edition).exists()


def test_bad_edition_coordinates_are_refused_and_change_nothing(client, edition, organiser):
    client.force_login(organiser)
    before = (edition.latitude, edition.longitude)
    form = EditionForm(instance=edition)
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(country=str(edition.country), longitude="181", is_illustrative="")

    response = client.post(_url("forums:edition-details-update", edition), data)

    assert response.context["details_form"].errors == {
        "longitude": ["Ensure this value is less than or equal to 180."]
    }
    edition.refresh_from_db()
    assert (edition.latitude, edition.longitude) == before


def test_organisation_admin_form_has_the_picker(client, site_admin):
    client.force_login(site_admin)

    response = client.get(reverse("admin:forums_organisation_add"))

    assert response.status_code == 200
    assert 'data-latitude-name="latitude" data-longitude-name="longitude"' in (
        response.content.decode()
    )
