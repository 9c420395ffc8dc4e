import datetime as dt

import pytest
import time_machine
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
from impactdays.forums.links import edition_url
from tests.decisions.conftest import open_poll
from tests.decisions.evidence_fixtures import citable_in
from tests.decisions.factories import (
    CommitmentFactory,
    CommitmentUpdateFactory,
    DecisionFactory,
    EvidenceFactory,
)
from tests.decisions.test_commitments import _jpeg_with_gps
from tests.people.factories import UserFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db

MODELS = (Decision, DecisionVersion, Evidence, Vote, Commitment, CommitmentUpdate)


def _url(name, decision_or_edition, **kwargs):
    edition = getattr(decision_or_edition, "edition", decision_or_edition)
    return edition_url(f"decisions:{name}", edition, **kwargs)


def test_the_accountability_page_shows_decided_decisions_and_hides_drafts(
    client, edition, django_assert_max_num_queries
):
    adopted = DecisionFactory(edition=edition, status="adopted", title="Open the courtyards")
    DecisionFactory(edition=edition, title="Secret draft idea")
    for status in ("done", "in_progress", "planned", "done"):
        CommitmentFactory(decision=adopted, status=status)

    with django_assert_max_num_queries(12):
        page = client.get(_url("decision-list", edition)).content.decode()

    assert "Open the courtyards" in page
    assert "Secret draft idea" not in page
    assert "2 of 4 commitments done" in page


def test_a_decision_page_shows_evidence_commitments_and_updates(client, edition):
    decision = DecisionFactory(edition=edition, status="adopted")
    EvidenceFactory(decision=decision, summary="The walk found closed courtyards.")
    update = CommitmentUpdateFactory(
        commitment__decision=decision, text="Sixty neighbours came on Saturday."
    )

    page = client.get(_url("decision-detail", decision, pk=decision.pk)).content.decode()

    assert "The walk found closed courtyards." in page
    assert update.commitment.what in page
    assert "Sixty neighbours came on Saturday." in page


def test_a_draft_decision_page_answers_404_to_a_participant(client, edition, participant):
    draft = DecisionFactory(edition=edition)
    client.force_login(participant)

    response = client.get(_url("decision-detail", draft, pk=draft.pk))

    assert response.status_code == 404


def test_a_participant_votes_in_the_browser(client, polling, participant):
    client.force_login(participant)

    response = client.post(_url("vote-cast", polling, pk=polling.pk), {"choice": "agree"})

    assert response.status_code == 302
    assert list(Vote.objects.values_list("voter", "choice")) == [(participant.pk, "agree")]


def test_a_vote_on_a_closed_poll_shows_the_error_and_stores_nothing(client, polling, participant):
    client.force_login(participant)
    before = snapshot(*MODELS)

    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        response = client.post(_url("vote-cast", polling, pk=polling.pk), {"choice": "agree"})

    assert response.status_code == 200
    assert "The poll is closed." in response.content.decode()
    assert snapshot(*MODELS) == before


def test_a_block_without_reason_shows_the_error_and_stores_nothing(client, polling, participant):
    client.force_login(participant)

    response = client.post(_url("vote-cast", polling, pk=polling.pk), {"choice": "block"})

    assert "Say why you block this decision." in response.content.decode()
    assert Vote.objects.count() == 0


@pytest.mark.parametrize("role", ["partner", "organiser", "outsider"])
def test_who_is_no_participant_cannot_vote(request, client, polling, role):
    client.force_login(request.getfixturevalue(role))
    before = snapshot(*MODELS)

    response = client.post(_url("vote-cast", polling, pk=polling.pk), {"choice": "agree"})

    assert response.status_code in (403, 404)
    assert snapshot(*MODELS) == before


def test_a_partner_commits_and_reports_with_a_photo(client, polling, partner):
    client.force_login(partner)

    client.post(
        _url("commitment-create", polling, pk=polling.pk),
        {"what": "Open the east courtyard.", "resources": "Two caretakers", "due_on": "2030-06-01"},
    )
    commitment = Commitment.objects.get()
    client.post(_url("commitment-status-move", polling, pk=commitment.pk), {"to": "in_progress"})
    response = client.post(
        _url("commitment-update-create", polling, pk=commitment.pk),
        {
            "happened_on": timezone.localdate().isoformat(),
            "text": "The gate is open.",
            "photo": _jpeg_with_gps(),
        },
    )

    commitment.refresh_from_db()
    assert response.status_code == 302
    assert (commitment.committer, commitment.status) == (partner, "in_progress")
    assert list(commitment.updates.values_list("text", flat=True)) == ["The gate is open."]
    assert commitment.updates.get().photo.name.startswith("commitments/")


