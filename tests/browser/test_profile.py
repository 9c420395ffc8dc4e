"""A participant's profile on a phone: the avatar picker, and the two-factor walk-through that a
participant goes through on becoming an organiser, without signing in again."""

import io
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from PIL import Image

from impactdays.forums.models import EditionRole
from tests.browser.conftest import PHONE
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import PASSWORD, UserFactory


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def _png(tmp_path):
    path = tmp_path / "me.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "orange").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_avatar_is_previewed_before_upload_then_saved_and_removed(
    new_page, live_server, transactional_db, tmp_path, artifacts
):
    person = UserFactory(email="ana@example.org")
    page = new_page(PHONE)
    _sign_in(page, live_server.url, person.email)
    page.goto(live_server.url + "/people/me/")

    page.set_input_files("input[name=avatar]", str(_png(tmp_path)))
    preview = page.locator("[data-avatar-preview]")
    preview_shown = preview.is_visible() and preview.get_attribute("src").startswith("blob:")
    status = page.locator("[data-avatar-status]").inner_text()
    page.screenshot(path=artifacts / "profile-avatar-preview-phone.png", full_page=True)
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    person.refresh_from_db()
    saved = bool(person.avatar)
    page.get_by_role("button", name="Remove photo").click()
    page.wait_for_load_state()
    person.refresh_from_db()

    assert preview_shown
    assert "me.png" in status
    assert saved
    assert not person.avatar
    assert page.get_by_text("Your photo is removed.").is_visible()


def test_participant_made_organiser_sets_up_two_factor_without_signing_in_again(
    new_page, live_server, transactional_db, artifacts
):
    person = UserFactory(email="olga@example.org")
    edition = EditionFactory()
    page = new_page(PHONE)
    _sign_in(page, live_server.url, person.email)
    EditionRoleFactory(edition=edition, user=person, role=EditionRole.Role.ORGANISER)

    page.goto(live_server.url + "/people/me/")
    step_one = page.locator("h1").inner_text()
    page.get_by_role("link", name="Set up the authenticator app").click()
    page.wait_for_load_state()
    secret = page.input_value("#authenticator_secret")
    page.screenshot(path=artifacts / "two-factor-activate-phone.png", full_page=True)
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_load_state()
    codes = page.input_value("#recovery_codes")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(live_server.url + "/people/me/")

    assert step_one == "Set up two-factor authentication"
    assert len(codes.split()) >= 10
    assert page.locator("h1").inner_text() == "Your profile"
