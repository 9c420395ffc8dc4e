"""Observations and gallery photos linked to the programme's site visits: the services, the API,
the recording page that offers the site visits, and the session page that lists them."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from impactdays.challenges import services
from impactdays.challenges.models import Observation, Photo
from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionRole
from impactdays.programme import services as programme_services
from impactdays.programme.models import Session
from tests.challenges.factories import ObservationFactory, jpeg_upload
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import UserFactory
from tests.programme.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_visit(edition):
    return SessionFactory(
        edition=edition, kind=Session.Kind.SITE_VISIT, title_en="Walk on the Manufactory"
    )


def _record(edition, author, **links):
    return services.observation_record(
        edition=edition, author=author, key=uuid.uuid4(), text="No bench on the embankment", **links
    )


def test_an_observation_links_to_a_site_visit_of_its_edition(edition, participant, site_visit):
    observation, created = _record(edition, participant, session=site_visit)

    assert created
    assert Observation.objects.get(pk=observation.pk).session == site_visit
    assert list(site_visit.observations.all()) == [observation]


def test_a_site_visit_of_another_edition_is_refused(edition, participant):
    elsewhere = SessionFactory(kind=Session.Kind.SITE_VISIT)

    with pytest.raises(ValidationError) as error:
        _record(edition, participant, session=elsewhere)

    assert error.value.message_dict == {
        "session": ["Link to a site visit of this edition's programme only."]
    }
    assert Observation.objects.count() == 0


def test_a_session_that_is_not_a_site_visit_is_refused(edition, participant):
    talk = SessionFactory(edition=edition, kind=Session.Kind.TALK)

    with pytest.raises(ValidationError) as error:
        _record(edition, participant, session=talk)

    assert error.value.message_dict == {
        "session": ["Link to a site visit only, not to a session of another kind."]
    }
    assert Observation.objects.count() == 0


def test_an_update_cannot_move_an_observation_to_another_editions_walk(edition, participant):
    observation, _created = _record(edition, participant)
    elsewhere = SessionFactory(kind=Session.Kind.SITE_VISIT)

    with pytest.raises(ValidationError):
        services.observation_update(observation=observation, actor=participant, session=elsewhere)

    assert Observation.objects.get(pk=observation.pk).session is None


def test_a_gallery_photo_links_to_a_site_visit_and_not_to_another_editions(
    edition, participant, site_visit
):
    photo, _created = services.photo_add(
        edition=edition, actor=participant, upload=jpeg_upload(), session=site_visit
    )
    assert photo.session == site_visit

    with pytest.raises(ValidationError) as error:
        services.photo_add(
            edition=edition,
            actor=participant,
            upload=jpeg_upload(),
            session=SessionFactory(kind=Session.Kind.SITE_VISIT),
        )
    assert "session" in error.value.message_dict
    assert Photo.objects.count() == 1


def _body(**fields):
    return {"key": str(uuid.uuid4()), "text": "The gate is locked", "tags": [], **fields}


def test_api_records_an_observation_on_a_site_visit(api_as, edition, participant, site_visit):
    response = api_as(participant).post(
        f"/editions/{edition.pk}/observations", _body(session=site_visit.pk)
    )

    assert response.status_code == 200
    assert response.json()["session"] == site_visit.pk
    assert Observation.objects.get().session == site_visit


def test_api_refuses_a_session_of_another_edition_and_writes_nothing(api_as, edition, participant):
    elsewhere = SessionFactory(kind=Session.Kind.SITE_VISIT)

    response = api_as(participant).post(
        f"/editions/{edition.pk}/observations", _body(session=elsewhere.pk)
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "session": ["There is no such session in this edition's programme."]
    }
    assert Observation.objects.count() == 0


def test_api_refuses_a_talk_as_the_walk(api_as, edition, participant):
    talk = SessionFactory(edition=edition, kind=Session.Kind.TALK)

    response = api_as(participant).post(
        f"/editions/{edition.pk}/observations", _body(session=talk.pk)
    )

    assert response.status_code == 422
    assert Observation.objects.count() == 0


def test_api_refuses_a_site_visit_observation_from_someone_not_participating(
    api_as, edition, outsider, site_visit
):
    response = api_as(outsider).post(
        f"/editions/{edition.pk}/observations", _body(session=site_visit.pk)
    )

    assert response.status_code == 403
    assert Observation.objects.count() == 0


def test_the_recording_page_offers_the_published_site_visits_only(
    client, edition, organiser, participant, site_visit
):
    SessionFactory(edition=edition, kind=Session.Kind.TALK, title_en="A talk, not a walk")
    client.force_login(participant)
    url = edition_url("challenges:observation-record", edition)

    assert "Walk on the Manufactory" not in client.get(url).content.decode()  # not published

    programme_services.schedule_publish(edition=edition, actor=organiser)
    page = client.get(url).content.decode()

    assert f'<option value="{site_visit.pk}">Walk on the Manufactory</option>' in page
    assert "A talk, not a walk" not in page


def test_the_session_page_lists_the_walks_visible_observations(
    client, edition, organiser, participant, site_visit
):
    ObservationFactory(edition=edition, author=participant, session=site_visit, text="Seen")
    hidden = ObservationFactory(
        edition=edition, author=participant, session=site_visit, text="Hidden one"
    )
    services.item_hide(item=hidden, actor=organiser)
    ObservationFactory(edition=edition, author=participant, text="Made elsewhere")
    programme_services.schedule_publish(edition=edition, actor=organiser)

    page = client.get(edition_url("programme:session-detail", edition, pk=site_visit.pk))

    content = page.content.decode()
    assert "Observations made on this walk" in content
    assert "Seen" in content
    assert "Hidden one" not in content
    assert "Made elsewhere" not in content


def test_a_session_without_observations_shows_no_panel(client, edition, organiser, site_visit):
    programme_services.schedule_publish(edition=edition, actor=organiser)

    page = client.get(edition_url("programme:session-detail", edition, pk=site_visit.pk))

    assert page.status_code == 200
    assert "Observations made on this walk" not in page.content.decode()


def test_a_photo_of_an_observation_made_on_a_walk_belongs_to_the_walk(
    api_as, edition, participant, site_visit
):
    observation, _created = _record(edition, participant, session=site_visit)

    api = api_as(participant)
    response = api.client.post(
        f"/api/v1/observations/{observation.pk}/photos",
        {"key": str(uuid.uuid4()), "file": jpeg_upload()},
        headers=api.headers,
    )

    assert response.status_code == 200, response.content
    assert Photo.objects.get().session == site_visit


def _edit(client, observation, **fields):
    url = edition_url("challenges:observation-edit", observation.edition, pk=observation.pk)
    return client.post(url, {"text": observation.text, **fields})


def test_the_author_moves_an_observation_to_a_site_visit_and_off_it(
    client, edition, organiser, participant, site_visit
):
    programme_services.schedule_publish(edition=edition, actor=organiser)
    observation = ObservationFactory(edition=edition, author=participant)
    client.force_login(participant)
    url = edition_url("challenges:observation-edit", edition, pk=observation.pk)

    assert "Walk on the Manufactory" in client.get(url).content.decode()
    assert _edit(client, observation, session=site_visit.pk).status_code == 302
    assert Observation.objects.get(pk=observation.pk).session == site_visit
    assert _edit(client, observation, session="").status_code == 302
    assert Observation.objects.get(pk=observation.pk).session is None


def test_the_edit_form_refuses_another_editions_site_visit(
    client, edition, organiser, participant, site_visit
):
    programme_services.schedule_publish(edition=edition, actor=organiser)
    elsewhere = SessionFactory(kind=Session.Kind.SITE_VISIT)
    observation = ObservationFactory(edition=edition, author=participant)
    client.force_login(participant)

    response = _edit(client, observation, session=elsewhere.pk)

    assert response.status_code == 200
    assert Observation.objects.get(pk=observation.pk).session is None


def test_another_participant_may_not_move_an_observation_to_a_walk(
    client, edition, organiser, participant, site_visit
):
    programme_services.schedule_publish(edition=edition, actor=organiser)
    observation = ObservationFactory(edition=edition, author=participant)
    other = UserFactory()
    EditionRoleFactory(edition=edition, user=other, role=EditionRole.Role.PARTICIPANT)
    client.force_login(other)

    response = _edit(client, observation, session=site_visit.pk)

    assert response.status_code == 403
    assert Observation.objects.get(pk=observation.pk).session is None
