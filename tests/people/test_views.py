import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from impactdays.common.images import IMAGE_MAX_BYTES
from impactdays.common.models import AuditEntry
from impactdays.people.models import ApiToken, ConsentKind, User
from impactdays.people.selectors import consents_of
from impactdays.people.services import api_token_authenticate, api_token_create, consent_set
from tests.people.conftest import image_bytes

PROFILE_EDIT = reverse("people:profile-edit")
VALID_PROFILE = {
    "display_name": "Nino",
    "country": "GE",
    "organisation": "Tbilisi Urban Lab",
    "sector": "urbanism",
    "languages": ["ka", "en"],
    "bio": "Urbanist from Tbilisi.",
}


def _profile_of(user: User) -> tuple[object, ...]:
    stored = User.objects.get(pk=user.pk)
    return (
        stored.display_name,
        stored.country.code,
        stored.organisation,
        stored.sector,
        stored.languages,
        stored.bio,
        stored.avatar.name,
    )


@pytest.mark.parametrize(
    "url",
    [
        reverse("people:profile-edit"),
        reverse("people:profile-detail", kwargs={"pk": 1}),
        reverse("people:consent-set"),
        reverse("people:api-token-create"),
        reverse("people:api-token-revoke", kwargs={"pk": 1}),
    ],
)
def test_people_pages_anonymous_redirected_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_profile_edit_shows_current_values_and_links(client, participant):
    client.force_login(participant)

    response = client.get(PROFILE_EDIT)

    assert response.status_code == 200
    assert response.context["profile_form"].initial["display_name"] == "Participant"
    page = response.content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert f'action="{reverse("people:consent-set")}"' in page


def test_profile_edit_valid_post_saves_profile(client, participant, jpeg_with_gps):
    client.force_login(participant)

    response = client.post(PROFILE_EDIT, {**VALID_PROFILE, "avatar": jpeg_with_gps})

    assert response.status_code == 302
    assert response.url == PROFILE_EDIT
    stored = User.objects.get(pk=participant.pk)
    assert _profile_of(participant)[:6] == (
        "Nino",
        "GE",
        "Tbilisi Urban Lab",
        "urbanism",
        ["ka", "en"],
        "Urbanist from Tbilisi.",
    )
    with Image.open(stored.avatar.path) as avatar:
        assert dict(avatar.getexif()) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"avatar": SimpleUploadedFile("me.jpg", b"just some text", content_type="image/jpeg")},
            "avatar",
            "The image could not be read. Upload a JPEG, PNG or WebP image.",
        ),
        (
            {"avatar": SimpleUploadedFile("me.gif", image_bytes("GIF"), content_type="image/gif")},
            "avatar",
            "Upload a JPEG, PNG or WebP image.",
        ),
        (
            {"bio": "x" * 601},
            "bio",
            "Ensure this value has at most 600 characters (it has 601).",
        ),
        (
            {"languages": ["en", "xx"]},
            "languages",
            "Select a valid choice. xx is not one of the available choices.",
        ),
    ],
)
def test_profile_edit_bad_input_shows_error_and_changes_nothing(
    client, participant, changes, field, message
):
    client.force_login(participant)
    before = _profile_of(participant)

    response = client.post(PROFILE_EDIT, {**VALID_PROFILE, **changes})

    assert response.status_code == 200
    assert response.context["profile_form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert _profile_of(participant) == before
    assert AuditEntry.objects.count() == 0


def test_profile_edit_avatar_over_10_mb_refused(client, participant):
    client.force_login(participant)
    # A valid PNG with 10 MB of trailing bytes: the size is refused before the image is opened.
    big = SimpleUploadedFile(
        "big.png", image_bytes("PNG") + bytes(IMAGE_MAX_BYTES), content_type="image/png"
    )
    before = _profile_of(participant)

    response = client.post(PROFILE_EDIT, {**VALID_PROFILE, "avatar": big})

    assert response.status_code == 200
    assert response.context["profile_form"].errors["avatar"] == ["The image is larger than 10 MB."]
    assert _profile_of(participant) == before


def test_profile_detail_without_directory_consent_404(client, outsider, participant):
    client.force_login(outsider)

    response = client.get(participant.get_absolute_url())

    assert response.status_code == 404


def test_profile_detail_after_withdrawn_consent_404(client, outsider, participant):
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=False)
    client.force_login(outsider)

    response = client.get(participant.get_absolute_url())

    assert response.status_code == 404


