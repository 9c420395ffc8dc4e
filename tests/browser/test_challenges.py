"""Challenges in a browser: the edition map with the demo's layers, and observations recorded
offline on a phone that reach the server exactly once when the connection is back."""

import io

import pytest
from PIL import Image

from impactdays.challenges.models import Challenge, Observation
from impactdays.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_organiser import _sign_in_as_organiser

EDITION = "/series/social-impact-days/yaroslavl-2018/"
PARTICIPANT = f"participant@{DEMO_DOMAIN}"


def _sign_in(page, base_url):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", PARTICIPANT)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def _photo(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "size", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
)
def test_edition_map_shows_the_demo_layers_and_lists_them(
    new_page, live_server, demo_forum, settings, size
):
    settings.MAP_TILE_URL = ""
    page = new_page(size)

    page.goto(live_server.url + EDITION + "challenges/")
    page.wait_for_selector("[data-challenge-map][data-drawn=true]")

    element = page.locator("#challenge-map")
    assert element.get_attribute("data-count-venues") == "1"
    assert element.get_attribute("data-count-places") == "5"
    assert element.get_attribute("data-count-challenges") == "1"  # the one drawn as an area
    assert element.get_attribute("data-count-observations") == "60"
    assert page.locator("#challenge-map .leaflet-control-layers-overlays input").count() == 4
    assert page.locator("#challenge-map path.challenge-feature-observations").count() == 60
    assert page.locator("[data-layer-list=places] li").count() == 5
    assert "Great Manufactory territory" in page.inner_text("[data-layer-list=places]")
    assert page.locator("#challenge-map .leaflet-tile").count() == 0

    page.click("[data-layer-list=places] a:text('Textil courtyard')")
    page.wait_for_selector("h1:text('Textil courtyard')")
    assert page.locator(".gallery img").count() >= 1
    page.goto(live_server.url + EDITION + "challenges/gallery/")
    assert page.locator(".gallery figure").count() == 5


def test_two_observations_recorded_offline_are_stored_once_each(new_page, live_server, demo_forum):
    page = new_page(PHONE)
    _sign_in(page, live_server.url)
    page.goto(live_server.url + EDITION + "challenges/observe/")
    texts = ["Offline note one: the gate is locked", "Offline note two: no ramp at the steps"]

    page.context.set_offline(True)
    for index, text in enumerate(texts):
        page.fill("#observation-text", text)
        page.check("input[name=tags][value=accessibility]")
        page.fill("#observation-latitude", "57.6049")
        page.fill("#observation-longitude", "39.8843")
        page.set_input_files(
            "#observation-photos",
            files=[
                {
                    "name": f"photo-{index}.jpg",
                    "mimeType": "image/jpeg",
                    "buffer": _photo((40 * index, 90, 140)),
                }
            ],
        )
        page.click("button[type=submit]:text('Save observation')")
        page.wait_for_selector(f"#observation-queue li:has-text('{text[:20]}')[data-state=waiting]")
    assert page.inner_text("#connection-status").startswith("Offline")
    assert Observation.objects.filter(text__in=texts).count() == 0

    page.context.set_offline(False)
    page.wait_for_selector("#observation-queue li[data-state=sent] >> nth=1")
    # A reload comes back to the queue already sent: nothing is sent again.
    page.reload()
    page.wait_for_selector("#observation-queue li[data-state=sent] >> nth=1")

    stored = Observation.objects.filter(text__in=texts)
    assert sorted(stored.values_list("text", flat=True)) == sorted(texts)
    assert [observation.photos.count() for observation in stored] == [1, 1]
    assert {observation.location_source for observation in stored} == {"map"}
    assert page.locator("#observation-queue li[data-state=sent]").count() == 2


def test_observation_page_opens_again_without_a_connection(new_page, live_server, demo_forum):
    page = new_page(PHONE)
    _sign_in(page, live_server.url)
    page.goto(live_server.url + EDITION + "challenges/observe/")
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    # Opened once under the service worker, the page and its files are kept.
    page.reload()
    page.wait_for_selector("#observation-form")

    page.context.set_offline(True)
    page.reload()

    assert page.locator("h1").inner_text() == "Record observations"
    assert page.inner_text("#connection-status").startswith("Offline")


def test_organiser_accepts_the_demo_proposal_from_the_moderation_queue(
    new_page, live_server, demo_forum
):
    page = new_page(PHONE)
    _sign_in_as_organiser(page, live_server.url)

    page.goto(live_server.url + EDITION + "manage/challenges/")
    proposal = page.locator(".challenge-card", has_text="empty factory halls")
    proposal.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()

    assert "The challenge is now: Accepted." in page.inner_text("body")
    assert page.locator(".challenge-card", has_text="empty factory halls").count() == 0
    assert Challenge.objects.get(title_en__contains="empty factory halls").status == "accepted"
