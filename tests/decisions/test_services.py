import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from impactdays.decisions import services
from impactdays.decisions.models import (
    Commitment,
    CommitmentUpdate,
    Decision,
    DecisionVersion,
    Evidence,
    Vote,
)
from impactdays.forums.models import Edition
from tests.decisions.conftest import open_poll
from tests.decisions.factories import DecisionFactory, VoteFactory
from tests.permissions import edition_at, snapshot

pytestmark = pytest.mark.django_db

DECISION_MODELS = (Decision, DecisionVersion, Evidence, Vote, Commitment, CommitmentUpdate)


def _after_close():
    return time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False)


# Drafting.


def test_decision_create_stores_every_language_and_places_it_last(edition, organiser):
    DecisionFactory(edition=edition, position=3)

    decision = services.decision_create(
        edition=edition,
        title={"en": "Open the courtyards", "ru": "Открыть дворы", "de": None},
        text="Every Saturday.",
        actor=organiser,
    )

    decision.refresh_from_db()
    assert (decision.title_en, decision.title_ru, decision.title_de) == (
        "Open the courtyards",
        "Открыть дворы",
        None,
    )
    assert (decision.status, decision.position, decision.created_by) == ("draft", 4, organiser)


def test_decision_create_refuses_a_frozen_edition(edition, organiser):
    edition = edition_at(edition, Edition.Status.REPORT_PUBLISHED)

    with pytest.raises(ValidationError, match="report of this edition is published"):
        services.decision_create(edition=edition, title="T", text="X", actor=organiser)

    assert Decision.objects.count() == 0


def test_an_adopted_decision_is_frozen(polling, organiser):
    Decision.objects.filter(pk=polling.pk).update(status=Decision.Status.ADOPTED)
    before = snapshot(*DECISION_MODELS)

    with pytest.raises(ValidationError, match="adopted and frozen"):
        services.decision_update(decision=polling, title="Changed", actor=organiser)
    with pytest.raises(ValidationError, match="adopted and frozen"):
        services.evidence_add(decision=polling, kind="text", summary="More", actor=organiser)

    assert snapshot(*DECISION_MODELS) == before


def test_evidence_add_refuses_unknown_kinds_and_links_without_address(draft, organiser):
    with pytest.raises(ValidationError) as unknown:
        services.evidence_add(decision=draft, kind="rumour", summary="S", actor=organiser)
    with pytest.raises(ValidationError) as no_url:
        services.evidence_add(decision=draft, kind="link", summary="S", actor=organiser)

    assert unknown.value.message_dict == {"kind": ["This kind of evidence cannot be cited yet."]}
    assert no_url.value.message_dict == {"url": ["Give the address of the link."]}
    assert Evidence.objects.count() == 0


def test_evidence_add_keeps_the_order_of_citing(draft, organiser):
    services.evidence_add(decision=draft, kind="text", summary="First", actor=organiser)
    services.evidence_add(
        decision=draft,
        kind="link",
        summary="Second",
        url="https://example.org/photos",
        actor=organiser,
    )

    assert list(draft.evidence.values_list("summary", "position")) == [
        ("First", 0),
        ("Second", 1),
    ]


# The poll.


def test_decision_poll_open_refuses_a_poll_that_closes_before_it_opens(draft, organiser):
    now = timezone.now()

    with pytest.raises(ValidationError, match="close after it opens"):
        services.decision_poll_open(
            decision=draft,
            poll_kind="consent",
            opens_at=now,
            closes_at=now - dt.timedelta(hours=1),
            quorum_percent=50,
            threshold_percent=50,
            actor=organiser,
        )

    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT


def test_vote_cast_stores_one_vote_per_participant_and_changes_it(polling, participant):
    services.vote_cast(decision=polling, voter=participant, choice="disagree")
    services.vote_cast(decision=polling, voter=participant, choice="agree")

    assert list(Vote.objects.values_list("voter", "choice", "version")) == [
        (participant.pk, "agree", 1)
    ]


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 2, "The poll is not open yet."),
        (-2, -1, "The poll is closed."),
    ],
)
def test_vote_cast_refuses_outside_the_poll_times(polling, participant, opens, closes, message):
    now = timezone.now()
    Decision.objects.filter(pk=polling.pk).update(
        poll_opens_at=now + dt.timedelta(hours=opens),
        poll_closes_at=now + dt.timedelta(hours=closes),
    )

    with pytest.raises(ValidationError) as refused:
        services.vote_cast(decision=polling, voter=participant, choice="agree")

    assert refused.value.messages == [message]
    assert Vote.objects.count() == 0


@pytest.mark.parametrize("role", ["organiser", "facilitator", "partner", "speaker", "outsider"])
def test_vote_cast_refuses_anyone_but_a_participant(request, polling, role):
    voter = request.getfixturevalue(role)

    with pytest.raises(ValidationError) as refused:
        services.vote_cast(decision=polling, voter=voter, choice="agree")

    assert refused.value.messages == ["Only the edition's participants vote on its decisions."]
    assert Vote.objects.count() == 0


def test_vote_cast_refuses_a_draft(draft, participant):
    with pytest.raises(ValidationError, match="not put to the vote"):
        services.vote_cast(decision=draft, voter=participant, choice="agree")

    assert Vote.objects.count() == 0


def test_a_block_needs_a_reason(polling, participant):
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(decision=polling, voter=participant, choice="block", reason="  ")

    assert refused.value.message_dict == {"reason": ["Say why you block this decision."]}
    assert Vote.objects.count() == 0


