"""Home, series and edition pages in a phone-sized and a desktop-sized window."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", SIZES)
def test_home_lists_upcoming_edition(new_page, live_server, demo_forum, artifacts, size, request):
    page = new_page(size)

    page.goto(live_server.url + "/")

    assert page.get_by_text("Social Impact Days Kaunas 2027").first.is_visible()
    assert _fits_width(page)
    page.screenshot(path=artifacts / f"home-{request.node.callspec.id}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_series_map_shows_every_edition(
    new_page, live_server, demo_forum, artifacts, size, request
):
    page = new_page(size)

    page.goto(live_server.url + "/series/social-impact-days/")
    page.wait_for_selector("[data-marker-count]")

    assert page.get_attribute("[data-marker-count]", "data-marker-count") == "5"
    labels = sorted(page.locator(".leaflet-container .map-label").all_inner_texts())
    assert any("Yaroslavl" in label and "2018" in label for label in labels)
    # Tbilisi and Yerevan are close enough to share a cluster, whose label names both.
    for city in ("Tbilisi 2015", "Yerevan 2016", "Lviv 2017", "Yaroslavl 2018", "Kaunas 2027"):
        assert city in " ".join(labels)
    assert _fits_width(page)
    page.screenshot(path=artifacts / f"series-{request.node.callspec.id}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_edition_page_shows_partners_on_the_map(
    new_page, live_server, demo_forum, artifacts, size, request
):
    page = new_page(size)

    page.goto(live_server.url + "/series/social-impact-days/yaroslavl-2018/")
    page.wait_for_selector("[data-marker-count]")

    body = page.inner_text("main")
    assert "Unlocking Communities' Potential for Collaborative Cities" in body
    for name in ("MitOst", "International Alumni Center", "SOL Social Innovation Support Center"):
        assert name in body
    labels = page.locator(".leaflet-container .map-label").all_inner_texts()
    assert any("Textil Cultural Center" in label for label in labels)
    assert any("MitOst" in label for label in labels)
    assert _fits_width(page)
    page.screenshot(path=artifacts / f"edition-{request.node.callspec.id}.png", full_page=True)


def test_language_switch_to_russian_and_german(new_page, live_server, demo_forum, artifacts):
    page = new_page(PHONE)
    page.goto(live_server.url + "/series/social-impact-days/")

    page.select_option("#language-select", "ru")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    russian = (page.get_attribute("html", "lang"), page.inner_text("header"))
    page.screenshot(path=artifacts / "series-phone-ru.png", full_page=True)
    page.select_option("#language-select", "de")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    german = (page.get_attribute("html", "lang"), page.inner_text("header"))

    # The same page, now under the language's prefix (a link to it keeps the language).
    assert page.url == live_server.url + "/de/series/social-impact-days/"
    assert russian[0] == "ru"
    assert "Войти" in russian[1]
    assert german[0] == "de"
    assert "Anmelden" in german[1]
