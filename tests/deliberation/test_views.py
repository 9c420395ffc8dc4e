"""The voting page and its two forms, from the side of who may not act, then an anonymous
visitor's identity kept in a signed cookie."""

import pytest

from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Statement, Vote, Voter
from impactdays.deliberation.services import conversation_create, conversation_set_open
from impactdays.forums.links import edition_url
from tests.deliberation.test_analysis import _two_camps
from tests.people.factories import UserFactory
from tests.permissions import edition_at, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(edition):
    return conversation_create(
        edition=edition, actor=None, topic="Courtyards", seed_statements=["Open them all."]
    )


def _url(conversation, name="conversation-vote"):
    return edition_url(f"deliberation:{name}", conversation.edition, pk=conversation.pk)


def _vote(client, conversation, value="1"):
    statement = conversation.statements.first()
    return client.post(
        _url(conversation, "vote-submit"), {"statement": statement.pk, "value": value}
    )


def test_a_participant_sees_the_statement_and_votes(client, conversation, participant):
    client.force_login(participant)

    page = client.get(_url(conversation))
    response = _vote(client, conversation)

    assert b"Open them all." in page.content
    assert response.status_code == 302
    assert list(Vote.objects.values_list("value", flat=True)) == [1]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_who_is_not_let_in_may_not_vote_or_write(request, client, conversation, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = snapshot(Vote, Voter, Statement)

    page = client.get(_url(conversation))
    voted = _vote(client, conversation)
    written = client.post(_url(conversation, "statement-write"), {"text": "Let me in."})

    assert b"Open them all." not in page.content  # no statement to vote on
    assert voted.status_code == 403
    assert written.status_code == 403
    assert snapshot(Vote, Voter, Statement) == before


def test_a_draft_editions_conversation_is_not_found_by_strangers(client, conversation):
    edition_at(conversation.edition, "draft")

    assert client.get(_url(conversation)).status_code == 404
    assert _vote(client, conversation).status_code == 404


@pytest.mark.parametrize("value", ["true", "2", "", "agree"])
def test_a_value_other_than_minus_one_zero_or_one_stores_nothing(
    client, conversation, participant, value
):
    client.force_login(participant)

    response = _vote(client, conversation, value)

    assert response.status_code == 302
    assert not Vote.objects.exists()
    assert "A vote is -1" in client.get(_url(conversation)).content.decode()


def test_a_closed_conversation_takes_no_votes(client, conversation, participant):
    client.force_login(participant)
    conversation_set_open(conversation=conversation, actor=None, is_open=False)

    _vote(client, conversation)

    assert not Vote.objects.exists()


def test_an_over_long_statement_is_refused(client, conversation, participant):
    client.force_login(participant)

    client.post(_url(conversation, "statement-write"), {"text": "x" * 141})

    assert conversation.statements.count() == 1


def test_an_anonymous_visitor_keeps_one_identity_in_a_signed_cookie(client, edition):
    conversation = conversation_create(
        edition=edition,
        actor=None,
        topic="Courtyards",
        voters="anonymous",
        seed_statements=["Open them all.", "Close them at night."],
    )
    first, second = conversation.statements.all()

    client.post(_url(conversation, "vote-submit"), {"statement": first.pk, "value": "1"})
    client.post(_url(conversation, "vote-submit"), {"statement": second.pk, "value": "-1"})
    client.cookies["deliberation_browser"] = "forged"
    client.post(_url(conversation, "vote-submit"), {"statement": first.pk, "value": "0"})

    assert Voter.objects.count() == 2  # the forged cookie is not the first visitor's
    assert sorted(Vote.objects.values_list("voter__number", "value")) == [(0, -1), (0, 1), (1, 0)]


def test_the_results_page_says_when_there_is_no_analysis_yet(client, conversation):
    page = client.get(_url(conversation, "conversation-results"))

    assert "No analysis yet" in page.content.decode()


def test_the_results_page_shows_groups_consensus_and_the_visitors_group(client, edition):
    conversation, voters = _two_camps(edition)
    analysis_run(conversation)
    voters[0].user = UserFactory()
    voters[0].save()
    client.force_login(voters[0].user)

    page = client.get(_url(conversation, "conversation-results")).content.decode()

    assert "Group 1: 12 people" in page
    assert "Group 2: 12 people" in page
    assert "Agree: Statement 6" in page
    assert "You are in group" in page


def test_the_map_has_a_dot_per_voter_and_marks_ones_own(client, edition):
    conversation, voters = _two_camps(edition)
    analysis_run(conversation)
    voters[3].user = UserFactory()
    voters[3].save()
    client.force_login(voters[3].user)

    page = client.get(_url(conversation, "conversation-results")).content.decode()

    assert page.count("<circle") == 24 + 2  # the voters, and the two groups' keys in the table
    assert page.count('stroke-width="3"') == 1


@pytest.mark.parametrize("who", ["anonymous", "participant", "facilitator", "outsider"])
def test_who_does_not_organise_may_not_moderate_or_close(request, client, conversation, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    statement = conversation.statements.first()
    before = snapshot(Statement)

    page = client.get(_url(conversation, "conversation-moderate"))
    hid = client.post(
        edition_url(
            "deliberation:statement-moderate",
            conversation.edition,
            pk=conversation.pk,
            statement_pk=statement.pk,
        ),
        {"moderation": "-1"},
    )
    closed = client.post(_url(conversation, "conversation-open"), {})

    assert page.status_code in (302, 403)  # anonymous visitors are sent to sign in
    assert hid.status_code in (302, 403) and closed.status_code in (302, 403)
    assert snapshot(Statement) == before
    conversation.refresh_from_db()
    assert conversation.is_open


def test_an_organiser_hides_a_statement_and_closes_the_conversation(
    client, conversation, organiser
):
    client.force_login(organiser)
    statement = conversation.statements.first()
    moderate = edition_url(
        "deliberation:statement-moderate",
        conversation.edition,
        pk=conversation.pk,
        statement_pk=statement.pk,
    )

    page = client.get(_url(conversation, "conversation-moderate"))
    client.post(moderate, {"moderation": "true"})  # not a state: refused
    unchanged = Statement.objects.get(pk=statement.pk).moderation
    client.post(moderate, {"moderation": "-1"})
    client.post(_url(conversation, "conversation-open"), {})

    assert page.status_code == 200
    assert unchanged == Statement.Moderation.ACCEPTED
    assert Statement.objects.get(pk=statement.pk).moderation == Statement.Moderation.REJECTED
    conversation.refresh_from_db()
    assert not conversation.is_open