def test_a_score_poll_takes_scores_only_in_range(draft, participant):
    poll = open_poll(draft, kind="score")

    for bad in ({"score": 11}, {"choice": "agree"}, {}):
        with pytest.raises(ValidationError, match="score from 0 to 10"):
            services.vote_cast(decision=poll, voter=participant, **bad)
    services.vote_cast(decision=poll, voter=participant, score=7)

    assert list(Vote.objects.values_list("choice", "score")) == [("", 7)]


# Outcomes.


def test_outcome_record_adopts_with_quorum_and_threshold_met(
    polling, participant, voters, organiser
):
    for voter, choice in zip(
        [participant, *voters], ["agree", "agree", "abstain", "disagree", "agree"], strict=True
    ):
        services.vote_cast(decision=polling, voter=voter, choice=choice)

    with _after_close():
        version = services.decision_outcome_record(decision=polling, actor=organiser)

    polling.refresh_from_db()
    assert polling.status == Decision.Status.ADOPTED
    assert (
        version.is_adopted,
        version.agree_count,
        version.abstain_count,
        version.disagree_count,
        version.block_count,
        version.voter_count,
        version.participant_count,
        version.title["en"],
    ) == (True, 3, 1, 1, 0, 5, 5, "Open the courtyards")


def test_one_block_rejects(polling, participant, voters, organiser):
    services.vote_cast(decision=polling, voter=participant, choice="block", reason="Too loud.")
    for voter in voters:
        services.vote_cast(decision=polling, voter=voter, choice="agree")

    with _after_close():
        version = services.decision_outcome_record(decision=polling, actor=organiser)

    assert (version.is_adopted, version.block_count) == (False, 1)
    assert Decision.objects.get(pk=polling.pk).status == Decision.Status.REJECTED


def test_a_missed_quorum_rejects(draft, participant, voters, organiser):
    poll = open_poll(draft, quorum=50)
    services.vote_cast(decision=poll, voter=participant, choice="agree")
    services.vote_cast(decision=poll, voter=voters[0], choice="agree")

    with _after_close():
        version = services.decision_outcome_record(decision=poll, actor=organiser)

    assert (version.is_adopted, version.voter_count, version.participant_count) == (False, 2, 5)


def test_a_score_poll_adopts_when_the_mean_reaches_the_threshold(
    draft, participant, voters, organiser
):
    poll = open_poll(draft, kind="score", quorum=40, threshold=70)
    services.vote_cast(decision=poll, voter=participant, score=8)
    services.vote_cast(decision=poll, voter=voters[0], score=6)

    with _after_close():
        version = services.decision_outcome_record(decision=poll, actor=organiser)

    assert (version.is_adopted, version.score_mean) == (True, 7.0)


def test_outcome_record_refuses_a_poll_still_open(polling, organiser):
    with pytest.raises(ValidationError, match="still open"):
        services.decision_outcome_record(decision=polling, actor=organiser)

    assert DecisionVersion.objects.count() == 0


def test_votes_of_people_who_are_no_longer_participants_do_not_count(
    polling, participant, voters, organiser
):
    services.vote_cast(decision=polling, voter=participant, choice="agree")
    participant.edition_roles.all().delete()

    with _after_close():
        version = services.decision_outcome_record(decision=polling, actor=organiser)

    assert (version.voter_count, version.participant_count) == (0, 4)


def test_decision_revise_keeps_the_decided_version_in_the_history(polling, participant, organiser):
    services.vote_cast(decision=polling, voter=participant, choice="agree")
    with _after_close():
        services.decision_outcome_record(decision=polling, actor=organiser)
        services.decision_revise(
            decision=polling,
            title="Open the courtyards on Sundays",
            text="Sundays suit families better.",
            reason="The neighbours asked for Sundays.",
            actor=organiser,
        )

    polling.refresh_from_db()
    old = DecisionVersion.objects.get(decision=polling)
    assert (polling.version, polling.status, polling.title) == (
        2,
        "draft",
        "Open the courtyards on Sundays",
    )
    assert (old.version, old.title["en"], old.revision_reason) == (
        1,
        "Open the courtyards",
        "The neighbours asked for Sundays.",
    )


def test_decision_revise_needs_a_decided_decision_and_a_reason(draft, organiser):
    with pytest.raises(ValidationError, match="Only a decided decision"):
        services.decision_revise(decision=draft, title="T", text="X", reason="Why", actor=organiser)
    with pytest.raises(ValidationError, match="Say why"):
        services.decision_revise(decision=draft, title="T", text="X", reason="", actor=organiser)

    assert Decision.objects.get(pk=draft.pk).version == 1


def test_vote_factory_fits_the_constraints(polling, participant):
    VoteFactory(decision=polling, voter=participant)

    assert Vote.objects.count() == 1


def test_a_vote_in_the_room_is_recorded_with_the_same_rules(draft, participant, voters, organiser):
    decided_at = timezone.now() - dt.timedelta(days=1)

    version = services.decision_outcome_record_in_room(
        decision=draft,
        agree=3,
        abstain=1,
        disagree=0,
        block=1,
        decided_at=decided_at,
        actor=organiser,
    )

    draft.refresh_from_db()
    assert (version.is_adopted, version.voter_count, version.decided_at) == (False, 5, decided_at)
    assert draft.status == Decision.Status.REJECTED


def test_a_vote_in_the_room_cannot_count_more_people_than_take_part(draft, participant, organiser):
    with pytest.raises(ValidationError, match="More votes than the edition has participants"):
        services.decision_outcome_record_in_room(
            decision=draft,
            agree=2,
            abstain=0,
            disagree=0,
            block=0,
            decided_at=timezone.now(),
            actor=organiser,
        )

    assert DecisionVersion.objects.count() == 0
