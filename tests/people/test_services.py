import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactdays.common.models import AuditEntry
from impactdays.people.models import ApiToken, ConsentKind, ConsentRecord, User
from impactdays.people.selectors import consent_records_current, consents_of
from impactdays.people.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    consent_set,
    profile_update,
    user_signup_complete,
)
from tests.people.conftest import image_bytes
from tests.people.factories import UserFactory


def test_profile_update_strips_exif_from_avatar(participant, jpeg_with_gps):
    profile_update(user=participant, actor=participant, avatar=jpeg_with_gps)

    participant.refresh_from_db()
    with Image.open(participant.avatar.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        assert stored.size == (32, 24)
    assert participant.avatar.name.startswith(f"avatars/{participant.pk}/")
    assert "holiday" not in participant.avatar.name


def test_profile_update_shrinks_large_avatar(participant):
    upload = SimpleUploadedFile("big.png", image_bytes("PNG", size=(3000, 1500)))

    profile_update(user=participant, actor=participant, avatar=upload)

    participant.refresh_from_db()
    with Image.open(participant.avatar.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (1024, 512))


def test_profile_update_new_avatar_deletes_old_file(
    participant, jpeg_with_gps, django_capture_on_commit_callbacks
):
    profile_update(user=participant, actor=participant, avatar=jpeg_with_gps)
    old_name = participant.avatar.name
    replacement = SimpleUploadedFile("new.png", image_bytes("PNG"))

    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=participant, actor=participant, avatar=replacement)

    storage = participant.avatar.storage
    assert not storage.exists(old_name)
    assert storage.exists(participant.avatar.name)
    assert participant.avatar.name.endswith(".png")


def test_profile_update_changes_only_given_fields(participant):
    profile_update(
        user=participant,
        actor=participant,
        organisation="Textil Cultural Center",
        languages=["ru", "en"],
    )

    participant.refresh_from_db()
    assert (participant.organisation, participant.languages) == (
        "Textil Cultural Center",
        ["ru", "en"],
    )
    assert (participant.display_name, participant.country.code) == ("Participant", "DE")
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("profile_update", {"fields": ["organisation", "languages"]})
    ]


def test_profile_update_removes_avatar_when_given_none(participant, jpeg_with_gps):
    profile_update(user=participant, actor=participant, avatar=jpeg_with_gps)

    profile_update(user=participant, actor=participant, avatar=None)

    participant.refresh_from_db()
    assert participant.avatar.name == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"languages": ["en", "xx"]}, "Choose languages from the list."),
        ({"bio": "x" * 601}, "Ensure this value has at most 600 characters (it has 601)."),
        (
            {"avatar": SimpleUploadedFile("notes.jpg", b"not an image")},
            "The image could not be read. Upload a JPEG, PNG or WebP image.",
        ),
        (
            {"avatar": SimpleUploadedFile("anim.gif", image_bytes("GIF"))},
            "Upload a JPEG, PNG or WebP image.",
        ),
    ],
)
def test_profile_update_with_invalid_value_saves_nothing(participant, fields, message):
    with pytest.raises(ValidationError) as raised:
        profile_update(user=participant, actor=participant, **fields)

    assert message in raised.value.messages
    stored = User.objects.get(pk=participant.pk)
    assert (stored.languages, stored.bio, stored.avatar.name) == ([], "", "")
    assert AuditEntry.objects.count() == 0


def test_consent_set_keeps_history_and_newest_wins(participant):
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=False)
    consent_set(user=participant, kind=ConsentKind.PHOTO_PUBLICATION, is_given=True)
    latest = consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)

    history = participant.consent_records.filter(kind=ConsentKind.DIRECTORY_LISTING)
    assert list(history.order_by("id").values_list("is_given", flat=True)) == [True, False, True]
    assert consents_of(participant) == {
        ConsentKind.TERMS: False,
        ConsentKind.DIRECTORY_LISTING: True,
        ConsentKind.PHOTO_PUBLICATION: True,
    }
    assert consent_records_current(participant)[ConsentKind.DIRECTORY_LISTING] == latest


def test_consent_set_withdrawal_wins_when_newest(participant):
    consent_set(user=participant, kind=ConsentKind.PHOTO_PUBLICATION, is_given=True)

    consent_set(user=participant, kind=ConsentKind.PHOTO_PUBLICATION, is_given=False)

    assert consents_of(participant)[ConsentKind.PHOTO_PUBLICATION] is False
    assert participant.consent_records.count() == 2


def test_consent_set_unknown_kind_refused(participant):
    with pytest.raises(ValidationError):
        consent_set(user=participant, kind="newsletter", is_given=True)

    assert ConsentRecord.objects.count() == 0


def test_consents_of_without_records_all_false(participant):
    consents = consents_of(participant)

    assert consents == {kind: False for kind in ConsentKind.values}


def test_user_signup_complete_records_terms_and_name(db):
    user = UserFactory(display_name="")

    user_signup_complete(user=user, display_name="  Nino  ")

    user.refresh_from_db()
    assert user.display_name == "Nino"
    assert list(user.consent_records.values_list("kind", "is_given")) == [(ConsentKind.TERMS, True)]


def test_api_token_create_stores_only_digest(participant):
    token, key = api_token_create(user=participant, name=" laptop ")

    token.refresh_from_db()
    assert (token.name, token.prefix, token.user) == ("laptop", key[:8], participant)
    assert key not in token.key_digest
    assert len(key) >= 40


def test_api_token_authenticate_returns_owner_and_records_use(participant):
    token, key = api_token_create(user=participant, name="laptop")

    user = api_token_authenticate(key=key)

    assert user == participant
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_api_token_authenticate_wrong_key_none(participant):
    api_token_create(user=participant, name="laptop")

    user = api_token_authenticate(key="not-a-key")

    assert user is None


def test_api_token_authenticate_inactive_user_none(participant):
    _token, key = api_token_create(user=participant, name="laptop")
    User.objects.filter(pk=participant.pk).update(is_active=False)

    user = api_token_authenticate(key=key)

    assert user is None


def test_api_token_revoke_key_stops_working(participant):
    token, key = api_token_create(user=participant, name="laptop")

    api_token_revoke(token=token, actor=participant)

    assert api_token_authenticate(key=key) is None
    assert ApiToken.objects.count() == 0
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "api_token_create",
        "api_token_revoke",
    ]


def test_profile_update_without_fields_writes_nothing(participant):
    profile_update(user=participant, actor=participant)

    assert AuditEntry.objects.count() == 0
