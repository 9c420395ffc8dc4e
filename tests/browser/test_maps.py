"""Maps without a tile server: the shipped basemap, clusters, legend, list and the map picker.

The tests run with MAP_TILE_URL empty (the default), so every line on the map comes from the
Natural Earth outlines shipped in static/forums/vendor/world-atlas.
"""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_organiser import MANAGE, _sign_in_as_organiser
from tests.geocoder_stub import stub_geocoder

LAPTOP = {"width": 1280, "height": 800}
SIZES = [pytest.param(PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]
EDITION = "/series/social-impact-days/yaroslavl-2018/"
# world-atlas countries-110m: 177 countries, plus the land's coastline.
COUNTRY_COUNT = 177


def _open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-map][data-basemap=drawn][data-marker-count]")


@pytest.fixture
def no_tiles(settings):
    settings.MAP_TILE_URL = ""


@pytest.fixture
def geocoder(settings):
    with stub_geocoder(settings) as stub:
        yield stub


@pytest.mark.parametrize("size", SIZES)
def test_edition_map_draws_the_shipped_outlines_without_tiles(
    new_page, live_server, demo_forum, no_tiles, artifacts, size, request
):
    page = new_page(size)
    requests: list[str] = []
    page.on("request", lambda sent: requests.append(sent.url))

    _open_map(page, live_server.url + EDITION)

    outlines = page.locator("#edition-map .leaflet-basemap-pane path").count()
    assert outlines == COUNTRY_COUNT + 1
    assert page.locator("#edition-map .leaflet-tile").count() == 0
    # Nothing is asked from another host: the basemap and the scripts are the site's own files.
    assert all(url.startswith(live_server.url) for url in requests)
    assert "Natural Earth" in page.inner_text("#edition-map .leaflet-control-attribution")
    page.screenshot(path=artifacts / f"map-edition-{request.node.callspec.id}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_overlapping_pins_cluster_and_open_on_a_click(
    new_page, live_server, demo_forum, no_tiles, size
):
    page = new_page(size)
    _open_map(page, live_server.url + EDITION)
    # MitOst and the International Alumni Center are 3 km apart in Berlin.
    cluster = page.locator('#edition-map .map-cluster[aria-label*="MitOst"]')
    cluster_label = cluster.get_attribute("aria-label")
    labels_before = page.locator("#edition-map .map-label").all_inner_texts()

    cluster.click()
    page.wait_for_selector('#edition-map .map-pin-partner[aria-label="MitOst"]')
    # The cluster fades out while its pins move apart, then leaves the map.
    cluster.wait_for(state="detached")

    assert cluster_label == (
        "Places in this group: 2 (International Alumni Center, MitOst). Select to zoom in."
    )
    assert any(
        "MitOst" in label and "International Alumni Center" in label for label in labels_before
    )
    labels_after = page.locator("#edition-map .map-label").all_inner_texts()
    assert "MitOst" in labels_after
    assert "International Alumni Center" in labels_after


def test_cluster_opens_with_the_keyboard(new_page, live_server, demo_forum, no_tiles):
    page = new_page(LAPTOP)
    _open_map(page, live_server.url + EDITION)
    cluster = page.locator('#edition-map .map-cluster[aria-label*="MitOst"]')

    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('#edition-map .map-pin-partner[aria-label="MitOst"]')
    cluster.wait_for(state="detached")

    assert page.evaluate("document.activeElement.id") == "edition-map"


