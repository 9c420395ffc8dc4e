"""Challenges move through their table; observations are stored once per key; moderation hides."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from impactdays.challenges import services
from impactdays.challenges.models import Challenge, Observation, Place, Report
from impactdays.common.models import AuditEntry
from tests.challenges.factories import GREAT_MANUFACTORY, ObservationFactory
from tests.permissions import snapshot


def test_challenge_create_is_proposed_and_audited(edition, partner):
    challenge = services.challenge_create(
        edition=edition,
        actor=partner,
        title={
            "en": "How might we open the Great Manufactory?",
            "ru": "Как открыть Большую мануфактуру?",
        },
        geometry=GREAT_MANUFACTORY,
    )

    assert challenge.status == Challenge.Status.PROPOSED
    assert challenge.title_ru == "Как открыть Большую мануфактуру?"
    assert AuditEntry.objects.filter(
        action="challenge_create", target_id=str(challenge.pk)
    ).exists()


def test_challenge_create_refuses_a_self_crossing_area(edition, partner):
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}

    with pytest.raises(ValidationError) as raised:
        services.challenge_create(
            edition=edition, actor=partner, title="How might we?", geometry=bow_tie
        )

    assert "crosses itself" in str(raised.value)
    assert Challenge.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["accepted", "in_work", "addressed"], True),
        (["rejected", "proposed", "accepted"], True),
        (["addressed"], False),
        (["in_work"], False),
        (["accepted", "addressed"], False),
    ],
)
def test_challenge_status_move_follows_the_table(edition, organiser, path, allowed):
    challenge = services.challenge_create(edition=edition, actor=organiser, title="How might we?")

    def walk():
        for status in path:
            services.challenge_status_move(challenge=challenge, to=status, actor=organiser)

    if allowed:
        walk()
        challenge.refresh_from_db()
        assert challenge.status == path[-1]
    else:
        with pytest.raises(ValidationError, match="cannot move"):
            walk()


def test_challenge_accept_and_reject(edition, organiser):
    first = services.challenge_create(edition=edition, actor=None, title="How might we A?")
    second = services.challenge_create(edition=edition, actor=None, title="How might we B?")

    services.challenge_accept(challenge=first, actor=organiser)
    services.challenge_reject(challenge=second, actor=organiser)

    assert list(Challenge.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "rejected",
    ]


def test_place_create_refuses_a_challenge_of_another_edition(edition, organiser):
    other = services.challenge_create(
        edition=ObservationFactory().edition, actor=None, title="How might we elsewhere?"
    )

    with pytest.raises(ValidationError):
        services.place_create(
            edition=edition,
            actor=organiser,
            name="Square",
            geometry={"type": "Point", "coordinates": [39.9, 57.6]},
            challenges=[other],
        )

    assert Place.objects.count() == 0


def test_observation_record_replayed_key_returns_the_original(edition, participant, place):
    key = uuid.uuid4()
    first, created = services.observation_record(
        edition=edition,
        author=participant,
        key=key,
        text="No ramp at the gate",
        tags=["accessibility"],
        place=place,
    )

    again, created_again = services.observation_record(
        edition=edition, author=participant, key=key, text="A different text", tags=["greenery"]
    )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.text == "No ramp at the gate"
    assert Observation.objects.count() == 1


def test_observation_record_same_key_from_two_authors_is_two_observations(
    edition, participant, facilitator
):
    key = uuid.uuid4()

    services.observation_record(edition=edition, author=participant, key=key, text="One")
    services.observation_record(edition=edition, author=facilitator, key=key, text="Two")

    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"text": "  "}, "text"),
        ({"tags": ["graffiti-art"]}, "tags"),
        ({"latitude": 57.6}, "latitude"),
        ({"latitude": 57.6, "longitude": 39.9}, "location_source"),
        ({"latitude": 91.0, "longitude": 39.9, "location_source": "map"}, "latitude"),
        ({"latitude": 57.6, "longitude": 200.0, "location_source": "device"}, "longitude"),
    ],
)
def test_observation_record_refuses_bad_input_and_writes_nothing(
    edition, participant, fields, error_field
):
    before = snapshot(Observation, AuditEntry)
    arguments = {"text": "Bins overflow", **fields}

    with pytest.raises(ValidationError) as raised:
        services.observation_record(
            edition=edition, author=participant, key=uuid.uuid4(), **arguments
        )

    assert error_field in raised.value.message_dict
    assert snapshot(Observation, AuditEntry) == before


def test_item_hide_settles_reports_and_restore_shows_again(edition, organiser, participant):
    observation = ObservationFactory(edition=edition, author=participant)
    report = services.report_create(item=observation, reporter=participant, reason="Names a person")

    services.item_hide(item=observation, actor=organiser)
    report.refresh_from_db()
    observation.refresh_from_db()
    assert observation.is_hidden
    assert report.resolved_by == organiser

    services.item_restore(item=observation, actor=organiser)
    observation.refresh_from_db()
    assert not observation.is_hidden
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0


def test_report_create_needs_a_reason(edition, participant):
    observation = ObservationFactory(edition=edition, author=participant)

    with pytest.raises(ValidationError):
        services.report_create(item=observation, reporter=participant, reason=" ")

    assert Report.objects.count() == 0
