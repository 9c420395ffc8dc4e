"""The challenges API: observations once per key, photos without metadata, GeoJSON layers,
hidden items invisible, and bad input refused with nothing written."""

import io
import uuid

import pytest
from PIL import Image

from impactdays.challenges.models import Challenge, Observation, Photo
from impactdays.challenges.services import item_hide
from tests.challenges.factories import (
    ChallengeFactory,
    ObservationFactory,
    PlaceFactory,
    exif_with_gps,
    jpeg_upload,
)
from tests.forums.factories import VenueFactory
from tests.permissions import snapshot


def _observation(**fields):
    return {
        "key": str(uuid.uuid4()),
        "text": "The embankment has no benches",
        "tags": ["public-life"],
        **fields,
    }


def test_observation_post_replayed_returns_the_stored_original(api_as, edition, participant, place):
    api = api_as(participant)
    body = _observation(latitude=57.62, longitude=39.9, location_source="device", place=place.pk)

    first = api.post(f"/editions/{edition.pk}/observations", body)
    replay = api.post(f"/editions/{edition.pk}/observations", {**body, "text": "Changed on replay"})

    assert first.status_code == replay.status_code == 200
    assert replay.json() == first.json()
    assert first.json()["text"] == "The embankment has no benches"
    assert first.json()["place"] == place.pk
    assert Observation.objects.count() == 1


@pytest.mark.parametrize("role", ["partner", "reviewer", "speaker", "outsider"])
def test_observation_post_refused_for_people_who_are_not_participants(
    request, api_as, edition, role
):
    before = snapshot(Observation)

    response = api_as(request.getfixturevalue(role)).post(
        f"/editions/{edition.pk}/observations", _observation()
    )

    assert response.status_code == 403
    assert snapshot(Observation) == before


def test_observation_post_anonymous_is_401(anonymous_api, edition):
    response = anonymous_api.post(f"/editions/{edition.pk}/observations", _observation())

    assert response.status_code == 401
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"latitude": 157.6, "longitude": 39.9, "location_source": "device"}, "latitude"),
        ({"tags": ["unknown-tag"]}, "tags"),
        ({"key": "not-a-uuid"}, "key"),
        ({"latitude": True, "longitude": 39.9, "location_source": "map"}, "latitude"),
    ],
)
def test_observation_post_bad_input_is_422_and_writes_nothing(
    api_as, edition, participant, fields, field
):
    response = api_as(participant).post(
        f"/editions/{edition.pk}/observations", _observation(**fields)
    )

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Observation.objects.count() == 0


def test_observation_patch_by_another_participant_is_403(api_as, edition, participant, facilitator):
    observation = ObservationFactory(edition=edition, author=participant)
    other = api_as(facilitator)  # a facilitator moderates: allowed
    assert other.patch(f"/observations/{observation.pk}", {"text": "Tidied"}).status_code == 200
    stranger = ObservationFactory(edition=edition).author
    from impactdays.forums.models import EditionRole
    from tests.forums.factories import EditionRoleFactory

    EditionRoleFactory(edition=edition, user=stranger, role=EditionRole.Role.PARTICIPANT)

    response = api_as(stranger).patch(f"/observations/{observation.pk}", {"text": "Vandalised"})

    assert response.status_code == 403
    observation.refresh_from_db()
    assert observation.text == "Tidied"


def test_photo_upload_strips_gps_and_a_replay_stores_once(api_as, edition, participant, client):
    observation = ObservationFactory(edition=edition, author=participant)
    api = api_as(participant)
    key = str(uuid.uuid4())

    def upload():
        return api.client.post(
            f"/api/v1/observations/{observation.pk}/photos",
            {"key": key, "caption": "Gate", "file": jpeg_upload(exif=exif_with_gps())},
            headers=api.headers,
        )

    first, replay = upload(), upload()

    assert first.status_code == replay.status_code == 200
    assert first.json()["id"] == replay.json()["id"]
    assert Photo.objects.count() == 1
    served = b"".join(api.client.get(first.json()["url"], headers=api.headers).streaming_content)
    with Image.open(io.BytesIO(served)) as image:
        assert dict(image.getexif()) == {}