@pytest.mark.parametrize("size", SIZES)
def test_map_has_a_legend_and_the_same_places_as_a_list(
    new_page, live_server, demo_forum, no_tiles, size
):
    page = new_page(size)

    _open_map(page, live_server.url + EDITION)

    assert page.get_attribute("#edition-map", "aria-label") == "Map of the venues and partners"
    assert page.get_attribute("#edition-map", "tabindex") == "0"
    legend = page.get_by_role("list", name="Legend").inner_text()
    assert "Venue" in legend
    assert "Partner organisation" in legend
    assert "Places close together" in legend
    places = page.get_by_role("list", name="Places on the map").locator("li").all_inner_texts()
    assert sorted(place.strip() for place in places) == [
        "International Alumni Center Partner organisation",
        "MitOst Partner organisation",
        "SOL Social Innovation Support Center Partner organisation",
        "Textil Cultural Center Venue",
    ]
    assert page.get_by_role("link", name="MitOst").last.get_attribute("href") == (
        "https://www.mitost.org"
    )


@pytest.mark.parametrize("size", SIZES)
def test_series_map_shows_every_edition_with_outlines(
    new_page, live_server, demo_forum, no_tiles, size
):
    page = new_page(size)

    _open_map(page, live_server.url + "/series/social-impact-days/")

    assert page.get_attribute("#series-map", "data-marker-count") == "5"
    assert page.locator("#series-map .leaflet-basemap-pane path").count() == COUNTRY_COUNT + 1
    labels = " ".join(page.locator("#series-map .map-label").all_inner_texts())
    for city in ("Tbilisi", "Yerevan", "Lviv", "Yaroslavl", "Kaunas"):
        assert city in labels


@pytest.mark.parametrize("size", SIZES)
def test_map_picker_sets_the_inputs_on_a_click(
    new_page, live_server, demo_forum, no_tiles, artifacts, size, request
):
    page = new_page(size)
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + MANAGE + "venues/")
    venue_form = page.locator("form", has=page.get_by_role("button", name="Add the venue"))
    picker = venue_form.locator(".map-picker-map")
    picker.wait_for()
    venue_form.locator(".leaflet-basemap-pane path").first.wait_for(state="attached")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()

    # The empty picker is centred on 45° N, 15° E: a click in its middle picks about that point.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    latitude = float(venue_form.locator("[name=latitude]").input_value())
    longitude = float(venue_form.locator("[name=longitude]").input_value())
    assert abs(latitude - 45) < 2
    assert abs(longitude - 15) < 2
    assert venue_form.locator(".map-pin-point").count() == 1
    # The details form's picker starts at the edition's own point (Kaunas).
    page.goto(live_server.url + MANAGE + "details/")
    details = page.locator("form", has=page.get_by_role("button", name="Save the details"))
    assert details.locator(".map-pin-point").count() == 1
    # With the keyboard: Enter on the focused map takes its centre, here Kaunas again.
    details.locator("[name=latitude]").fill("")
    details.locator("[name=longitude]").fill("")
    details.locator(".map-picker-map").focus()
    page.keyboard.press("Enter")
    # (Leaflet keeps its view on whole pixels: at zoom 5 a pixel is about 0.04°.)
    assert abs(float(details.locator("[name=latitude]").input_value()) - 54.8985) < 0.05
    assert abs(float(details.locator("[name=longitude]").input_value()) - 23.9036) < 0.05
    page.screenshot(path=artifacts / f"map-picker-{request.node.callspec.id}.png", full_page=True)


def test_map_picker_finds_an_address_through_the_site(
    new_page, live_server, demo_forum, no_tiles, geocoder
):
    page = new_page(LAPTOP)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + MANAGE + "venues/")
    venue_form = page.locator("form", has=page.get_by_role("button", name="Add the venue"))

    search = venue_form.locator("[data-geocode-query]")
    search.fill("Textil Yaroslavl")
    search.press("Enter")
    venue_form.get_by_role("button", name="Textil Cultural Center, Yaroslavl, Russia").click()

    assert venue_form.locator("[name=latitude]").input_value() == "57.6049"
    assert venue_form.locator("[name=longitude]").input_value() == "39.8843"
    assert [sent["query"]["q"] for sent in geocoder.requests] == [["Textil Yaroslavl"]]
    # The page stayed on its own origin: no Content-Security-Policy report in the console.
    assert not [text for text in problems if "Content Security Policy" in text]
