"""An organiser signs in with a password and a TOTP code, then works on the dashboard."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from impactdays.demo.builder import DEMO_PASSWORD, DEMO_TOTP_SECRET
from impactdays.forums.models import Edition, Room
from tests.browser.conftest import PHONE

MANAGE = "/series/social-impact-days/kaunas-2027/manage/"


def _current_code() -> str:
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))


def _sign_in_as_organiser(page, base_url):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", "organiser@demo.impactdays.org")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", _current_code())
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_url(base_url + "/")


def _form_with_button(page, label):
    return page.locator("form", has=page.get_by_role("button", name=label, exact=True))


def test_organiser_adds_a_venue_confirms_its_deletion_and_moves_the_status(
    new_page, live_server, demo_forum, artifacts
):
    page = new_page(PHONE)
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + MANAGE)
    page.locator(".dashboard-nav").get_by_role("link", name="Venues and rooms").click()
    page.wait_for_load_state()

    venue_form = _form_with_button(page, "Add the venue")
    venue_form.locator("[name=name_en]").fill("Kaunas Cultural Centre")
    venue_form.locator("[name=address_en]").fill("Laisvės alėja 1, Kaunas")
    venue_form.locator("[name=latitude]").fill("54.8975")
    venue_form.locator("[name=longitude]").fill("23.9120")
    venue_form.locator("[name=apply_room_template]").check()
    venue_form.get_by_role("button", name="Add the venue").click()
    page.wait_for_load_state()
    rooms_after_add = sorted(
        Room.objects.filter(venue__edition__slug="kaunas-2027").values_list("name", flat=True)
    )
    page.screenshot(path=artifacts / "manage-phone.png", full_page=True)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete the venue Kaunas Cultural Centre").click()
    page.wait_for_timeout(300)
    rooms_after_dismiss = Room.objects.filter(venue__edition__slug="kaunas-2027").count()

    page.locator(".dashboard-nav").get_by_role("link", name="Status and replication").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Move to “Selection”").click()
    page.wait_for_load_state()

    assert rooms_after_add == ["Library", "Main hall", "Workshop room A", "Workshop room B"]
    assert rooms_after_dismiss == 4
    assert Edition.objects.get(slug="kaunas-2027").status == Edition.Status.SELECTION
    assert "Selection" in page.inner_text("main")