@pytest.mark.parametrize("role", ["participant", "facilitator", "outsider"])
def test_someone_who_did_not_commit_cannot_report(request, client, polling, partner, role):
    commitment = CommitmentFactory(decision=polling, committer=partner)
    client.force_login(request.getfixturevalue(role))
    before = snapshot(*MODELS)

    update = client.post(
        _url("commitment-update-create", polling, pk=commitment.pk),
        {"happened_on": timezone.localdate().isoformat(), "text": "Not mine."},
    )
    move = client.post(_url("commitment-status-move", polling, pk=commitment.pk), {"to": "dropped"})

    assert (update.status_code, move.status_code) in ((403, 403), (404, 404))
    assert snapshot(*MODELS) == before


def test_an_organiser_drafts_cites_and_opens_a_poll(client, edition, organiser):
    client.force_login(organiser)
    now = timezone.localtime(timezone.now(), timezone=dt.UTC)

    client.post(
        _url("decision-create", edition),
        {"title_en": "Open the courtyards", "text_en": "On Saturdays."},
    )
    decision = Decision.objects.get()
    client.post(
        _url("evidence-add", decision, pk=decision.pk),
        {"kind": "link", "summary_en": "Photos of the walk", "url": "https://example.org/walk"},
    )
    response = client.post(
        _url("poll-open", decision, pk=decision.pk),
        {
            "poll_kind": "consent",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "quorum_percent": "60",
            "threshold_percent": "75",
        },
    )

    decision.refresh_from_db()
    assert response.status_code == 302
    assert (decision.title_en, decision.status, decision.quorum_percent) == (
        "Open the courtyards",
        "polling",
        60,
    )
    assert list(decision.evidence.values_list("kind", "url")) == [
        ("link", "https://example.org/walk")
    ]


def test_an_organiser_records_the_outcome_and_a_commitment(
    client, polling, organiser, partner, participant
):
    Vote.objects.create(decision=polling, version=1, voter=participant, choice="agree")
    client.force_login(organiser)

    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        client.post(_url("outcome-record", polling, pk=polling.pk))
        client.post(
            _url("commitment-record", polling, pk=polling.pk),
            {"committer": partner.pk, "what": "Host the market.", "due_on": "2030-01-01"},
        )

    polling.refresh_from_db()
    assert polling.status == "adopted"
    assert list(Commitment.objects.values_list("committer", "what")) == [
        (partner.pk, "Host the market.")
    ]


@pytest.mark.parametrize("role", ["participant", "partner", "speaker", "outsider"])
def test_who_does_not_draft_cannot_reach_the_management_pages(
    request, client, edition, draft, role
):
    client.force_login(request.getfixturevalue(role))
    before = snapshot(*MODELS)

    pages = [
        client.get(_url("decision-manage", edition)).status_code,
        client.get(_url("decision-edit", draft, pk=draft.pk)).status_code,
        client.post(
            _url("decision-create", edition), {"title_en": "X", "text_en": "Y"}
        ).status_code,
        client.post(
            _url("decision-update", draft, pk=draft.pk), {"title_en": "X", "text_en": "Y"}
        ).status_code,
    ]

    assert set(pages) <= {403, 404}
    assert snapshot(*MODELS) == before


@pytest.mark.parametrize("path", ["/series/{slug}/", "/decisions/series/{slug}/"])
def test_the_series_page_lists_each_editions_decisions_and_share_done(client, edition, path):
    decision = DecisionFactory(edition=edition, status="adopted", title="Open the courtyards")
    DecisionFactory(edition=edition, title="Secret draft idea")
    CommitmentFactory(decision=decision, status="done")
    CommitmentFactory(decision=decision, status="planned")
    CommitmentFactory(decision=decision, status="done")

    page = client.get(path.format(slug=edition.series.slug)).content.decode()

    assert "Open the courtyards" in page
    assert "Secret draft idea" not in page
    assert "67 % of commitments done (2 of 3)" in page


