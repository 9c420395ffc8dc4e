"""Accessibility: axe-core finds nothing on the pages people use, and the keyboard alone works.

The axe check itself runs on every page of every browser test (see conftest.py); the tests here
prove that it catches a violation and walk the pages no other browser test visits.
"""

import pytest

from impactdays.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD
from impactdays.people.models import User
from tests.browser.conftest import DESKTOP, PHONE, AxeCheckedPage

PARTICIPANT = f"participant@{DEMO_DOMAIN}"


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def _tab_to(page, selector: str) -> int:
    """Press Tab until the element matching `selector` has the focus; return how many presses."""
    for presses in range(1, 31):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector}")


def _sign_in_as_participant(page, base_url):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", PARTICIPANT)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def test_axe_check_reports_a_page_it_navigates_to(browser):
    context = browser.new_context()
    page = AxeCheckedPage(context.new_page())

    page.goto("data:text/html,<!doctype html><html><body><input></body></html>")
    context.close()

    found = {line.split(" ", 1)[0] for lines in page.violations.values() for line in lines}
    assert found == {
        "document-title",
        "html-has-lang",
        "label",
        "landmark-one-main",
        "page-has-heading-one",
        "region",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_public_pages_have_no_axe_violations(new_page, live_server, demo_forum, path):
    page = new_page(PHONE)

    page.goto(live_server.url + path)

    assert page.locator("main h1").count() == 1


def test_participant_pages_have_no_axe_violations(new_page, live_server, demo_forum):
    page = new_page(DESKTOP)
    _sign_in_as_participant(page, live_server.url)
    participant = User.objects.get(email=PARTICIPANT)
    paths = [
        "/people/me/",
        f"/people/{participant.pk}/",
        "/people/me/erase/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]

    headings = {}
    for path in paths:
        page.goto(live_server.url + path)
        headings[path] = page.locator("main h1").count()

    assert headings == dict.fromkeys(paths, 1)


def test_keyboard_alone_skips_to_content_reaches_the_navigation_and_signs_in(
    new_page, live_server, demo_forum
):
    page = new_page(DESKTOP)
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip_link = _focused_text(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    is_in_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.goto(live_server.url + "/")
    presses_to_log_in = _tab_to(page, "nav a[href='/accounts/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    _tab_to(page, "input[name=login]")
    page.keyboard.type(PARTICIPANT)
    _tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    assert skip_link == "Skip to content"
    assert is_in_main
    assert presses_to_log_in == 3
    assert "Paula Participant" in page.inner_text("header nav")