def test_photo_upload_refuses_a_file_that_is_no_image(api_as, edition, participant):
    observation = ObservationFactory(edition=edition, author=participant)
    api = api_as(participant)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.client.post(
        f"/api/v1/observations/{observation.pk}/photos",
        {"key": str(uuid.uuid4()), "file": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image")},
        headers=api.headers,
    )

    assert response.status_code == 422
    assert "could not be read" in response.json()["detail"]
    assert Photo.objects.count() == 0


def test_challenge_propose_refuses_an_invalid_polygon(api_as, edition, partner):
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[39.9, 57.6], [39.91, 57.6], [39.91, 57.61], [39.9, 57.61]]],
    }

    response = api_as(partner).post(
        f"/editions/{edition.pk}/challenges", {"title": "How might we?", "geometry": open_ring}
    )

    assert response.status_code == 422
    assert "must be closed" in response.json()["detail"]
    assert Challenge.objects.count() == 0


def test_challenge_status_move_by_a_partner_is_403(api_as, edition, partner, organiser):
    proposal = ChallengeFactory(
        edition=edition, status=Challenge.Status.PROPOSED, proposed_by=partner
    )

    refused = api_as(partner).post(f"/challenges/{proposal.pk}/status", {"to": "accepted"})
    accepted = api_as(organiser).post(f"/challenges/{proposal.pk}/status", {"to": "accepted"})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"


def test_geojson_layers_are_feature_collections(anonymous_api, edition, challenge, place):
    VenueFactory(edition=edition, name="Manufactory hall")
    ObservationFactory(edition=edition, text="Broken lamp")

    layers = {
        kind: anonymous_api.get(f"/editions/{edition.pk}/geojson/{kind}").json()
        for kind in ("venues", "places", "challenges", "observations")
    }

    assert {kind: layer["type"] for kind, layer in layers.items()} == dict.fromkeys(
        layers, "FeatureCollection"
    )
    assert [f["properties"]["name"] for f in layers["venues"]["features"]] == ["Manufactory hall"]
    assert [f["properties"]["name"] for f in layers["places"]["features"]] == [
        "Krasny Perekop square"
    ]
    assert layers["challenges"]["features"][0]["geometry"]["type"] == "Polygon"
    assert [f["properties"]["name"] for f in layers["observations"]["features"]] == ["Broken lamp"]


def test_hidden_items_are_invisible_to_the_public_api(
    anonymous_api, api_as, edition, organiser, challenge
):
    observation = ObservationFactory(edition=edition, text="Secret Q7X observation")
    item_hide(item=observation, actor=organiser)
    item_hide(item=challenge, actor=organiser)

    listed = anonymous_api.get(f"/editions/{edition.pk}/observations").content.decode()
    features = anonymous_api.get(f"/editions/{edition.pk}/geojson/observations").content.decode()
    challenges = anonymous_api.get(f"/editions/{edition.pk}/challenges").json()
    moderator_view = api_as(organiser).get(f"/editions/{edition.pk}/observations").json()

    assert "Secret Q7X" not in listed + features
    assert challenges == []
    assert [item["text"] for item in moderator_view["items"]] == ["Secret Q7X observation"]


def test_photo_of_people_without_consent_is_not_public(client, edition, participant):
    from impactdays.challenges.services import photo_add

    photo, _created = photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(),
        shows_people=True,
        is_in_gallery=True,
    )

    assert client.get(photo.image.url).status_code == 404
    client.force_login(participant)
    assert client.get(photo.image.url).status_code == 200


def test_observation_post_with_a_place_of_another_edition_is_422(api_as, edition, participant):
    elsewhere = PlaceFactory()

    response = api_as(participant).post(
        f"/editions/{edition.pk}/observations", _observation(place=elsewhere.pk)
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"place": ["There is no such place in this edition."]}
    assert Observation.objects.count() == 0


def test_challenge_list_shows_its_photos_only_when_publishable(
    anonymous_api, edition, organiser, challenge
):
    from impactdays.challenges.services import photo_add

    photo_add(
        edition=edition, actor=organiser, upload=jpeg_upload(), challenge=challenge, caption="Gate"
    )
    photo_add(
        edition=edition,
        actor=organiser,
        upload=jpeg_upload(),
        challenge=challenge,
        caption="Faces",
        shows_people=True,
    )

    listed = anonymous_api.get(f"/editions/{edition.pk}/challenges").json()

    assert [photo["caption"] for photo in listed[0]["photos"]] == ["Gate"]
