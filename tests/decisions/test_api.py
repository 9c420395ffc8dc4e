"""The decisions API: decisions, commitments and updates as public as their edition (drafts only
for those who draft), votes by participants, updates by the committer only."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from impactdays.decisions.models import Commitment, CommitmentUpdate, Vote
from impactdays.forums.models import Edition
from tests.decisions.factories import (
    CommitmentFactory,
    CommitmentUpdateFactory,
    DecisionFactory,
    EvidenceFactory,
)
from tests.forums.factories import EditionPartnerFactory
from tests.permissions import edition_at, snapshot

pytestmark = pytest.mark.django_db


def test_anyone_reads_decided_decisions_with_evidence_but_not_drafts(anonymous_api, edition):
    adopted = DecisionFactory(edition=edition, status="adopted", title="Open the courtyards")
    EvidenceFactory(decision=adopted, summary="The walk found closed courtyards.")
    draft = DecisionFactory(edition=edition, title="Secret draft idea")

    listed = anonymous_api.get(f"/editions/{edition.pk}/decisions").json()
    hidden = anonymous_api.get(f"/decisions/{draft.pk}")

    assert [item["title"] for item in listed["items"]] == ["Open the courtyards"]
    assert listed["items"][0]["evidence"] == [
        {
            "kind": "text",
            "summary": "The walk found closed courtyards.",
            "url": "",
            "reference": None,
        }
    ]
    assert hidden.status_code == 404


def test_a_facilitator_reads_the_drafts_of_their_edition(api_as, edition, facilitator):
    draft = DecisionFactory(edition=edition, title="Draft idea")

    reply = api_as(facilitator).get(f"/decisions/{draft.pk}")

    assert (reply.status_code, reply.json()["status"]) == (200, "draft")


def test_decisions_of_a_draft_edition_are_hidden(anonymous_api, edition):
    decision = DecisionFactory(edition=edition, status="adopted")
    edition_at(edition, Edition.Status.DRAFT)

    assert anonymous_api.get(f"/decisions/{decision.pk}").status_code == 404
    assert anonymous_api.get(f"/editions/{edition.pk}/decisions").status_code == 404


def test_commitments_and_updates_are_public(anonymous_api, edition):
    update = CommitmentUpdateFactory(
        commitment__decision__edition=edition, text="Sixty neighbours came."
    )
    commitment = update.commitment

    commitments = anonymous_api.get(f"/decisions/{commitment.decision_id}/commitments").json()
    updates = anonymous_api.get(f"/commitments/{commitment.pk}/updates").json()

    assert [(c["id"], c["status"]) for c in commitments["items"]] == [(commitment.pk, "planned")]
    assert [u["text"] for u in updates["items"]] == ["Sixty neighbours came."]


def test_a_participant_votes(api_as, polling, participant):
    reply = api_as(participant).post(f"/decisions/{polling.pk}/votes", {"choice": "agree"})

    assert (reply.status_code, reply.json()["choice"]) == (200, "agree")
    assert list(Vote.objects.values_list("voter", "choice")) == [(participant.pk, "agree")]


@pytest.mark.parametrize("role", ["partner", "organiser", "outsider"])
def test_who_is_no_participant_cannot_vote(request, api_as, polling, role):
    reply = api_as(request.getfixturevalue(role)).post(
        f"/decisions/{polling.pk}/votes", {"choice": "agree"}
    )

    assert reply.status_code == 403
    assert Vote.objects.count() == 0


def test_a_vote_after_the_poll_closed_is_refused(api_as, polling, participant):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        reply = api_as(participant).post(f"/decisions/{polling.pk}/votes", {"choice": "agree"})

    assert (reply.status_code, reply.json()["detail"]) == (422, "The poll is closed.")
    assert Vote.objects.count() == 0


def test_a_boolean_is_no_score(api_as, draft, participant):
    from tests.decisions.conftest import open_poll

    poll = open_poll(draft, kind="score")

    reply = api_as(participant).post(f"/decisions/{poll.pk}/votes", {"score": True})

    assert reply.status_code == 422
    assert Vote.objects.count() == 0


def test_a_partner_commits_for_their_organisation_and_reports(api_as, polling, partner):
    organisation = EditionPartnerFactory(edition=polling.edition).organisation
    api = api_as(partner)

    created = api.post(
        f"/decisions/{polling.pk}/commitments",
        {
            "what": "Open the east courtyard.",
            "due_on": "2030-06-01",
            "organisation_id": organisation.pk,
        },
    ).json()
    moved = api.post(f"/commitments/{created['id']}/status", {"to": "in_progress"})
    update = api.post(
        f"/commitments/{created['id']}/updates",
        {"happened_on": timezone.localdate().isoformat(), "text": "The gate is open."},
    )

    assert (created["who"], moved.json()["status"], update.status_code) == (
        organisation.name,
        "in_progress",
        200,
    )


def test_no_commitment_on_a_rejected_decision(api_as, edition, partner):
    rejected = DecisionFactory(edition=edition, status="rejected")

    reply = api_as(partner).post(
        f"/decisions/{rejected.pk}/commitments", {"what": "X", "due_on": "2030-06-01"}
    )

    assert reply.status_code == 422
    assert reply.json()["detail"] == "This decision was rejected; nobody commits to it."
    assert Commitment.objects.count() == 0


@pytest.mark.parametrize("role", ["participant", "facilitator", "outsider"])
def test_someone_who_did_not_commit_cannot_report(request, api_as, edition, partner, role):
    commitment = CommitmentFactory(decision__edition=edition, committer=partner)
    api = api_as(request.getfixturevalue(role))
    before = snapshot(Commitment, CommitmentUpdate)

    update = api.post(
        f"/commitments/{commitment.pk}/updates",
        {"happened_on": timezone.localdate().isoformat(), "text": "Not mine."},
    )
    move = api.post(f"/commitments/{commitment.pk}/status", {"to": "in_progress"})

    assert (update.status_code, move.status_code) == (403, 403)
    assert snapshot(Commitment, CommitmentUpdate) == before
