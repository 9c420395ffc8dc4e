"""The two-factor walk-through: a participant who becomes an organiser sets up TOTP, still signed in."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from impactdays.forums.models import EditionRole
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import PASSWORD

START = reverse("people:two-factor-start")
ACTIVATE = reverse("people:two-factor-activate")
DONE = reverse("people:two-factor-done")
LOGIN = reverse("account_login")


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_participant_made_organiser_is_walked_through_and_returns_to_the_page(
    client, participant, edition
):
    client.post(LOGIN, {"login": participant.email, "password": PASSWORD})
    EditionRoleFactory(edition=edition, user=participant, role=EditionRole.Role.ORGANISER)
    wanted = reverse("people:profile-edit")

    step_one = client.get(wanted, follow=True)
    step_two = client.get(f"{ACTIVATE}?next={wanted}")
    secret = step_two.context["form"].secret
    activated = client.post(f"{ACTIVATE}?next={wanted}", {"code": _code(secret)}, follow=True)
    again = client.get(f"{DONE}?next={wanted}")
    onwards = client.get(wanted)

    assert step_one.redirect_chain == [(f"{START}?next=%2Fpeople%2Fme%2F", 302)]
    assert activated.redirect_chain == [(f"{DONE}?next=%2Fpeople%2Fme%2F", 302)]
    page = activated.content.decode()
    codes = Authenticator.objects.get(user=participant, type=Authenticator.Type.RECOVERY_CODES)
    assert codes.wrap().get_unused_codes()[0] in page
    assert f'<a class="button" href="{wanted}">Continue</a>' in page
    # The codes are shown once, right after activation.
    assert codes.wrap().get_unused_codes()[0] not in again.content.decode()
    assert onwards.status_code == 200


def test_a_wrong_code_keeps_two_factor_off_and_says_so(client, participant, edition):
    client.post(LOGIN, {"login": participant.email, "password": PASSWORD})
    EditionRoleFactory(edition=edition, user=participant, role=EditionRole.Role.ORGANISER)

    response = client.post(ACTIVATE, {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=participant).exists()


@pytest.mark.parametrize("url", [START, ACTIVATE, DONE])
def test_walk_through_pages_send_anonymous_visitors_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_next_leading_off_the_site_is_replaced_by_the_home_page(client, participant):
    client.force_login(participant)

    page = client.get(f"{START}?next=https://evil.example/").content.decode()

    assert 'href="https://evil.example' not in page
    assert f'href="{ACTIVATE}?next=%2F"' in page


def test_someone_who_already_has_two_factor_goes_straight_on(client, organiser):
    client.force_login(organiser)

    response = client.get(f"{START}?next=/people/me/")

    assert response.status_code == 302
    assert response.url == "/people/me/"


def test_done_without_two_factor_sends_back_to_the_start(client, participant):
    client.force_login(participant)

    response = client.get(DONE)

    assert response.status_code == 302
    assert response.url == f"{START}?next=%2F"
