import json

import pytest
from django.conf import settings
from django.test import Client

from impactdays.forums.models import Edition
from impactdays.people.models import ApiToken
from impactdays.people.services import api_token_create, api_token_revoke
from tests.api_client import ApiClient
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32  # any 32 letters make a well-formed CSRF secret


def _session_patch(client, edition, body, **headers):
    return client.patch(
        f"/api/v1/editions/{edition.pk}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def _organiser_without_totp(edition):
    user = UserFactory(display_name="New organiser")
    EditionRoleFactory(edition=edition, user=user, role="organiser")
    return user


def test_session_write_without_csrf_token_is_403_and_writes_nothing(edition, organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = _session_patch(client, edition, {"title": "Forged"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "CSRF check failed. Send the value of the CSRF cookie in the X-CSRFToken "
        "header, or use an API token."
    }
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_session_write_with_csrf_token_changes_the_row(edition, organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET

    response = _session_patch(client, edition, {"title": "Renamed"}, X_CSRFToken=CSRF_SECRET)

    assert response.status_code == 200
    assert Edition.objects.get(pk=edition.pk).title == "Renamed"


def test_session_read_needs_no_csrf_token(draft_edition, organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = client.get(f"/api/v1/editions/{draft_edition.pk}")

    assert response.status_code == 200


def test_token_write_needs_no_csrf_token(api_as, edition, organiser):
    client = api_as(organiser)
    client.client = Client(enforce_csrf_checks=True)

    response = client.patch(f"/editions/{edition.pk}", {"title": "By token"})

    assert response.status_code == 200
    assert Edition.objects.get(pk=edition.pk).title == "By token"


def test_token_records_when_it_was_last_used(api_as, organiser):
    client = api_as(organiser)

    client.get("/series")

    assert ApiToken.objects.get(user=organiser).last_used_at is not None


def test_revoked_token_is_401(edition, organiser):
    token, key = api_token_create(user=organiser, name="laptop")
    api_token_revoke(token=token, actor=organiser)

    response = ApiClient(key).patch(f"/editions/{edition.pk}", {"title": "Too late"})

    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is not valid."}
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_token_of_inactive_user_is_401(api_as, edition, organiser):
    client = api_as(organiser)
    organiser.is_active = False
    organiser.save(update_fields=["is_active"])

    response = client.get("/series")

    assert response.status_code == 401


def test_organiser_without_totp_is_refused_on_write_with_token(api_as, edition):
    user = _organiser_without_totp(edition)

    response = api_as(user).patch(f"/editions/{edition.pk}", {"title": "No second factor"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your role requires two-factor authentication. Set up an authenticator app "
        "before you change anything through the API."
    }
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_organiser_without_totp_is_refused_on_write_in_session(edition):
    user = _organiser_without_totp(edition)
    client = Client()
    client.force_login(user)

    response = _session_patch(client, edition, {"title": "No second factor"})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your role requires two-factor authentication.")
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_organiser_without_totp_is_refused_status_move(api_as, edition):
    user = _organiser_without_totp(edition)

    response = api_as(user).post(f"/editions/{edition.pk}/status", {"to": "selection"})

    assert response.status_code == 403
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL


def test_site_admin_without_totp_is_refused_on_write(api_as, edition):
    admin = UserFactory(is_staff=True, is_superuser=True)

    response = api_as(admin).patch(f"/editions/{edition.pk}", {"title": "No second factor"})

    assert response.status_code == 403
    assert Edition.objects.get(pk=edition.pk).title == edition.title


def test_organiser_without_totp_may_still_read(api_as, edition):
    user = _organiser_without_totp(edition)

    response = api_as(user).get(f"/editions/{edition.pk}")

    assert response.status_code == 200


def test_organiser_without_totp_may_write_when_two_factor_is_not_required(
    api_as, edition, settings
):
    settings.IMPACTDAYS_REQUIRE_TWO_FACTOR = False
    user = _organiser_without_totp(edition)

    response = api_as(user).patch(f"/editions/{edition.pk}", {"title": "Allowed here"})

    assert response.status_code == 200
    assert Edition.objects.get(pk=edition.pk).title == "Allowed here"
