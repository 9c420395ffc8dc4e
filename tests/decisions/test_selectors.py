import json

import pytest

from tests.decisions.factories import CommitmentUpdateFactory, VoteFactory

pytestmark = pytest.mark.django_db


def test_the_personal_data_export_holds_own_votes_commitments_and_updates_only(
    client, polling, participant, partner
):
    VoteFactory(decision=polling, voter=participant, choice="block", reason="Too loud at night.")
    VoteFactory(decision=polling, voter=partner, choice="agree", reason="Partner's own reason.")
    mine = CommitmentUpdateFactory(
        commitment__decision=polling, commitment__committer=participant, text="I opened the gate."
    )
    CommitmentUpdateFactory(commitment__decision=polling, text="Someone else's update.")
    client.force_login(participant)

    response = client.get("/people/me/data.json")

    data = json.loads(response.content)["decisions"]
    assert [(v["choice"], v["reason"]) for v in data["votes"]] == [("block", "Too loud at night.")]
    assert [c["what"] for c in data["commitments"]] == [mine.commitment.what]
    assert [u["text"] for u in data["updates"]] == ["I opened the gate."]
    assert "Partner's own reason." not in response.content.decode()
    assert "Someone else's update." not in response.content.decode()
