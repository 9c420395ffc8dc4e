import json

import pytest

from impactdays.forums.models import EditionRole
from impactdays.people.models import ConsentKind, User
from impactdays.people.services import api_token_create, consent_set
from tests.people.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_personal_data_export_holds_own_profile_consents_roles_and_tokens(
    client, participant, edition, speaker
):
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    api_token_create(user=participant, name="Laptop")
    client.force_login(participant)

    response = client.get("/people/me/data.json")

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="impactdays-personal-data.json"'
    assert data["profile"]["email"] == participant.email
    assert [(c["kind"], c["is_given"]) for c in data["consents"]] == [("directory_listing", True)]
    assert [(r["edition"], r["role"]) for r in data["edition_roles"]] == [
        (edition.title, "participant")
    ]
    assert [t["name"] for t in data["api_tokens"]] == ["Laptop"]
    assert speaker.email not in response.content.decode()
    assert "key_digest" not in response.content.decode()


def test_account_erase_wipes_personal_data_and_closes_the_account(client, participant, edition):
    api_token_create(user=participant, name="Laptop")
    email = participant.email
    client.force_login(participant)

    response = client.post("/people/me/erase/", {"password": PASSWORD, "confirm": "on"})

    participant.refresh_from_db()
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert participant.email == f"erased-{participant.pk}@erased.invalid"
    assert (participant.display_name, participant.is_active, participant.has_usable_password()) == (
        "",
        False,
        False,
    )
    assert participant.api_tokens.count() == 0
    assert not User.objects.filter(email=email).exists()
    assert EditionRole.objects.filter(user=participant, edition=edition).exists()
    assert not client.login(email=email, password=PASSWORD)


def test_account_erase_with_wrong_password_changes_nothing(client, participant):
    client.force_login(participant)
    email = participant.email

    response = client.post("/people/me/erase/", {"password": "not-my-password", "confirm": "on"})

    participant.refresh_from_db()
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    assert (participant.email, participant.is_active) == (email, True)
