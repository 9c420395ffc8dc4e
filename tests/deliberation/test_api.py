"""The deliberation API: reads as public as the edition, votes by the rules and the services,
bad votes refused with nothing stored."""

import pytest

from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Statement, Vote
from impactdays.deliberation.services import conversation_create, statement_moderate
from tests.deliberation.test_analysis import _two_camps
from tests.permissions import edition_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(edition):
    return conversation_create(
        edition=edition, actor=None, topic="Courtyards", seed_statements=["Open.", "Closed."]
    )


def test_anyone_reads_the_conversation_and_its_visible_statements(
    anonymous_api, conversation, organiser
):
    hidden = conversation.statements.get(text="Closed.")
    statement_moderate(statement=hidden, actor=organiser, moderation=Statement.Moderation.REJECTED)

    detail = anonymous_api.get(f"/conversations/{conversation.pk}")
    statements = anonymous_api.get(f"/conversations/{conversation.pk}/statements")

    assert detail.status_code == 200
    assert detail.json()["topic"] == "Courtyards"
    assert [item["text"] for item in statements.json()["items"]] == ["Open."]


def test_a_draft_editions_conversation_is_hidden(anonymous_api, conversation):
    edition_at(conversation.edition, "draft")

    assert anonymous_api.get(f"/conversations/{conversation.pk}").status_code == 404


def test_a_participant_votes_and_the_latest_counts(api_as, conversation, participant):
    api = api_as(participant)
    statement = conversation.statements.first()

    first = api.post(
        f"/conversations/{conversation.pk}/votes", {"statement_id": statement.pk, "value": 1}
    )
    api.post(f"/conversations/{conversation.pk}/votes", {"statement_id": statement.pk, "value": -1})

    assert first.status_code == 200
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


@pytest.mark.parametrize("value", [True, False, 2, "1", 1.5, None])
def test_anything_but_minus_one_zero_or_one_is_refused(api_as, conversation, participant, value):
    statement = conversation.statements.first()

    response = api_as(participant).post(
        f"/conversations/{conversation.pk}/votes", {"statement_id": statement.pk, "value": value}
    )

    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_who_may_not_vote_is_refused(api_as, anonymous_api, conversation, outsider):
    statement = conversation.statements.first()
    body = {"statement_id": statement.pk, "value": 1}

    assert anonymous_api.post(f"/conversations/{conversation.pk}/votes", body).status_code == 401
    assert api_as(outsider).post(f"/conversations/{conversation.pk}/votes", body).status_code == 403
    assert not Vote.objects.exists()


def test_a_hidden_statement_takes_no_vote(api_as, conversation, participant, organiser):
    statement = conversation.statements.first()
    statement_moderate(
        statement=statement, actor=organiser, moderation=Statement.Moderation.REJECTED
    )

    response = api_as(participant).post(
        f"/conversations/{conversation.pk}/votes", {"statement_id": statement.pk, "value": 1}
    )

    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_results_after_the_analysis(anonymous_api, edition):
    conversation, _voters = _two_camps(edition)

    before = anonymous_api.get(f"/conversations/{conversation.pk}/results")
    analysis_run(conversation)
    after = anonymous_api.get(f"/conversations/{conversation.pk}/results")

    assert before.status_code == 404
    assert after.json()["group_sizes"] == [12, 12]
