"""The organiser's dashboard in a browser: overview → people → invitation on a phone and a desktop,
the language picker by keyboard, and the pages' heights on the 2018 demo edition."""

import json

import pytest

from impactdays.forums.models import Edition, EditionInvitation
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_organiser import _sign_in_as_organiser

MANAGE = "/series/social-impact-days/yaroslavl-2018/manage/"


def _chip_name(text: str) -> str:
    """A chip's text without the cross drawn after it (aria-hidden)."""
    return " ".join(text.split()[:-1])


def _chips(page) -> list[str]:
    buttons = page.locator(".language-picker-chips button")
    return [_chip_name(text) for text in buttons.all_inner_texts()]


def _current(page) -> str:
    return page.locator(".dashboard-nav [aria-current=page]").inner_text()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_organiser_walks_from_the_overview_to_people_and_invites(
    new_page, live_server, demo_forum, artifacts, size
):
    page = new_page(size)
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + MANAGE)
    overview_current = _current(page)
    overview_links = page.locator("main .dashboard-overview h2 a").all_inner_texts()

    page.locator(".dashboard-nav").get_by_role("link", name="People and roles").click()
    page.wait_for_load_state()
    people_current = _current(page)
    page.get_by_label("E-mail address:", exact=True).fill("new.partner@example.org")
    page.locator("form:has([name=email])").get_by_label("Role").select_option("partner")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state()
    page.screenshot(path=artifacts / f"dashboard-people-{size['width']}.png", full_page=True)

    assert overview_current == "Overview"
    assert overview_links == [
        "Details",
        "Venues and rooms",
        "Partners",
        "People and roles",
        "Open call",
        "Programme",
        "Challenges and moderation",
        "Creative sessions",
        "Conversations",
        "Decisions",
        "Status and replication",
    ]
    assert people_current == "People and roles"
    assert "The invitation is sent." in page.inner_text("main") + page.inner_text("body")
    assert "new.partner@example.org" in page.locator("#invitations-heading + ul").inner_text()
    assert list(EditionInvitation.objects.values_list("email", "role")) == [
        ("new.partner@example.org", "partner")
    ]


def test_organiser_picks_languages_with_the_keyboard(new_page, live_server, demo_forum):
    page = new_page(DESKTOP)
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + MANAGE + "details/")
    chips_before = _chips(page)

    page.get_by_label("Find a language").fill("eston")
    page.keyboard.press("Enter")
    status = page.locator(".language-picker-search [role=status]").inner_text()
    page.keyboard.press("Shift+Tab")  # the chips come before the search field
    page.keyboard.press("Shift+Tab")
    focused_chip = _chip_name(page.evaluate("document.activeElement.textContent"))
    page.keyboard.press("Enter")
    focused_after_removal = _chip_name(page.evaluate("document.activeElement.textContent"))
    chips_after = _chips(page)
    page.get_by_role("button", name="Save the details").click()
    page.wait_for_load_state()

    assert chips_before == ["Remove English", "Remove Russian"]
    assert status == "Languages that match: Estonian"
    assert focused_chip == "Remove Russian"
    assert focused_after_removal == "Remove Estonian"
    assert chips_after == ["Remove English", "Remove Estonian"]
    assert Edition.objects.get(slug="yaroslavl-2018").languages == ["en", "et"]


def test_dashboard_pages_of_the_2018_edition_fit(new_page, live_server, demo_forum, artifacts):
    """The heights the issue measured (before: one page of 8,845 px on a desktop, 13,059 on a
    phone); written to ci-artifacts/screenshots/dashboard-heights.json."""
    page = new_page({"width": 1280, "height": 800})
    _sign_in_as_organiser(page, live_server.url)
    heights = {}

    for size in [PHONE, {"width": 1280, "height": 800}]:
        page.set_viewport_size(size)
        for name, path in {"overview": MANAGE, "people": MANAGE + "people/"}.items():
            page.goto(live_server.url + path)
            heights[f"{name} {size['width']}x{size['height']}"] = page.evaluate(
                "document.body.scrollHeight"
            )
            page.screenshot(
                path=artifacts / f"dashboard-{name}-{size['width']}.png", full_page=True
            )
    (artifacts / "dashboard-heights.json").write_text(json.dumps(heights, indent=2))

    assert heights["overview 390x844"] < 2 * 844
    assert heights["people 390x844"] < 4500
    assert heights["overview 1280x800"] < 2 * 800
    assert heights["people 1280x800"] < 3200
