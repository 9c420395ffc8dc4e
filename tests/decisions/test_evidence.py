"""Citing the edition's statements, team ideas, observations and challenges as evidence."""

import pytest
from django.core.exceptions import ValidationError

from impactdays.challenges.models import Challenge, Observation
from impactdays.decisions import services
from impactdays.decisions.evidence import group_informed_consensus
from impactdays.decisions.models import Evidence
from impactdays.deliberation.models import Statement
from impactdays.forums.links import edition_url
from impactdays.teams.models import CreativeSession
from tests.decisions.evidence_fixtures import citable_in
from tests.decisions.factories import DecisionFactory
from tests.deliberation.factories import StatementFactory
from tests.forums.factories import EditionFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db

KINDS = ["statement", "idea", "observation", "challenge"]


def _url(name, decision, **kwargs):
    return edition_url(f"decisions:{name}", decision.edition, **kwargs)


def _cite(decision, kind, reference_id, actor):
    return services.evidence_add(
        decision=decision,
        kind=kind,
        summary=f"Why the {kind} matters",
        reference_id=reference_id,
        actor=actor,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_cited_with_its_record(draft, organiser, kind):
    citable = citable_in(draft.edition)

    evidence = _cite(draft, kind, citable.reference(kind), organiser)

    evidence = Evidence.objects.get(pk=evidence.pk)
    assert (evidence.kind, evidence.object_id) == (kind, citable.reference(kind))
    assert evidence.reference is not None


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_of_another_edition_is_refused(draft, organiser, kind):
    elsewhere = citable_in(EditionFactory())

    with pytest.raises(ValidationError) as refused:
        _cite(draft, kind, elsewhere.reference(kind), organiser)

    assert "belongs to another edition" in refused.value.message_dict["reference"][0]
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_wrong_id_or_none_is_refused(draft, organiser, kind):
    with pytest.raises(ValidationError) as wrong:
        _cite(draft, kind, 987654, organiser)
    with pytest.raises(ValidationError) as missing:
        _cite(draft, kind, None, organiser)

    assert wrong.value.message_dict["reference"][0].endswith("987654 does not exist.")
    assert missing.value.message_dict == {"reference": ["Choose the record to cite."]}
    assert Evidence.objects.count() == 0


def _hide(citable, kind):
    if kind == "statement":
        Statement.objects.filter(pk=citable.statement.pk).update(
            moderation=Statement.Moderation.REJECTED
        )
    elif kind == "idea":
        CreativeSession.objects.filter(pk=citable.canvas.team.session_id).update(published_at=None)
    elif kind == "observation":
        Observation.objects.filter(pk=citable.observation.pk).update(is_hidden=True)
    else:
        Challenge.objects.filter(pk=citable.challenge.pk).update(is_hidden=True)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hidden_record_is_refused(draft, organiser, kind):
    citable = citable_in(draft.edition)
    _hide(citable, kind)

    with pytest.raises(ValidationError) as refused:
        _cite(draft, kind, citable.reference(kind), organiser)

    assert (
        "is hidden from the public, so it cannot be cited"
        in (refused.value.message_dict["reference"][0])
    )
    assert Evidence.objects.count() == 0


def test_a_note_cites_no_record(draft, organiser):
    with pytest.raises(ValidationError) as refused:
        _cite(draft, "text", 1, organiser)

    assert refused.value.message_dict == {"reference": ["A note or a link cites no record."]}


def test_the_manage_page_offers_the_editions_records_and_cites_one_without_js(
    client, draft, organiser
):
    citable = citable_in(draft.edition)
    hidden = citable_in(draft.edition)
    _hide(hidden, "observation")
    _hide(hidden, "idea")
    client.force_login(organiser)

    page = client.get(_url("decision-edit", draft, pk=draft.pk)).content.decode()
    response = client.post(
        _url("evidence-add", draft, pk=draft.pk),
        {
            "kind": "observation",
            "reference": f"observation:{citable.observation.pk}",
            "summary_en": "The walkers found the gate locked.",
        },
    )

    assert f'value="statement:{citable.statement.pk}"' in page
    assert f'value="observation:{citable.observation.pk}"' in page
    assert f'value="challenge:{citable.challenge.pk}"' in page
    assert f'value="observation:{hidden.observation.pk}"' not in page
    assert f'value="idea:{citable.canvas.pk}"' in page
    assert f'value="idea:{hidden.canvas.pk}"' not in page  # its session is not published
    assert response.status_code == 302
    assert Evidence.objects.get().reference == citable.observation


def test_the_form_refuses_a_hidden_record_and_a_mismatched_kind_with_clear_errors(
    client, draft, organiser
):
    citable = citable_in(draft.edition)
    _hide(citable, "challenge")
    client.force_login(organiser)

    hidden = client.post(
        _url("evidence-add", draft, pk=draft.pk),
        {
            "kind": "challenge",
            "reference": f"challenge:{citable.challenge.pk}",
            "summary_en": "Why",
        },
    ).content.decode()
    mismatched = client.post(
        _url("evidence-add", draft, pk=draft.pk),
        {
            "kind": "idea",
            "reference": f"statement:{citable.statement.pk}",
            "summary_en": "Why",
        },
    ).content.decode()

    assert "is hidden from the public, so it cannot be cited." in hidden
    assert "What is cited is not of the kind chosen." in mismatched
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize("role", ["participant", "partner", "outsider", "anonymous"])
def test_who_may_not_draft_cannot_cite(client, request, draft, role):
    citable = citable_in(draft.edition)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = snapshot(Evidence)

    response = client.post(
        _url("evidence-add", draft, pk=draft.pk),
        {
            "kind": "statement",
            "reference": f"statement:{citable.statement.pk}",
            "summary_en": "Why",
        },
    )

    assert response.status_code in (302, 403, 404)
    assert snapshot(Evidence) == before


def test_a_facilitator_cites_an_idea(client, draft, facilitator):
    citable = citable_in(draft.edition)
    client.force_login(facilitator)

    client.post(
        _url("evidence-add", draft, pk=draft.pk),
        {"kind": "idea", "reference": f"idea:{citable.canvas.pk}", "summary_en": "Their idea"},
    )

    assert Evidence.objects.get().reference == citable.canvas


def _adopted_citing_everything(edition, organiser):
    decision = DecisionFactory(edition=edition)
    citable = citable_in(edition)
    for kind in KINDS:
        _cite(decision, kind, citable.reference(kind), organiser)
    decision.status = "adopted"
    decision.save(update_fields=["status"])
    return decision, citable


def test_the_decision_page_shows_each_cited_record_with_its_link(client, edition, organiser):
    decision, citable = _adopted_citing_everything(edition, organiser)

    page = client.get(_url("decision-detail", decision, pk=decision.pk)).content.decode()

    assert "Courtyards should stay open" in page
    assert "85% agree" in page
    assert (
        edition_url(
            "deliberation:conversation-results", edition, pk=citable.statement.conversation_id
        )
        in page
    )
    assert "A courtyard market on Saturdays" in page
    assert edition_url("teams:team-detail", edition, team_pk=citable.canvas.team_id) in page
    assert "The gate is locked at noon" in page
    assert 'class="evidence-thumbnail"' in page
    assert "How might we open the gates?" in page


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_hidden_after_citing_disappears_from_the_public_page_and_api(
    client, anonymous_api, edition, organiser, kind
):
    decision, citable = _adopted_citing_everything(edition, organiser)
    _hide(citable, kind)

    page = client.get(_url("decision-detail", decision, pk=decision.pk)).content.decode()
    api = anonymous_api.get(f"/decisions/{decision.pk}").json()
    client.force_login(organiser)
    manage = client.get(_url("decision-edit", decision, pk=decision.pk)).content.decode()

    assert f"Why the {kind} matters" not in page
    assert [item["kind"] for item in api["evidence"]] == [k for k in KINDS if k != kind]
    assert f"Why the {kind} matters" in manage
    assert "Hidden from the public" in manage


def test_the_api_gives_each_evidence_its_reference(anonymous_api, edition, organiser):
    decision, citable = _adopted_citing_everything(edition, organiser)

    evidence = anonymous_api.get(f"/decisions/{decision.pk}").json()["evidence"]

    assert [(item["kind"], item["reference"]["id"]) for item in evidence] == [
        (kind, citable.reference(kind)) for kind in KINDS
    ]
    assert evidence[0]["reference"]["detail"] == "85% agree"


def test_group_informed_consensus_needs_every_group_to_agree():
    result = {
        "group_votes": {
            "1": [[9, 1, 10], [8, 1, 10]],  # both groups agree
            "2": [[10, 0, 10], [1, 9, 10]],  # one group disagrees
            "3": [],
        }
    }

    assert group_informed_consensus(result) == {1}


def test_the_manage_page_offers_statements_of_group_informed_consensus(client, draft, organiser):
    citable = citable_in(draft.edition)
    analysis = citable.statement.conversation.analysis
    agreed = StatementFactory(conversation=analysis.conversation, text="Benches by the water")
    divided = StatementFactory(conversation=analysis.conversation, text="Fences around yards")
    analysis.result["group_votes"].update(
        {str(agreed.pk): [[9, 1, 10], [8, 2, 10]], str(divided.pk): [[9, 1, 10], [1, 9, 10]]}
    )
    analysis.save()
    client.force_login(organiser)

    page = client.get(_url("decision-edit", draft, pk=draft.pk)).content.decode()

    assert f'value="statement:{agreed.pk}"' in page
    assert f'value="statement:{divided.pk}"' not in page
