"""The analysis in the background: queued once per burst of votes, incremental from the stored
state, hidden statements left out, and its priorities choosing the next statement."""

from unittest import mock

import pytest
from django.core.cache import cache

from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Analysis, Statement
from impactdays.deliberation.selectors import next_statement_for
from impactdays.deliberation.services import statement_moderate, vote_cast
from impactdays.deliberation.tasks import conversation_analyze_task
from tests.deliberation.factories import ConversationFactory, StatementFactory, VoterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _two_camps(edition):
    """Two camps of 12: one agrees with statements 0-2 and disagrees with 3-5, the other the
    opposite; statement 6 everyone agrees with."""
    conversation = ConversationFactory(edition=edition)
    statements = [
        StatementFactory(conversation=conversation, number=n, text=f"Statement {n}")
        for n in range(7)
    ]
    voters = [VoterFactory(conversation=conversation, number=n) for n in range(24)]
    for index, voter in enumerate(voters):
        camp = 1 if index < 12 else -1
        for statement in statements:
            value = 1 if statement.number == 6 else camp * (1 if statement.number < 3 else -1)
            vote_cast(voter=voter, statement=statement, value=value)
    return conversation, voters


@pytest.fixture
def split(edition):
    return _two_camps(edition)[0]


def _camps(analysis: Analysis) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for number, _x, _y, group in analysis.result["points"]:
        groups.setdefault(group, set()).add(number)
    return {frozenset(members) for members in groups.values()}


def test_the_analysis_finds_the_two_camps_and_the_consensus(split):
    analysis = analysis_run(split)

    assert analysis.result["group_count"] == 2
    assert _camps(analysis) == {frozenset(range(12)), frozenset(range(12, 24))}
    everyone_agrees = split.statements.get(number=6).pk
    assert everyone_agrees in analysis.result["consensus_agree"]
    assert everyone_agrees not in analysis.result["divisive"]


def test_no_votes_no_analysis(edition):
    conversation = ConversationFactory(edition=edition)

    assert analysis_run(conversation) is None
    assert conversation_analyze_task(conversation.pk) == 0


def test_an_update_adds_the_new_votes_to_the_stored_state(split):
    first = analysis_run(split)
    newcomer = VoterFactory(conversation=split, number=24)
    for statement in split.statements.all():
        vote_cast(voter=newcomer, statement=statement, value=1 if statement.number < 3 else -1)

    second = analysis_run(split)

    assert second.pk == first.pk
    assert len(second.result["points"]) == 25
    assert {frozenset(range(12)) | {24}, frozenset(range(12, 24))} == _camps(second)


def test_a_hidden_statement_leaves_the_analysis(split, organiser):
    hidden = split.statements.get(number=6)
    statement_moderate(statement=hidden, actor=organiser, moderation=Statement.Moderation.REJECTED)

    analysis = analysis_run(split)

    assert hidden.pk not in analysis.result["consensus_agree"]
    assert all(
        item["statement"] != hidden.pk
        for group in analysis.result["representative"]
        for item in group
    )


def test_a_burst_of_votes_queues_one_analysis(edition, django_capture_on_commit_callbacks):
    conversation = ConversationFactory(edition=edition)
    statement = StatementFactory(conversation=conversation)
    with (
        mock.patch("impactdays.deliberation.tasks.conversation_analyze_task.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for number in range(5):
            voter = VoterFactory(conversation=conversation, number=number)
            vote_cast(voter=voter, statement=statement, value=1)

    assert queued.call_count == 1
    assert queued.call_args.args[0] == (conversation.pk,)


def test_the_next_statement_follows_the_analysis(split):
    analysis = analysis_run(split)
    newcomer = VoterFactory(conversation=split, number=24)
    priorities = {int(pk): value for pk, value in analysis.result["priorities"].items()}
    best = max(priorities, key=priorities.get)

    assert next_statement_for(split, newcomer, priorities=priorities).pk == best