def test_profile_detail_with_directory_consent_shown(client, outsider, participant):
    participant.organisation = "Textil Cultural Center"
    participant.bio = "Organises site visits."
    participant.save()
    consent_set(user=participant, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    client.force_login(outsider)

    response = client.get(participant.get_absolute_url())

    assert response.status_code == 200
    assert response.context["person"] == participant
    page = response.content.decode()
    assert "<h1>Participant</h1>" in page
    assert "Textil Cultural Center" in page
    assert "Organises site visits." in page
    assert participant.email not in page


@pytest.mark.parametrize("viewer_name", ["participant", "site_admin"])
def test_profile_detail_without_consent_shown_to_self_and_site_admin(
    client, request, participant, viewer_name
):
    client.force_login(request.getfixturevalue(viewer_name))

    response = client.get(participant.get_absolute_url())

    assert response.status_code == 200
    assert response.context["person"] == participant


def test_consent_set_view_records_choice(client, participant):
    client.force_login(participant)

    response = client.post(
        reverse("people:consent-set"), {"kind": "directory_listing", "is_given": "true"}
    )

    assert response.status_code == 302
    assert consents_of(participant)[ConsentKind.DIRECTORY_LISTING] is True


def test_consent_set_view_refuses_terms_withdrawal(client, participant):
    consent_set(user=participant, kind=ConsentKind.TERMS, is_given=True)
    client.force_login(participant)

    response = client.post(
        reverse("people:consent-set"), {"kind": "terms", "is_given": "false"}, follow=True
    )

    assert "Choose a consent and whether you give or withdraw it." in response.content.decode()
    assert consents_of(participant)[ConsentKind.TERMS] is True
    assert participant.consent_records.count() == 1


def test_profile_edit_shows_consent_state(client, participant):
    consent_set(user=participant, kind=ConsentKind.PHOTO_PUBLICATION, is_given=True)
    client.force_login(participant)

    response = client.get(PROFILE_EDIT)

    states = {kind: record and record.is_given for kind, record in response.context["consents"]}
    assert states == {ConsentKind.DIRECTORY_LISTING: None, ConsentKind.PHOTO_PUBLICATION: True}
    assert "Last changed" in response.content.decode()


def test_api_token_create_view_shows_key_once(client, participant):
    client.force_login(participant)

    response = client.post(reverse("people:api-token-create"), {"name": "laptop"})

    token = ApiToken.objects.get(user=participant)
    key = response.context["key"]
    assert (token.name, token.prefix) == ("laptop", key[:8])
    assert api_token_authenticate(key=key) == participant
    assert key in response.content.decode()
    assert key not in client.get(PROFILE_EDIT).content.decode()


def test_api_token_create_view_without_name_creates_nothing(client, participant):
    client.force_login(participant)

    response = client.post(reverse("people:api-token-create"), {"name": ""})

    assert response.context["token_form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


def test_api_token_list_shows_only_own_tokens(client, participant, outsider):
    api_token_create(user=participant, name="mine")
    api_token_create(user=outsider, name="theirs")
    client.force_login(participant)

    response = client.get(PROFILE_EDIT)

    assert [token.name for token in response.context["tokens"]] == ["mine"]


def test_api_token_revoke_by_owner_deletes_token(client, participant):
    token, key = api_token_create(user=participant, name="laptop")
    client.force_login(participant)

    response = client.post(reverse("people:api-token-revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 302
    assert ApiToken.objects.count() == 0
    assert api_token_authenticate(key=key) is None


def test_api_token_revoke_by_another_user_404(client, participant, outsider):
    token, key = api_token_create(user=participant, name="laptop")
    client.force_login(outsider)

    response = client.post(reverse("people:api-token-revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 404
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [token.pk]
    assert api_token_authenticate(key=key) == participant
