import pytest
from django.urls import reverse

from impactdays.people.models import ApiToken, ConsentKind, User
from impactdays.people.services import api_token_create, consent_set


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:people_user_changelist",
        "admin:people_user_add",
        "admin:people_consentrecord_changelist",
        "admin:people_apitoken_changelist",
    ],
)
def test_admin_people_pages_open_for_site_admin(site_admin_client, url_name):
    response = site_admin_client.get(reverse(url_name))

    assert response.status_code == 200


def test_admin_user_add_by_email_without_username(site_admin_client):
    response = site_admin_client.post(
        reverse("admin:people_user_add"),
        {
            "email": "new@example.org",
            "usable_password": "true",
            "password1": "a-long-admin-password-7",
            "password2": "a-long-admin-password-7",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.check_password("a-long-admin-password-7")


def test_admin_user_change_page_opens(site_admin_client, participant):
    response = site_admin_client.get(reverse("admin:people_user_change", args=[participant.pk]))

    assert response.status_code == 200
    assert "username" not in response.context["adminform"].form.fields


def test_admin_consent_record_read_only(site_admin_client, participant):
    record = consent_set(user=participant, kind=ConsentKind.TERMS, is_given=True)

    response = site_admin_client.post(
        reverse("admin:people_consentrecord_change", args=[record.pk]), {"is_given": ""}
    )

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.is_given is True


def test_admin_api_token_never_shows_key_or_digest(site_admin_client, participant):
    token, key = api_token_create(user=participant, name="laptop")

    response = site_admin_client.get(reverse("admin:people_apitoken_change", args=[token.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert key not in page
    assert token.key_digest not in page
    assert ApiToken.objects.get().name == "laptop"


@pytest.fixture
def site_admin_client(client, site_admin):
    client.force_login(site_admin)
    return client
