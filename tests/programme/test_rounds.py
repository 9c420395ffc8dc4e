"""Preference rounds: ranking while open, placing everyone, several rounds, hand adjustments."""

import icalendar
import pytest
from django.core.exceptions import ValidationError

from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionRole
from impactdays.programme import rounds, services
from impactdays.programme.models import Preference, PreferenceRound, WorkshopAssignment
from tests.forums.factories import EditionRoleFactory
from tests.people.factories import UserFactory
from tests.programme.conftest import at
from tests.programme.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _workshops(edition, day_hour, titles, capacity=2):
    day, hour = day_hour
    return [
        SessionFactory(
            edition=edition,
            kind="creative_session",
            title_en=title,
            starts_at=at(day, hour),
            ends_at=at(day, hour + 2),
            capacity=capacity,
        )
        for title in titles
    ]


def _participants(edition, count):
    people = [UserFactory() for _ in range(count)]
    for person in people:
        EditionRoleFactory(edition=edition, user=person, role=EditionRole.Role.PARTICIPANT)
    return people


@pytest.fixture
def workshops(edition):
    return _workshops(edition, (5, 14), ["Courtyards", "Riverside", "Factory lofts"])


@pytest.fixture
def open_round(edition, organiser, workshops):
    preference_round = rounds.round_create(
        edition=edition, actor=organiser, title="Creative sessions I", sessions=workshops
    )
    return rounds.round_move(preference_round=preference_round, actor=organiser, to="open")


def test_round_create_refuses_sessions_that_do_not_run_together(edition, organiser, workshops):
    later = SessionFactory(edition=edition, starts_at=at(6, 9), ends_at=at(6, 10))

    with pytest.raises(ValidationError) as error:
        rounds.round_create(
            edition=edition, actor=organiser, title="Bad", sessions=[workshops[0], later]
        )

    assert error.value.message_dict["sessions"] == [
        "The workshops of a round must run at the same time."
    ]
    assert PreferenceRound.objects.count() == 0


def test_ranking_only_while_open(organiser, participant, open_round, workshops):
    rounds.preferences_set(preference_round=open_round, user=participant, ranking=workshops[::-1])
    rounds.round_move(preference_round=open_round, actor=organiser, to="closed")

    with pytest.raises(ValidationError, match="not open for ranking"):
        rounds.preferences_set(preference_round=open_round, user=participant, ranking=workshops)

    assert list(Preference.objects.filter(user=participant).values_list("session", "rank")) == [
        (workshops[2].pk, 1),
        (workshops[1].pk, 2),
        (workshops[0].pk, 3),
    ]


def test_ranking_refuses_a_workshop_outside_the_round(edition, participant, open_round):
    stranger = SessionFactory(edition=edition)

    with pytest.raises(ValidationError, match="not part of this round"):
        rounds.preferences_set(preference_round=open_round, user=participant, ranking=[stranger])

    assert Preference.objects.count() == 0


def test_assignment_places_everyone_with_the_best_rank_profile(
    edition, organiser, participant, open_round, workshops
):
    people = [participant, *_participants(edition, 4)]
    # Everyone wants Courtyards first (2 seats): two get it, the others their second choice.
    for person in people:
        rounds.preferences_set(
            preference_round=open_round, user=person, ranking=[workshops[0], workshops[1]]
        )
    rounds.round_move(preference_round=open_round, actor=organiser, to="closed")

    rounds.round_assign(preference_round=open_round, actor=organiser, objective="rank-maximal")

    open_round.refresh_from_db()
    assert open_round.status == "assigned"
    assert open_round.rank_profile == [2, 2, 1]
    placed = WorkshopAssignment.objects.filter(round=open_round)
    assert placed.count() == 5
    assert sorted(placed.values_list("session", flat=True)) == sorted(
        [workshops[0].pk] * 2 + [workshops[1].pk] * 2 + [workshops[2].pk]
    )


def test_assignment_refuses_too_few_seats(edition, organiser, open_round):
    _participants(edition, 7)
    rounds.round_move(preference_round=open_round, actor=organiser, to="closed")

    with pytest.raises(ValidationError, match="cannot hold every participant"):
        rounds.round_assign(preference_round=open_round, actor=organiser)

    assert WorkshopAssignment.objects.count() == 0


