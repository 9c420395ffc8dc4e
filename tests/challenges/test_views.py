"""The challenge pages: the map with its lists, the offline observation page, its manifest and
service worker, the gallery, reports and the organisers' queue."""

import json

import pytest

from impactdays.challenges.models import Challenge, Report
from impactdays.challenges.services import photo_add, report_create
from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionRole
from tests.challenges.factories import ChallengeFactory, ObservationFactory, jpeg_upload
from tests.forums.factories import EditionRoleFactory, VenueFactory


def test_edition_map_lists_every_layer_and_hides_proposals(client, edition, challenge, place):
    VenueFactory(edition=edition, name="Manufactory hall")
    ObservationFactory(edition=edition, text="Broken lamp by the gate")
    ChallengeFactory(
        edition=edition, title="How might we Secret proposal?", status=Challenge.Status.PROPOSED
    )

    response = client.get(edition_url("challenges:edition-map", edition))

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Manufactory hall",
        "Krasny Perekop square",
        "How might we open the Great Manufactory?",
        "Broken lamp by the gate",
    ):
        assert text in page
    assert "Secret proposal" not in page
    layers = json.loads(
        page.split('id="challenge-layers" type="application/json">')[1].split("</script>")[0]
    )
    assert {kind: len(layer["features"]) for kind, layer in layers.items()} == {
        "venues": 1,
        "places": 1,
        "challenges": 1,
        "observations": 1,
    }


@pytest.mark.parametrize(
    ("role", "status"), [("participant", 200), ("partner", 403), ("outsider", 403)]
)
def test_observation_page_only_for_participants(request, client, edition, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.get(edition_url("challenges:observation-record", edition))

    assert response.status_code == status


def test_observation_page_links_its_manifest_and_the_manifest_starts_there(
    client, edition, participant
):
    client.force_login(participant)
    page_url = edition_url("challenges:observation-record", edition)

    page = client.get(page_url).content.decode()
    manifest = client.get(edition_url("challenges:manifest", edition)).json()

    assert f'<link rel="manifest" href="{edition_url("challenges:manifest", edition)}">' in page
    assert manifest["start_url"] == page_url
    assert manifest["display"] == "standalone"


def test_service_worker_may_control_the_whole_site(client):
    response = client.get("/challenges/sw.js")

    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"] == "text/javascript"
    assert b"/api/" in response.content  # the API is never cached


def test_gallery_shows_people_only_with_consent(client, edition, participant):
    photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(),
        caption="Empty hall",
        credit="Anna",
        is_in_gallery=True,
    )
    photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(),
        caption="Faces without consent",
        shows_people=True,
        is_in_gallery=True,
    )
    photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(),
        caption="Group with consent",
        shows_people=True,
        has_consent=True,
        is_in_gallery=True,
    )

    page = client.get(edition_url("challenges:gallery", edition)).content.decode()

    assert "Empty hall" in page
    assert "Photo: Anna" in page
    assert "Group with consent" in page
    assert "Faces without consent" not in page


def test_organiser_accepts_a_proposal_and_hides_a_reported_observation(
    client, edition, organiser, participant
):
    proposal = ChallengeFactory(edition=edition, status=Challenge.Status.PROPOSED)
    observation = ObservationFactory(edition=edition, author=participant, text="Rude remark")
    report_create(item=observation, reporter=participant, reason="Offensive")
    client.force_login(organiser)

    queue = client.get(
        "/"
        + edition_url("challenges:edition-map", edition).strip("/").rsplit("/", 1)[0]
        + "/manage/challenges/"
    )
    client.post(
        edition_url("challenges:challenge-status-move", edition, pk=proposal.pk), {"to": "accepted"}
    )
    client.post(
        edition_url(
            "challenges:item-moderate",
            edition,
            kind="observation",
            pk=observation.pk,
            action="hide",
        )
    )

    assert queue.status_code == 200
    assert "Offensive" in queue.content.decode()
    proposal.refresh_from_db()
    observation.refresh_from_db()
    assert proposal.status == Challenge.Status.ACCEPTED
    assert observation.is_hidden
    assert Report.objects.get().resolved_by == organiser


def test_participant_cannot_moderate(client, edition, participant):
    observation = ObservationFactory(edition=edition, text="Stays")
    client.force_login(participant)

    response = client.post(
        edition_url(
            "challenges:item-moderate",
            edition,
            kind="observation",
            pk=observation.pk,
            action="hide",
        )
    )

    assert response.status_code == 403
    observation.refresh_from_db()
    assert not observation.is_hidden


def test_report_from_a_participant_reaches_the_queue(client, edition, participant, challenge):
    client.force_login(participant)

    client.post(
        edition_url("challenges:report-create", edition, kind="challenge", pk=challenge.pk),
        {"reason": "Duplicate"},
    )

    assert Report.objects.get().challenge == challenge


