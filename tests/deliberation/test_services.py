"""Conversations, statements and votes through the services: the state rules, bad input that
stores nothing, and one vote per person and statement."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from impactdays.deliberation.models import Conversation, Statement, Vote, Voter
from impactdays.deliberation.selectors import next_statement_for, voter_progress
from impactdays.deliberation.services import (
    conversation_create,
    conversation_set_open,
    statement_moderate,
    statement_submit,
    vote_cast,
    voter_join,
)
from tests.deliberation.factories import ConversationFactory, StatementFactory, VoterFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(edition, organiser):
    return conversation_create(
        edition=edition,
        actor=organiser,
        topic={"en": "Courtyards", "ru": "Дворы"},
        description="What should the city do with its courtyards?",
        seed_statements=["Courtyards should be open to everyone.", "Cars belong outside."],
    )


def test_a_new_conversation_is_open_with_accepted_seed_statements(conversation):
    assert conversation.is_open
    assert conversation.topic_ru == "Дворы"
    seeds = list(conversation.statements.all())
    assert [s.number for s in seeds] == [0, 1]
    assert all(s.is_seed and s.moderation == Statement.Moderation.ACCEPTED for s in seeds)


def test_a_conversation_needs_a_topic(edition, organiser):
    with pytest.raises(ValidationError):
        conversation_create(edition=edition, actor=organiser, topic="")

    assert not Conversation.objects.exists()


def test_the_same_person_always_gets_the_same_voter(conversation, participant):
    first = voter_join(conversation=conversation, user=participant)
    again = voter_join(conversation=conversation, user=participant)

    assert first == again
    assert Voter.objects.count() == 1


def test_anonymous_visitors_get_a_voter_per_browser(edition):
    conversation = ConversationFactory(edition=edition, voters="anonymous")
    one = voter_join(conversation=conversation, user=AnonymousUser(), browser_key="a" * 32)
    two = voter_join(conversation=conversation, user=AnonymousUser(), browser_key="b" * 32)

    assert one != two
    assert (one.number, two.number) == (0, 1)
    assert voter_join(conversation=conversation, user=None, browser_key="a" * 32) == one


def test_an_outsider_may_not_join_a_participants_conversation(conversation, outsider):
    with pytest.raises(PermissionDenied):
        voter_join(conversation=conversation, user=outsider)

    assert not Voter.objects.exists()


def test_an_anonymous_visitor_may_not_join_a_signed_in_conversation(edition):
    conversation = ConversationFactory(edition=edition, voters="signed_in")

    with pytest.raises(PermissionDenied):
        voter_join(conversation=conversation, user=AnonymousUser(), browser_key="a" * 32)
    assert not Voter.objects.exists()


def test_an_anonymous_visitor_without_a_browser_key_may_not_join(edition):
    conversation = ConversationFactory(edition=edition, voters="anonymous")

    with pytest.raises(PermissionDenied):
        voter_join(conversation=conversation, user=AnonymousUser(), browser_key="")


def test_nobody_joins_a_closed_conversation(conversation, participant, organiser):
    conversation_set_open(conversation=conversation, actor=organiser, is_open=False)

    with pytest.raises(ValidationError):
        voter_join(conversation=conversation, user=participant)


@pytest.mark.parametrize("value", [1, 0, -1])
def test_a_vote_is_stored(conversation, participant, value):
    voter = voter_join(conversation=conversation, user=participant)
    statement = conversation.statements.first()

    vote_cast(voter=voter, statement=statement, value=value)

    assert list(Vote.objects.values_list("value", flat=True)) == [value]


def test_the_latest_vote_counts_and_is_stored_once(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)
    statement = conversation.statements.first()

    vote_cast(voter=voter, statement=statement, value=1)
    vote_cast(voter=voter, statement=statement, value=-1)

    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


@pytest.mark.parametrize("value", [True, False, 2, -2, "1", 1.0, None])
def test_anything_but_minus_one_zero_or_one_is_not_a_vote(conversation, participant, value):
    voter = voter_join(conversation=conversation, user=participant)

    with pytest.raises(ValidationError, match="A vote is -1"):
        vote_cast(voter=voter, statement=conversation.statements.first(), value=value)
    assert not Vote.objects.exists()


def test_no_votes_on_a_closed_conversation(conversation, participant, organiser):
    voter = voter_join(conversation=conversation, user=participant)
    conversation_set_open(conversation=conversation, actor=organiser, is_open=False)

    with pytest.raises(ValidationError, match="closed"):
        vote_cast(voter=voter, statement=conversation.statements.first(), value=1)
    assert not Vote.objects.exists()


def test_no_votes_on_a_hidden_statement(conversation, participant, organiser):
    voter = voter_join(conversation=conversation, user=participant)
    statement = conversation.statements.first()
    statement_moderate(
        statement=statement, actor=organiser, moderation=Statement.Moderation.REJECTED
    )

    with pytest.raises(ValidationError, match="not open for votes"):
        vote_cast(voter=voter, statement=statement, value=1)
    assert not Vote.objects.exists()


def test_no_votes_before_moderation_in_a_pre_moderated_conversation(edition, participant):
    conversation = ConversationFactory(edition=edition, moderation="pre")
    voter = voter_join(conversation=conversation, user=participant)
    statement = statement_submit(conversation=conversation, author=voter, text="Plant more trees.")

    with pytest.raises(ValidationError):
        vote_cast(voter=voter, statement=statement, value=1)
    assert not Vote.objects.exists()


def test_no_votes_on_another_conversations_statement(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)
    elsewhere = StatementFactory()

    with pytest.raises(ValidationError):
        vote_cast(voter=voter, statement=elsewhere, value=1)
    assert not Vote.objects.exists()


def test_a_written_statement_is_numbered_and_waits_for_moderation(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)

    statement = statement_submit(
        conversation=conversation, author=voter, text="  Benches   under the trees. "
    )

    assert statement.text == "Benches under the trees."
    assert statement.number == 2
    assert statement.moderation == Statement.Moderation.UNMODERATED
    assert statement.is_visible  # post-moderation: shown until hidden


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 141])
def test_empty_or_over_long_statements_are_refused(conversation, participant, text):
    voter = voter_join(conversation=conversation, user=participant)
    before = snapshot(Statement)

    with pytest.raises(ValidationError) as error:
        statement_submit(conversation=conversation, author=voter, text=text)
    assert "text" in error.value.message_dict
    assert snapshot(Statement) == before


def test_a_statement_at_the_length_limit_is_accepted(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)

    statement_submit(conversation=conversation, author=voter, text="x" * 140)


def test_no_statements_in_a_closed_conversation(conversation, participant, organiser):
    voter = voter_join(conversation=conversation, user=participant)
    conversation_set_open(conversation=conversation, actor=organiser, is_open=False)

    with pytest.raises(ValidationError, match="closed"):
        statement_submit(conversation=conversation, author=voter, text="Too late.")


def test_the_next_statement_without_analysis_prefers_seeds_then_fewest_votes(
    conversation, participant
):
    voter = voter_join(conversation=conversation, user=participant)
    written = statement_submit(conversation=conversation, author=voter, text="Benches.")
    first, second = conversation.statements.filter(is_seed=True)

    assert next_statement_for(conversation, voter) == first
    vote_cast(voter=voter, statement=first, value=1)
    assert next_statement_for(conversation, voter) == second
    vote_cast(voter=voter, statement=second, value=0)
    assert next_statement_for(conversation, voter) == written
    vote_cast(voter=voter, statement=written, value=1)
    assert next_statement_for(conversation, voter) is None
    assert voter_progress(conversation, voter).voted == 3


def test_the_next_statement_follows_the_priorities(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)
    first, second = conversation.statements.all()

    chosen = next_statement_for(conversation, voter, priorities={first.pk: 0.1, second.pk: 2.0})

    assert chosen == second


def test_hidden_statements_are_not_offered(conversation, participant, organiser):
    voter = voter_join(conversation=conversation, user=participant)
    for statement in conversation.statements.all():
        statement_moderate(
            statement=statement, actor=organiser, moderation=Statement.Moderation.REJECTED
        )

    assert next_statement_for(conversation, voter) is None
    assert voter_progress(conversation, voter).total == 0


@pytest.mark.parametrize("moderation", [True, 2, "1"])
def test_unknown_moderation_states_are_refused(conversation, organiser, moderation):
    statement = conversation.statements.first()

    with pytest.raises(ValidationError):
        statement_moderate(statement=statement, actor=organiser, moderation=moderation)
    statement.refresh_from_db()
    assert statement.moderation == Statement.Moderation.ACCEPTED


def test_voters_of_one_conversation_do_not_vote_elsewhere(conversation):
    stranger = VoterFactory()

    with pytest.raises(ValidationError):
        vote_cast(voter=stranger, statement=conversation.statements.first(), value=1)


def test_a_voter_created_meanwhile_by_another_request_is_returned(edition):
    """The race of two first votes from one browser: the loser's insert fails on the unique
    constraint, and it returns the winner's voter instead of an error or a second voter."""
    conversation = ConversationFactory(edition=edition, voters="anonymous")
    winner = VoterFactory(conversation=conversation, number=0, browser_key="k" * 32)
    real_first = QuerySet.first
    calls = []

    def first_misses_twice(queryset):
        calls.append(1)
        return None if len(calls) <= 2 else real_first(queryset)

    with mock.patch.object(QuerySet, "first", first_misses_twice):
        voter = voter_join(conversation=conversation, user=None, browser_key="k" * 32)

    assert voter == winner
    assert Voter.objects.count() == 1


def test_a_repeated_vote_updates_the_one_row_in_place(conversation, participant):
    voter = voter_join(conversation=conversation, user=participant)
    statement = conversation.statements.first()
    vote_cast(voter=voter, statement=statement, value=1)
    row = Vote.objects.get()

    vote_cast(voter=voter, statement=statement, value=0)

    assert Vote.objects.get().pk == row.pk
    assert Vote.objects.get().value == 0
