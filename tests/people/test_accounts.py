"""Sign-up, verification, password reset, login throttling and required two-factor."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from impactdays.forums.models import EditionRole
from impactdays.people.models import ConsentKind, User
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import PASSWORD, UserFactory

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
START = reverse("people:two-factor-start")
NEW_PASSWORD = "collaborative-cities-2018"


def _signup_data(**changes: str) -> dict[str, str]:
    return {
        "email": "nino@example.org",
        "display_name": "Nino",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accepts_terms": "on",
        **changes,
    }


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_signup_without_terms_refused_and_creates_no_user(client, db):
    data = _signup_data()
    del data["accepts_terms"]

    response = client.post(SIGNUP, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "accepts_terms": ["You can only sign up if you accept the terms of use."]
    }
    assert "You can only sign up if you accept the terms of use." in response.content.decode()
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_with_terms_creates_user_consent_and_sends_verification(client, db):
    response = client.post(SIGNUP, _signup_data())

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert (user.email, user.display_name) == ("nino@example.org", "Nino")
    assert list(user.consent_records.values_list("kind", "is_given")) == [(ConsentKind.TERMS, True)]
    assert list(EmailAddress.objects.values_list("email", "verified")) == [
        ("nino@example.org", False)
    ]
    assert [message.to for message in mail.outbox] == [["nino@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not _is_logged_in(client)


def test_login_before_verification_refused(client, db):
    client.post(SIGNUP, _signup_data())

    response = client.post(LOGIN, {"login": "nino@example.org", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)


def test_login_after_verification_allowed(client, db):
    user = UserFactory()

    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_page_renders_in_site_layout(client, db):
    response = client.get(SIGNUP)

    page = response.content.decode()
    assert response.status_code == 200
    assert {"allauth/layouts/base.html", "base.html"} <= {t.name for t in response.templates}
    assert 'class="site-header"' in page
    assert "people/css/accounts.css" in page
    assert "I accept the terms of use" in page


def test_password_reset_sends_email(client, participant):
    response = client.post(reverse("account_reset_password"), {"email": participant.email})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_login_throttled_after_five_failures_even_with_correct_password(client, participant):
    for _attempt in range(5):
        client.post(LOGIN, {"login": participant.email, "password": "wrong-password"})

    response = client.post(LOGIN, {"login": participant.email, "password": PASSWORD})

    assert response.status_code == 429
    assert [t.name for t in response.templates][:2] == ["429.html", "base.html"]
    page = response.content.decode()
    assert "<h1>Too many attempts</h1>" in page
    assert (
        "There were too many failed sign-in attempts for this address or from your network." in page
    )
    assert reverse("account_reset_password") in page
    assert not _is_logged_in(client)


def test_login_four_failures_then_correct_password_allowed(client, participant):
    for _attempt in range(4):
        client.post(LOGIN, {"login": participant.email, "password": "wrong-password"})

    response = client.post(LOGIN, {"login": participant.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_two_factor_organiser_without_totp_sent_to_the_walk_through(client, edition):
    organiser = UserFactory()
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    client.force_login(organiser)

    response = client.get("/people/me/?tab=1")

    assert response.status_code == 302
    assert response.url == f"{START}?next=%2Fpeople%2Fme%2F%3Ftab%3D1"


def test_two_factor_site_admin_without_totp_sent_to_the_walk_through(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == f"{START}?next=%2F"


def test_two_factor_walk_through_after_a_form_sent_does_not_return_to_it(client, edition):
    organiser = UserFactory()
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    client.force_login(organiser)

    response = client.post(reverse("people:consent-set"), {"kind": "x"})

    assert response.url == START


@pytest.mark.parametrize("persona", ["participant", "organiser"])
def test_two_factor_not_demanded_from_participant_or_organiser_with_totp(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/")

    assert response.status_code == 200


def test_two_factor_organiser_signing_in_walks_through_without_the_password_again(client, edition):
    organiser = UserFactory()
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    start = f"{START}?next=%2F"
    activate = f"{reverse('people:two-factor-activate')}?next=%2F"

    login = client.post(LOGIN, {"login": organiser.email, "password": PASSWORD}, follow=True)
    step_two = client.get(activate)

    assert login.redirect_chain == [("/", 302), (start, 302)]
    assert "Step 1 of 3" in login.content.decode()
    assert f'href="{activate.replace("&", "&amp;")}"' in login.content.decode()
    assert step_two.status_code == 200
    assert "Step 2 of 3" in step_two.content.decode()


def test_two_factor_activation_asks_for_the_password_when_the_sign_in_is_old(
    client, edition, time_machine
):
    organiser = UserFactory()
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    time_machine.move_to("2026-06-01 09:00Z", tick=False)
    client.post(LOGIN, {"login": organiser.email, "password": PASSWORD})
    time_machine.move_to("2026-06-01 09:30Z", tick=False)

    response = client.get(reverse("people:two-factor-activate"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_signup_over_the_rate_limit_is_429_and_creates_no_user(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    client.post(SIGNUP, _signup_data())

    response = client.post(SIGNUP, _signup_data(email="second@example.org"))

    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in response.content.decode()
    assert list(User.objects.values_list("email", flat=True)) == ["nino@example.org"]
    assert [message.to for message in mail.outbox] == [["nino@example.org"]]


def test_signup_page_links_terms_and_privacy(client, db):
    page = client.get(SIGNUP).content.decode()

    assert (
        f'Read the <a href="{reverse("people:terms-detail")}">terms of use</a> and the '
        f'<a href="{reverse("people:privacy-detail")}">privacy notice</a>.'
    ) in page


def test_signup_mail_names_the_site_and_links_to_site_url(client, db, settings):
    settings.SITE_URL = "https://forum.example.org"
    settings.SITE_NAME = "Yaroslavl Forum"

    client.post(SIGNUP, _signup_data(), HTTP_HOST="127.0.0.1:8000")

    message = mail.outbox[0]
    assert message.subject == "[Yaroslavl Forum] Please Confirm Your Email Address"
    assert "Hello from Yaroslavl Forum!" in message.body
    assert "example.com" not in message.body
    assert "127.0.0.1" not in message.body
    assert "Thank you for using Yaroslavl Forum!\nforum.example.org" in message.body
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    assert links[0].startswith("https://forum.example.org/accounts/confirm-email/")


def test_password_reset_mail_links_to_site_url(client, participant, settings):
    settings.SITE_URL = "https://forum.example.org"

    client.post(reverse("account_reset_password"), {"email": participant.email})

    body = mail.outbox[0].body
    assert "https://forum.example.org/accounts/password/reset/key/" in body
    assert "http://testserver" not in body


def test_mail_sent_outside_a_request_links_to_site_url(participant, settings):
    settings.SITE_URL = "https://forum.example.org"
    # Without a request allauth builds links from the Site row, which the last migrate set from
    # the SITE_URL of that time (here the default, 127.0.0.1:8000).
    old_host = Site.objects.get_current().domain
    link = f"http://{old_host}/accounts/confirm-email/the-key/"

    get_adapter().send_mail(
        "account/email/email_confirmation",
        participant.email,
        {"user": participant, "activate_url": link, "key": "the-key"},
    )

    body = mail.outbox[0].body
    assert "https://forum.example.org/accounts/confirm-email/the-key/" in body
    assert old_host not in body


# Client address behind a proxy: X-Forwarded-For counts only with TRUSTED_PROXY_COUNT.
PROXY = "10.0.0.2"


def _fail_logins(client, user, times, forwarded_for):
    for _attempt in range(times):
        client.post(
            LOGIN,
            {"login": user.email, "password": "wrong-password"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )


def _login(client, user, forwarded_for):
    return client.post(
        LOGIN,
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_without_trusted_proxy_the_forwarded_address_is_ignored(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    guesser, victim = UserFactory(), UserFactory()
    # A forged header per attempt does not escape the per-address count.
    for attempt in range(3):
        _fail_logins(client, guesser, 1, forwarded_for=f"203.0.113.{attempt}")

    response = _login(client, victim, forwarded_for="198.51.100.7")

    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_behind_one_trusted_proxy_two_clients_are_counted_apart(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser, victim = UserFactory(), UserFactory()
    _fail_logins(client, guesser, 3, forwarded_for="203.0.113.9")
    throttled = _login(client, guesser, forwarded_for="203.0.113.9")

    response = _login(client, victim, forwarded_for="198.51.100.7")

    assert throttled.status_code == 429
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)
