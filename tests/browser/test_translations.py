"""The 2018 edition in Russian and German: translated content, the language switcher, axe clean."""

from tests.browser.conftest import DESKTOP, PHONE

YAROSLAVL = "/series/social-impact-days/yaroslavl-2018/"


def _fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_russian_edition_page_reads_in_russian_on_a_phone(
    new_page, live_server, demo_forum, artifacts
):
    page = new_page(PHONE)

    page.goto(live_server.url + "/ru" + YAROSLAVL)

    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Social Impact Days Ярославль 2018"
    assert page.get_by_text("Ярославль, Россия", exact=True).is_visible()
    assert page.get_by_text("Более 40 участников из разных европейских стран").is_visible()
    assert page.locator(".venue h3").inner_text() == "Культурный центр «Текстиль»"
    assert page.locator(".translation-note").count() == 0
    assert _fits_width(page)
    page.screenshot(path=artifacts / "edition-ru-phone.png", full_page=True)


def test_the_switcher_turns_the_same_page_german(new_page, live_server, demo_forum, artifacts):
    page = new_page(DESKTOP)
    page.goto(live_server.url + "/ru" + YAROSLAVL)

    page.select_option("#language-select", "de")
    page.get_by_role("button", name="Переключить").click()
    page.wait_for_load_state()

    assert page.url == live_server.url + "/de" + YAROSLAVL
    assert page.locator("h1").inner_text() == "Social Impact Days Jaroslawl 2018"
    assert page.get_by_text("Jaroslawl, Russland", exact=True).is_visible()
    page.screenshot(path=artifacts / "edition-de-desktop.png", full_page=True)