def test_edition_map_offers_a_report_form_to_members_only(client, edition, participant):
    observation = ObservationFactory(edition=edition, text="Graffiti on the gate")
    report_url = edition_url(
        "challenges:report-create", edition, kind="observation", pk=observation.pk
    )

    anonymous_page = client.get(edition_url("challenges:edition-map", edition)).content.decode()
    client.force_login(participant)
    member_page = client.get(edition_url("challenges:edition-map", edition)).content.decode()

    assert report_url not in anonymous_page
    assert report_url in member_page


def test_partner_proposes_a_challenge_with_a_photo_and_it_waits_for_the_organisers(
    client, edition, partner
):
    client.force_login(partner)

    response = client.post(
        edition_url("challenges:challenge-propose", edition),
        {
            "title": "How might we light the inner road?",
            "geometry": '{"type": "Point", "coordinates": [39.88, 57.60]}',
            "image": jpeg_upload(),
        },
    )

    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.title, challenge.status, challenge.proposed_by) == (
        "How might we light the inner road?",
        Challenge.Status.PROPOSED,
        partner,
    )
    assert challenge.photos.count() == 1


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ('{"type": "Point", "coordinates": [39.88, 157.60]}', "is off the globe"),
        (
            '{"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}',
            "crosses itself",
        ),
    ],
)
def test_challenge_propose_refuses_invalid_places(client, edition, partner, geometry, message):
    client.force_login(partner)

    response = client.post(
        edition_url("challenges:challenge-propose", edition),
        {"title": "How might we?", "geometry": geometry},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Challenge.objects.count() == 0


def test_challenge_propose_refuses_a_file_that_is_no_image(client, edition, partner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(partner)

    response = client.post(
        edition_url("challenges:challenge-propose", edition),
        {"title": "How might we?", "image": SimpleUploadedFile("a.jpg", b"GIF89a not really")},
    )

    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert Challenge.objects.count() == 0


def test_participant_may_not_propose(client, edition, participant):
    client.force_login(participant)

    response = client.get(edition_url("challenges:challenge-propose", edition))

    assert response.status_code == 403


def test_place_page_shows_its_challenges_photos_and_observations(
    client, edition, place, participant
):
    observation = ObservationFactory(edition=edition, place=place, text="Puddles by the steps")
    photo_add(
        edition=edition,
        actor=participant,
        upload=jpeg_upload(),
        observation=observation,
        caption="Steps",
    )
    hidden = ObservationFactory(edition=edition, place=place, text="Hidden remark", is_hidden=True)

    page = client.get(edition_url("challenges:place-detail", edition, pk=place.pk)).content.decode()

    assert "How might we open the Great Manufactory?" in page
    assert "Puddles by the steps" in page
    assert "<figcaption>Steps</figcaption>" in page
    assert hidden.text not in page


def test_member_reports_a_gallery_photo_and_the_organiser_hides_it(
    client, edition, participant, organiser
):
    photo, _created = photo_add(
        edition=edition, actor=organiser, upload=jpeg_upload(), caption="Crowd", is_in_gallery=True
    )
    client.force_login(participant)

    client.post(
        edition_url("challenges:report-create", edition, kind="photo", pk=photo.pk),
        {"reason": "I am in it"},
    )
    client.force_login(organiser)
    client.post(
        edition_url("challenges:item-moderate", edition, kind="photo", pk=photo.pk, action="hide")
    )
    client.logout()

    assert Report.objects.get().photo == photo
    assert "Crowd" not in client.get(edition_url("challenges:gallery", edition)).content.decode()
    assert client.get(photo.image.url).status_code == 404


def test_author_edits_an_observation_and_another_participant_may_not(client, edition, participant):
    observation = ObservationFactory(edition=edition, author=participant, text="Draft", tags=[])
    other = ObservationFactory(edition=edition).author
    EditionRoleFactory(edition=edition, user=other, role=EditionRole.Role.PARTICIPANT)
    url = edition_url("challenges:observation-edit", edition, pk=observation.pk)

    client.force_login(other)
    refused = client.post(url, {"text": "Vandalised", "tags": ["safety"]})
    client.force_login(participant)
    page = client.get(edition_url("challenges:observation-record", edition)).content.decode()
    client.post(url, {"text": "The gate is locked at night", "tags": ["safety", "mobility"]})

    assert refused.status_code == 403
    assert url in page
    observation.refresh_from_db()
    assert (observation.text, observation.tags) == (
        "The gate is locked at night",
        ["safety", "mobility"],
    )


def test_observation_edit_refuses_a_tag_the_format_does_not_list(client, edition, participant):
    observation = ObservationFactory(edition=edition, author=participant, text="Kept")
    client.force_login(participant)

    response = client.post(
        edition_url("challenges:observation-edit", edition, pk=observation.pk),
        {"text": "Changed", "tags": ["graffiti"]},
    )

    assert response.status_code == 200
    observation.refresh_from_db()
    assert observation.text == "Kept"
