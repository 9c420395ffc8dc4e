"""Avatars are kept outside the public media path and served only to who may see the profile."""

import os
import re
from pathlib import PurePosixPath

import pytest
from django.conf import settings
from django.urls import reverse

from impactdays.people.models import ConsentKind, User
from impactdays.people.services import account_erase, consent_set, profile_update


@pytest.fixture
def with_avatar(participant, jpeg_with_gps) -> User:
    """The participant, with an avatar and a private profile (no directory consent)."""
    return profile_update(user=participant, actor=participant, avatar=jpeg_with_gps)


def _avatar_bytes(person: User) -> bytes:
    with person.avatar.open("rb") as stored:
        return stored.read()


def _fetch(client, person: User):
    return client.get(person.avatar.url)


def test_avatar_is_stored_outside_media_root_under_an_unguessable_name(with_avatar):
    path = with_avatar.avatar.path

    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert re.fullmatch(rf"avatars/{with_avatar.pk}/[0-9a-f]{{32}}\.jpg", with_avatar.avatar.name)


def test_avatar_url_is_the_checking_view(with_avatar):
    name = PurePosixPath(with_avatar.avatar.name).name

    assert with_avatar.avatar.url == reverse(
        "people:avatar-detail", kwargs={"pk": with_avatar.pk, "name": name}
    )
    assert not with_avatar.avatar.url.startswith(settings.MEDIA_URL)


def test_private_avatar_404_for_anonymous(client, with_avatar):
    response = _fetch(client, with_avatar)

    assert response.status_code == 404
    assert _avatar_bytes(with_avatar) not in response.content


@pytest.mark.parametrize("stranger_name", ["outsider", "organiser", "facilitator"])
def test_private_avatar_404_for_another_signed_in_person(
    client, request, with_avatar, stranger_name
):
    # Even the organiser of the participant's own edition: the profile rule admits the person,
    # site admins and, with consent, everyone signed in.
    client.force_login(request.getfixturevalue(stranger_name))

    response = _fetch(client, with_avatar)

    assert response.status_code == 404
    assert _avatar_bytes(with_avatar) not in response.content


def test_avatar_404_after_directory_consent_is_withdrawn(client, outsider, with_avatar):
    consent_set(user=with_avatar, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    consent_set(user=with_avatar, kind=ConsentKind.DIRECTORY_LISTING, is_given=False)
    client.force_login(outsider)

    response = _fetch(client, with_avatar)

    assert response.status_code == 404


@pytest.mark.parametrize("viewer_name", ["participant", "site_admin"])
def test_private_avatar_served_to_owner_and_site_admin(client, request, with_avatar, viewer_name):
    client.force_login(request.getfixturevalue(viewer_name))

    response = _fetch(client, with_avatar)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    assert b"".join(response.streaming_content) == _avatar_bytes(with_avatar)


def test_listed_avatar_served_to_signed_in_person(client, outsider, with_avatar):
    consent_set(user=with_avatar, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    client.force_login(outsider)

    response = _fetch(client, with_avatar)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _avatar_bytes(with_avatar)


def test_listed_avatar_still_404_for_anonymous(client, with_avatar):
    consent_set(user=with_avatar, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)

    response = _fetch(client, with_avatar)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["0123456789abcdef0123456789abcdef.jpg", "..%2F..%2Fsettings.py", "avatar.jpg"]
)
def test_avatar_with_another_name_404_even_for_owner(client, with_avatar, name):
    client.force_login(with_avatar)

    response = client.get(f"/people/{with_avatar.pk}/avatar/{name}")

    assert response.status_code == 404


def test_replaced_avatar_old_url_404(client, with_avatar, jpeg_with_gps):
    old_url = with_avatar.avatar.url
    jpeg_with_gps.seek(0)
    profile_update(user=with_avatar, actor=with_avatar, avatar=jpeg_with_gps)
    client.force_login(with_avatar)

    response = client.get(old_url)

    assert response.status_code == 404
    assert client.get(with_avatar.avatar.url).status_code == 200


def test_avatar_of_erased_account_404_for_site_admin(client, site_admin, with_avatar):
    url = with_avatar.avatar.url
    account_erase(user=with_avatar, actor=with_avatar)
    client.force_login(site_admin)

    response = client.get(url)

    assert response.status_code == 404


def test_avatar_refuses_post(client, with_avatar):
    client.force_login(with_avatar)

    response = client.post(with_avatar.avatar.url)

    assert response.status_code == 405


def test_profile_page_shows_avatar_through_the_view(client, with_avatar):
    client.force_login(with_avatar)

    response = client.get(with_avatar.get_absolute_url())

    assert f'<img class="people-avatar" src="{with_avatar.avatar.url}"' in response.content.decode()


def test_profile_page_shows_the_current_photo_and_a_remove_button(client, with_avatar):
    client.force_login(with_avatar)

    page = client.get(reverse("people:profile-edit")).content.decode()

    assert f'src="{with_avatar.avatar.url}"' in page
    assert 'form="avatar-remove-form">Remove photo</button>' in page
    assert (
        f'id="avatar-remove-form" method="post" action="{reverse("people:avatar-remove")}"' in page
    )


def test_profile_page_without_a_photo_offers_no_remove_button(client, participant):
    client.force_login(participant)

    page = client.get(reverse("people:profile-edit")).content.decode()

    assert "No photo" in page
    assert "Remove photo" not in page


def test_remove_photo_deletes_the_file_and_keeps_the_rest_of_the_profile(
    client, with_avatar, django_capture_on_commit_callbacks
):
    path = with_avatar.avatar.path
    client.force_login(with_avatar)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:avatar-remove"), follow=True)

    with_avatar.refresh_from_db()
    assert response.redirect_chain == [(reverse("people:profile-edit"), 302)]
    assert "Your photo is removed." in response.content.decode()
    assert not with_avatar.avatar
    assert with_avatar.display_name
    assert not os.path.exists(path)


def test_remove_photo_refuses_get_and_anonymous_and_changes_nothing(client, with_avatar):
    name = with_avatar.avatar.name
    client.force_login(with_avatar)
    by_get = client.get(reverse("people:avatar-remove"))
    client.logout()

    anonymous = client.post(reverse("people:avatar-remove"))

    with_avatar.refresh_from_db()
    assert by_get.status_code == 405
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert with_avatar.avatar.name == name
