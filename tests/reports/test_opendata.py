"""The open-data package: a valid Frictionless Data Package that holds what the public sees and no
personal data beyond what people consented to publish."""

import io
import json
import zipfile
from pathlib import Path

import frictionless
from django.utils import timezone

from impactdays.challenges.models import Observation
from impactdays.decisions.models import Decision, DecisionVersion
from impactdays.deliberation.models import Statement
from impactdays.forums.models import Edition
from impactdays.people.models import ConsentKind, ConsentRecord, User
from impactdays.reports.datapackage import open_data_zip
from tests.challenges.factories import ChallengeFactory, ObservationFactory, PlaceFactory
from tests.decisions.factories import CommitmentFactory, CommitmentUpdateFactory, DecisionFactory
from tests.deliberation.factories import StatementFactory, VoteFactory
from tests.forums.factories import OrganisationFactory
from tests.people.factories import UserFactory
from tests.permissions import edition_at
from tests.teams.factories import CanvasFactory


def _files(edition: Edition) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(open_data_zip(edition))) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _listed(user: User) -> User:
    ConsentRecord.objects.create(user=user, kind=ConsentKind.DIRECTORY_LISTING, is_given=True)
    return user


def _full_edition(edition: Edition) -> None:
    """One of everything the package holds."""
    challenge = ChallengeFactory(edition=edition, owner=OrganisationFactory(name="City Hall"))
    place = PlaceFactory(edition=edition)
    place.challenges.add(challenge)
    ObservationFactory(edition=edition, place=place, challenge=challenge, text="Broken bench")
    statement = StatementFactory(conversation__edition=edition, text="Courtyards should open")
    VoteFactory(statement=statement, value=1)
    VoteFactory(statement=statement, value=-1)
    CanvasFactory(
        team__session__edition=edition,
        team__session__published_at=timezone.now(),
        sections={"idea": "A courtyard festival", "problem": "Closed gates"},
    )
    decision = DecisionFactory(edition=edition, status=Decision.Status.ADOPTED)
    DecisionVersion.objects.create(
        decision=decision,
        version=1,
        title={"en": decision.title},
        text={"en": decision.text},
        poll_kind=decision.poll_kind,
        is_adopted=True,
        agree_count=7,
        voter_count=7,
        participant_count=10,
        quorum_percent=50,
        threshold_percent=50,
        decided_at=timezone.now(),
    )
    CommitmentUpdateFactory(commitment__decision=decision, text="Sixty neighbours came")


def test_the_package_validates_with_frictionless(edition, tmp_path: Path):
    edition = edition_at(edition, Edition.Status.CLOSED)
    _full_edition(edition)
    with zipfile.ZipFile(io.BytesIO(open_data_zip(edition))) as archive:
        archive.extractall(tmp_path)

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"] if r["format"] == "csv"] == [
        "editions",
        "sessions",
        "challenges",
        "places",
        "observations",
        "statements",
        "ideas",
        "decisions",
        "commitments",
        "commitment_updates",
    ]
    statements = json.loads((tmp_path / "data/statements.json").read_text())
    assert [(s["text"], s["agree"], s["disagree"], s["pass"]) for s in statements] == [
        ("Courtyards should open", 1, 1, 0)
    ]
    decisions = json.loads((tmp_path / "data/decisions.json").read_text())
    assert [(d["status"], d["agree"], d["participants"]) for d in decisions] == [("adopted", 7, 10)]


def test_a_person_is_named_only_with_their_consent(edition):
    decision = DecisionFactory(edition=edition, status=Decision.Status.ADOPTED)
    shy = UserFactory(display_name="Shy Sofia", email="sofia@example.org")
    _listed(shy)
    ConsentRecord.objects.create(user=shy, kind=ConsentKind.DIRECTORY_LISTING, is_given=False)
    listed = _listed(UserFactory(display_name="Open Oleg", email="oleg@example.org"))
    CommitmentFactory(decision=decision, committer=shy, what="Paint the gate")
    CommitmentFactory(decision=decision, committer=listed, what="Plant the trees")
    ObservationFactory(edition=edition, author=shy, text="The gate is rusty")

    files = _files(edition)

    everything = "".join(files.values())
    assert "Shy Sofia" not in everything
    assert "sofia@example.org" not in everything
    assert "oleg@example.org" not in everything
    commitments = json.loads(files["data/commitments.json"])
    assert [(c["what"], c["person"]) for c in commitments] == [
        ("Paint the gate", ""),
        ("Plant the trees", "Open Oleg"),
    ]
    assert "The gate is rusty" in files["data/observations.csv"]


def test_hidden_and_unpublished_items_are_absent(edition):
    edition = edition_at(edition, Edition.Status.CLOSED)
    ChallengeFactory(edition=edition, title="Hidden challenge", is_hidden=True)
    ChallengeFactory(edition=edition, title="Proposed challenge", status="proposed")
    ObservationFactory(edition=edition, text="Hidden observation", is_hidden=True)
    StatementFactory(
        conversation__edition=edition,
        text="Rejected statement",
        moderation=Statement.Moderation.REJECTED,
    )
    DecisionFactory(edition=edition, title="Draft decision")
    CanvasFactory(team__session__edition=edition, sections={"idea": "Unpublished idea"})

    everything = "".join(_files(edition).values())

    for hidden in (
        "Hidden challenge",
        "Proposed challenge",
        "Hidden observation",
        "Rejected statement",
        "Draft decision",
        "Unpublished idea",
    ):
        assert hidden not in everything


def test_coordinates_from_the_authors_phone_are_left_out(edition):
    ObservationFactory(
        edition=edition,
        latitude=57.123456,
        longitude=39.654321,
        location_source=Observation.LocationSource.DEVICE,
    )
    ObservationFactory(edition=edition, latitude=57.5, longitude=39.5)

    observations = json.loads(_files(edition)["data/observations.json"])

    assert [(o["latitude"], o["longitude"]) for o in observations] == [(None, None), (57.5, 39.5)]


def test_the_demo_editions_packages_validate(demo_forum, tmp_path: Path):
    for edition in Edition.objects.exclude(status=Edition.Status.DRAFT):
        folder = tmp_path / edition.slug
        with zipfile.ZipFile(io.BytesIO(open_data_zip(edition))) as archive:
            archive.extractall(folder)

        report = frictionless.validate(folder / "datapackage.json")

        assert report.valid, (edition.slug, report.flatten(["rowNumber", "fieldName", "note"]))
    decisions = (tmp_path / "yaroslavl-2018" / "data" / "decisions.csv").read_text()
    assert len(decisions.splitlines()) > 1


def test_team_ideas_are_published_once_the_edition_is_over(edition):
    CanvasFactory(
        team__session__edition=edition,
        team__session__published_at=timezone.now(),
        sections={"idea": "A courtyard festival"},
    )

    during = _files(edition_at(edition, Edition.Status.LIVE))["data/ideas.csv"]
    after = _files(edition_at(edition, Edition.Status.CLOSED))["data/ideas.csv"]

    assert "A courtyard festival" not in during
    assert "A courtyard festival" in after
