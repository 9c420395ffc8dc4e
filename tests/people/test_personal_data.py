import json

import pytest

from impactdays.people.models import ConsentKind
from impactdays.people.services import api_token_create, consent_set

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
