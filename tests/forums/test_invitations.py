"""Invitations to a role by e-mail: sent by organisers, a link that works once, until it expires."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from impactdays.common.models import AuditEntry
from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionInvitation, EditionRole
from tests.people.factories import UserFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db


def _invite(client, edition, email="new.person@example.org", role="partner"):
    return client.post(
        edition_url("forums:edition-invitation-create", edition), {"email": email, "role": role}
    )


def _link(message) -> str:
    return re.search(r"http\S+/invitations/\S+/", message.body)[0]


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def invited(client, edition, organiser, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, edition)
    client.logout()
    return _path(_link(mail.outbox[-1]))


def test_an_organiser_invites_an_address_and_the_mail_carries_the_link(
    client, edition, organiser, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://forum.example.org"
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, edition)

    invitation = EditionInvitation.objects.get()
    assert response.status_code == 302
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org",
        "partner",
        organiser,
    )
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert _link(mail.outbox[-1]).startswith("https://forum.example.org/invitations/")
    assert invitation.token_digest not in mail.outbox[-1].body


def test_the_reply_is_the_same_whether_or_not_the_address_has_an_account(
    client, edition, organiser
):
    UserFactory(email="known@example.org")
    client.force_login(organiser)

    known = _invite(client, edition, email="known@example.org")
    unknown = _invite(client, edition, email="unknown@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert EditionInvitation.objects.count() == 2


def test_accepting_the_link_gives_the_role_once(client, edition, invited):
    newcomer = UserFactory()
    client.force_login(newcomer)

    page = client.get(invited)
    accepted = client.post(invited)
    again = client.post(invited)

    assert "Accept the invitation" in page.content.decode()
    assert accepted["Location"] == "/"
    assert list(EditionRole.objects.filter(user=newcomer).values_list("edition", "role")) == [
        (edition.pk, "partner")
    ]
    assert "no longer valid" in again.content.decode()
    assert EditionRole.objects.filter(user=newcomer).count() == 1


def test_anonymous_visitors_sign_in_first_and_nothing_is_granted(client, invited):
    before = snapshot(EditionRole, EditionInvitation)

    response = client.post(invited)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={invited}"
    assert snapshot(EditionRole, EditionInvitation) == before


def test_an_expired_link_is_refused(client, edition, invited):
    newcomer = UserFactory()

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=15)):
        client.force_login(newcomer)  # sessions expire too; sign in on the later day
        response = client.post(invited)

    assert "no longer valid" in response.content.decode()
    assert not EditionRole.objects.filter(user=newcomer).exists()


def test_a_withdrawn_or_resent_invitation_voids_the_old_link(
    client, edition, organiser, invited, django_capture_on_commit_callbacks
):
    invitation = EditionInvitation.objects.get()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edition_url("forums:edition-invitation-resend", edition, pk=invitation.pk))
    new_link = _path(_link(mail.outbox[-1]))
    client.post(edition_url("forums:edition-invitation-revoke", edition, pk=invitation.pk))
    newcomer = UserFactory()
    client.force_login(newcomer)

    old = client.post(invited)
    new = client.post(new_link)

    assert new_link != invited
    assert "no longer valid" in old.content.decode()
    assert "no longer valid" in new.content.decode()
    assert not EditionRole.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("role", ["participant", "facilitator", "outsider"])
def test_who_is_not_organiser_may_not_invite(request, client, edition, role):
    client.force_login(request.getfixturevalue(role))
    before = snapshot(EditionInvitation, AuditEntry)

    response = _invite(client, edition)

    assert response.status_code == 403
    assert snapshot(EditionInvitation, AuditEntry) == before
    assert mail.outbox == []


def test_a_second_pending_invitation_to_the_same_role_is_refused(client, edition, organiser):
    client.force_login(organiser)
    _invite(client, edition)

    response = _invite(client, edition)

    assert response.context["invitation_form"].errors == {
        "email": ["This address already has a pending invitation to that role; resend it."]
    }
    assert EditionInvitation.objects.count() == 1


# A newcomer follows the link, signs up, confirms the address and comes back to the invitation.

NEWCOMER = {
    "email": "new.person@example.org",
    "display_name": "New Person",
    "password1": "collaborative-cities-2018",
    "password2": "collaborative-cities-2018",
    "accepts_terms": "on",
}


def _confirmation_path() -> str:
    return _path(re.search(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)[0])


def _sign_up_from_the_invitation(client, invited: str) -> str:
    """Follow the link to the login page, go on to sign up, post the form; the confirmation link."""
    login = client.get(invited)["Location"]
    signup_link = re.search(r'href="(/accounts/signup/[^"]*)"', client.get(login).content.decode())
    client.post(signup_link[1].replace("&amp;", "&"), {**NEWCOMER, "next": invited})
    return _confirmation_path()


def test_a_newcomer_signs_up_confirms_and_lands_back_on_the_invitation(client, edition, invited):
    confirmation = _sign_up_from_the_invitation(client, invited)

    confirmed = client.post(confirmation)
    page = client.get(confirmed["Location"])
    accepted = client.post(invited)

    newcomer = EditionRole.objects.get(edition=edition, role="partner").user
    assert confirmed["Location"] == invited
    assert "Accept the invitation" in page.content.decode()
    assert accepted["Location"] == "/"
    assert newcomer.email == "new.person@example.org"
    assert edition.title in client.get("/").content.decode().split('id="mine-heading"', 1)[1]


def test_a_newcomer_who_confirms_later_signs_in_and_lands_on_the_invitation(
    client, edition, invited
):
    confirmation = _sign_up_from_the_invitation(client, invited)

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=2)):
        confirmed = client.post(confirmation)
        signed_in = client.post(
            confirmed["Location"],
            {"login": NEWCOMER["email"], "password": NEWCOMER["password1"]},
        )

    assert confirmed["Location"] == f"/accounts/login/?next={invited}"
    assert signed_in["Location"] == invited


def test_a_confirmation_opened_elsewhere_asks_to_sign_in_without_a_next(client, invited):
    confirmation = _sign_up_from_the_invitation(client, invited)
    client.cookies.clear()  # another browser: nothing of the sign-up's session

    confirmed = client.post(confirmation)

    assert confirmed["Location"] == "/accounts/login/"


def test_a_next_outside_the_site_is_not_kept(client, db):
    client.post("/accounts/signup/", {**NEWCOMER, "next": "https://evil.example/phish"})

    confirmed = client.post(_confirmation_path())

    assert confirmed["Location"] == "/"


def test_the_people_page_shows_known_and_unknown_addresses_alike(client, edition, organiser):
    UserFactory(email="known@example.org")
    client.force_login(organiser)
    _invite(client, edition, email="known@example.org")
    _invite(client, edition, email="unknown@example.org")

    page = client.get(edition_url("forums:edition-people", edition)).content.decode()

    pending = page.split('id="invitations-heading"', 1)[1]
    known = re.search(r"<li>\s*<span>known@example.org(.*?)</li>", pending, re.S)[1]
    unknown = re.search(r"<li>\s*<span>unknown@example.org(.*?)</li>", pending, re.S)[1]
    assert re.sub(r"/\d+/", "/N/", known.replace("known", "")) == re.sub(
        r"/\d+/", "/N/", unknown.replace("unknown", "")
    )
    assert "Grant" not in page