def test_the_edition_page_links_its_decisions(client, edition):
    decision = DecisionFactory(edition=edition, status="adopted")
    CommitmentFactory(decision=decision, status="done")

    page = client.get(edition.get_absolute_url()).content.decode()

    assert "1 of 1 commitments done" in page
    assert _url("decision-list", edition) in page


def test_opening_a_poll_on_a_decision_already_polling_shows_the_refusal(client, draft, organiser):
    open_poll(draft)
    client.force_login(organiser)

    response = client.post(
        _url("poll-open", draft, pk=draft.pk),
        {
            "poll_kind": "consent",
            "opens_at": "2030-01-01T10:00",
            "closes_at": "2030-01-02T10:00",
            "quorum_percent": "50",
            "threshold_percent": "50",
        },
    )

    assert "Only a draft decision can change" in response.content.decode()


@pytest.mark.parametrize("role", ["organiser", "facilitator"])
def test_who_drafts_reaches_the_decisions_section_of_the_dashboard(
    request, client, edition, draft, role
):
    client.force_login(request.getfixturevalue(role))

    manage = client.get(_url("decision-manage", edition))
    edit = client.get(_url("decision-edit", draft, pk=draft.pk))

    assert (manage.status_code, edit.status_code) == (200, 200)
    assert "Open the courtyards" in manage.content.decode()


def test_the_decision_page_makes_a_fixed_number_of_queries(
    client, edition, partner, django_assert_max_num_queries
):
    """With evidence of every kind, twice over: one query per kind cited, whatever their number."""
    decision = DecisionFactory(edition=edition)
    EvidenceFactory.create_batch(3, decision=decision)
    organiser = UserFactory()
    for _twice in range(2):
        citable = citable_in(edition)
        for kind in ("statement", "idea", "observation", "challenge"):
            services.evidence_add(
                decision=decision,
                kind=kind,
                summary="Why",
                reference_id=citable.reference(kind),
                actor=organiser,
            )
    Decision.objects.filter(pk=decision.pk).update(status="adopted")
    for _index in range(5):
        CommitmentUpdateFactory.create_batch(2, commitment__decision=decision)
    client.force_login(partner)

    # 13 before evidence cited records: + statements, canvases, observations (+ their photos),
    # challenges.
    with django_assert_max_num_queries(18):
        response = client.get(_url("decision-detail", decision, pk=decision.pk))

    assert response.status_code == 200
    assert response.content.decode().count("Courtyards should stay open") == 2


def test_a_revised_decision_shows_its_history(client, polling, participant, organiser):
    from impactdays.decisions import services

    services.vote_cast(decision=polling, voter=participant, choice="agree")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        services.decision_outcome_record(decision=polling, actor=organiser)
        services.decision_revise(
            decision=polling,
            title="Open the courtyards on Sundays",
            text="Sundays suit families.",
            reason="The neighbours asked for Sundays.",
            actor=organiser,
        )
    client.force_login(organiser)

    page = client.get(_url("decision-detail", polling, pk=polling.pk)).content.decode()

    assert "Version 1" in page
    assert "Revised: The neighbours asked for Sundays." in page
    assert "Open the courtyards on Sundays" in page


def test_an_organiser_records_a_vote_taken_in_the_room(
    client, draft, organiser, participant, voters
):
    client.force_login(organiser)

    response = client.post(
        _url("outcome-record-in-room", draft, pk=draft.pk),
        {
            "agree": "4",
            "abstain": "0",
            "disagree": "1",
            "block": "0",
            "decided_at": "2020-05-01T12:00",
            "quorum_percent": "80",
            "threshold_percent": "75",
        },
    )

    draft.refresh_from_db()
    version = draft.versions.get()
    assert response.status_code == 302
    assert (draft.status, version.agree_count, version.quorum_percent) == ("adopted", 4, 80)


def test_a_vote_in_the_room_with_too_many_votes_shows_the_refusal(
    client, draft, organiser, participant
):
    client.force_login(organiser)

    response = client.post(
        _url("outcome-record-in-room", draft, pk=draft.pk),
        {
            "agree": "9",
            "abstain": "0",
            "disagree": "0",
            "block": "0",
            "decided_at": "2020-05-01T12:00",
            "quorum_percent": "50",
            "threshold_percent": "50",
        },
    )

    assert "More votes than the edition has participants (1)." in response.content.decode()
    assert Decision.objects.get(pk=draft.pk).status == "draft"
