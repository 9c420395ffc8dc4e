"""Issue 6's whole path in a browser, on a phone and a desktop: a newcomer invited by e-mail
signs up, confirms the address, accepts, sets up two-factor authentication without signing in
again, lands on their editions, creates an edition, puts its venue on the map and invites a
partner."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from impactdays.forums.models import Edition, EditionInvitation, EditionRole, Venue
from impactdays.forums.services import invitation_create
from tests.browser.conftest import DESKTOP, PHONE
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import UserFactory

NEWCOMER = "newcomer@example.org"
PASSWORD = "collaborative-cities-2018"


def _path_in_last_mail(pattern: str) -> str:
    link = re.search(pattern, mail.outbox[-1].body)[0]
    return "/" + link.split("/", 3)[3]


def _click_on_map(page, form) -> None:
    picker = form.locator(".map-picker-map")
    picker.wait_for()
    form.locator(".leaflet-basemap-pane path").first.wait_for(state="attached")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_invited_newcomer_becomes_an_organiser_and_prepares_a_new_edition(
    new_page, live_server, transactional_db, settings, artifacts, size
):
    settings.MAP_TILE_URL = ""
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    inviter = UserFactory()
    EditionRoleFactory(edition=edition, user=inviter, role=EditionRole.Role.ORGANISER)
    invitation_create(edition=edition, email=NEWCOMER, role="organiser", actor=inviter)
    invitation = _path_in_last_mail(r"http\S+/invitations/\S+/")
    page = new_page(size)
    name = f"size-{size['width']}"

    # The invitation asks a visitor to sign in; they have no account, so they sign up.
    page.goto(live_server.url + invitation)
    page.locator("main").get_by_role("link", name="Sign up").first.click()
    page.wait_for_load_state()
    page.fill("input[name=email]", NEWCOMER)
    page.fill("input[name=display_name]", "Nino Newcomer")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=accepts_terms]")
    page.locator("form:has(input[name=password2]) button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server.url + _path_in_last_mail(r"http\S+/accounts/confirm-email/\S+/"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_url(live_server.url + invitation)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_load_state()

    # An organiser needs two-factor authentication: the walk-through, still signed in.
    page.get_by_role("link", name="Set up the authenticator app").click()
    page.wait_for_load_state()
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    mine = page.locator("section[aria-labelledby=mine-heading]").inner_text()
    page.screenshot(path=artifacts / f"workspace-home-{name}.png", full_page=True)

    # A new edition of the same series, from the series page.
    page.goto(live_server.url + edition.series.get_absolute_url())
    page.get_by_role("link", name="New edition").click()
    page.wait_for_load_state()
    form = page.locator("main form")
    form.locator("[name=title_en]").fill("Social Impact Days Tartu 2028")
    form.locator("[name=title_ru]").fill("Social Impact Days Тарту 2028")
    form.locator("[name=year]").fill("2028")
    form.locator("[name=city_en]").fill("Tartu")
    form.locator("[name=country]").select_option("EE")
    _click_on_map(page, form)
    form.locator("[name=starts_on]").fill("2028-05-10")
    form.locator("[name=ends_on]").fill("2028-05-13")
    form.get_by_role("checkbox", name="English", exact=True).check()
    form.get_by_role("checkbox", name="Russian", exact=True).check()
    page.get_by_role("button", name="Create the edition").click()
    page.wait_for_load_state()
    created = Edition.objects.get(year=2028)

    # Its venue, placed on the map.
    page.locator(".dashboard-nav").get_by_role("link", name="Venues and rooms").click()
    page.wait_for_load_state()
    venue_form = page.locator("form", has=page.get_by_role("button", name="Add the venue"))
    venue_form.locator("[name=name_en]").fill("Tartu Town Hall Square")
    venue_form.locator("[name=address_en]").fill("Raekoja plats 1, Tartu")
    _click_on_map(page, venue_form)
    venue_form.get_by_role("button", name="Add the venue").click()
    page.wait_for_load_state()

    # And a partner, invited by e-mail.
    page.locator(".dashboard-nav").get_by_role("link", name="People and roles").click()
    page.wait_for_load_state()
    page.get_by_label("E-mail address:", exact=True).fill("partner@example.org")
    page.locator("form:has([name=email])").get_by_label("Role").select_option("partner")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state()
    page.screenshot(path=artifacts / f"workspace-people-{name}.png", full_page=True)

    assert edition.title in mine
    newcomer = EditionRole.objects.get(edition=created, role="organiser").user
    assert newcomer.email == NEWCOMER
    assert created.title_ru == "Social Impact Days Тарту 2028"
    assert created.languages == ["en", "ru"]
    assert (created.latitude, created.longitude) != (None, None)
    venue = Venue.objects.get(edition=created)
    assert venue.name == "Tartu Town Hall Square"
    assert -90 <= venue.latitude <= 90 and -180 <= venue.longitude <= 180
    assert list(EditionInvitation.objects.filter(edition=created).values_list("email", "role")) == [
        ("partner@example.org", "partner")
    ]