def test_second_round_repeats_no_workshop_and_keeps_hand_adjustments(
    edition, organiser, participant, open_round, workshops
):
    rounds.preferences_set(preference_round=open_round, user=participant, ranking=workshops)
    rounds.round_move(preference_round=open_round, actor=organiser, to="closed")
    rounds.round_assign(preference_round=open_round, actor=organiser)
    assert WorkshopAssignment.objects.get(user=participant).session == workshops[0]
    # The same workshops run again on the next day.
    again = _workshops(edition, (6, 14), ["Courtyards", "Riverside"])
    second = rounds.round_create(edition=edition, actor=organiser, title="II", sessions=again)
    rounds.round_move(preference_round=second, actor=organiser, to="open")
    rounds.preferences_set(preference_round=second, user=participant, ranking=again)
    rounds.round_move(preference_round=second, actor=organiser, to="closed")

    rounds.round_assign(preference_round=second, actor=organiser)

    assert WorkshopAssignment.objects.get(round=second, user=participant).session == again[1]

    other = _participants(edition, 1)[0]
    rounds.assignment_adjust(preference_round=second, actor=organiser, user=other, session=again[1])
    rounds.round_move(preference_round=second, actor=organiser, to="closed")
    rounds.round_assign(preference_round=second, actor=organiser)
    kept = WorkshopAssignment.objects.get(round=second, user=other)
    assert (kept.session, kept.is_manual) == (again[1], True)


def test_assignments_show_in_the_agenda_and_its_feed(
    client, edition, organiser, participant, open_round, workshops
):
    rounds.preferences_set(preference_round=open_round, user=participant, ranking=[workshops[1]])
    rounds.round_move(preference_round=open_round, actor=organiser, to="closed")
    rounds.round_assign(preference_round=open_round, actor=organiser)
    services.schedule_publish(edition=edition, actor=organiser)
    link = services.agenda_link_create(edition=edition, user=participant)
    client.force_login(participant)

    page = client.get(edition_url("programme:agenda", edition)).content.decode()
    feed = client.get(f"/programme/agenda/{link.token}.ics").content

    assert "Riverside" in page
    assert "Your workshop" in page
    events = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Riverside"]


def test_rank_page_saves_the_participants_own_ranking(
    client, edition, participant, open_round, workshops
):
    client.force_login(participant)
    url = edition_url("programme:round-rank", edition, pk=open_round.pk)

    client.post(url, {f"rank-{workshops[2].pk}": "1", f"rank-{workshops[0].pk}": "2"})

    assert list(Preference.objects.values_list("user", "session", "rank")) == [
        (participant.pk, workshops[2].pk, 1),
        (participant.pk, workshops[0].pk, 2),
    ]


@pytest.mark.parametrize("role", ["organiser", "speaker", "facilitator", "outsider"])
def test_only_participants_rank(request, client, edition, open_round, workshops, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        edition_url("programme:round-rank", edition, pk=open_round.pk),
        {f"rank-{workshops[0].pk}": "1"},
    )

    assert response.status_code == 403
    assert Preference.objects.count() == 0


def test_participants_cannot_run_or_adjust_rounds(
    client, edition, participant, open_round, workshops
):
    client.force_login(participant)

    responses = [
        client.post(
            edition_url("programme:round-move", edition, pk=open_round.pk), {"to": "closed"}
        ),
        client.post(edition_url("programme:round-assign", edition, pk=open_round.pk)),
        client.post(
            edition_url("programme:assignment-adjust", edition, pk=open_round.pk),
            {"user": participant.pk, "session": workshops[0].pk},
        ),
    ]

    assert [r.status_code for r in responses] == [403] * 3
    open_round.refresh_from_db()
    assert open_round.status == "open"
    assert WorkshopAssignment.objects.count() == 0


def test_organiser_runs_a_round_from_the_dashboard(
    client, edition, organiser, participant, open_round, workshops
):
    client.force_login(organiser)
    manage = edition_url("programme:round-manage", edition, pk=open_round.pk)

    client.post(edition_url("programme:round-move", edition, pk=open_round.pk), {"to": "closed"})
    client.post(
        edition_url("programme:round-assign", edition, pk=open_round.pk),
        {"objective": "min-max-rank"},
    )

    page = client.get(manage).content.decode()
    assert "Rank profile" in page
    assert WorkshopAssignment.objects.filter(user=participant).count() == 1


def test_agenda_offers_ranking_only_to_participants(
    client, edition, facilitator, participant, open_round
):
    agenda = edition_url("programme:agenda", edition)

    client.force_login(facilitator)
    facilitators_page = client.get(agenda).content.decode()
    client.force_login(participant)
    participants_page = client.get(agenda).content.decode()

    assert "Rank the workshops" not in facilitators_page
    assert "Rank the workshops of “Creative sessions I”" in participants_page
