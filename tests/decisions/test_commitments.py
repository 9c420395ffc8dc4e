import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from impactdays.decisions import commitments
from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision
from tests.decisions.factories import CommitmentFactory
from tests.forums.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_commitment_create_records_who_what_when_and_resources(polling, partner, organiser):
    organisation = OrganisationFactory(name="Textil")

    commitment = commitments.commitment_create(
        decision=polling,
        committer=partner,
        organisation=organisation,
        what="Open the east courtyard.",
        resources="Two caretakers, 500 EUR",
        due_on=dt.date(2030, 6, 1),
        actor=organiser,
    )

    assert (commitment.who, commitment.status, commitment.resources) == (
        "Textil",
        "planned",
        "Two caretakers, 500 EUR",
    )


def test_no_commitment_on_a_rejected_decision(draft, partner):
    Decision.objects.filter(pk=draft.pk).update(status=Decision.Status.REJECTED)

    with pytest.raises(ValidationError) as refused:
        commitments.commitment_create(
            decision=draft, committer=partner, what="X", due_on=dt.date(2030, 1, 1), actor=partner
        )

    assert refused.value.messages == ["This decision was rejected; nobody commits to it."]
    assert Commitment.objects.count() == 0


def test_the_committer_must_take_part_in_the_edition(polling, outsider, organiser):
    with pytest.raises(ValidationError, match="must take part"):
        commitments.commitment_create(
            decision=polling,
            committer=outsider,
            what="X",
            due_on=dt.date(2030, 1, 1),
            actor=organiser,
        )

    assert Commitment.objects.count() == 0


def test_commitment_moves_follow_the_table(polling, partner):
    commitment = CommitmentFactory(decision=polling, committer=partner)

    with pytest.raises(ValidationError, match="planned cannot become done"):
        commitments.commitment_status_move(commitment=commitment, to="done", actor=partner)
    commitments.commitment_status_move(commitment=commitment, to="in_progress", actor=partner)
    commitments.commitment_status_move(commitment=commitment, to="done", actor=partner)
    with pytest.raises(ValidationError, match="done cannot become dropped"):
        commitments.commitment_status_move(
            commitment=commitment, to="dropped", reason="Late", actor=partner
        )

    commitment.refresh_from_db()
    assert commitment.status == "done"


def test_dropping_needs_a_reason(polling, partner):
    commitment = CommitmentFactory(decision=polling, committer=partner)

    with pytest.raises(ValidationError) as refused:
        commitments.commitment_status_move(commitment=commitment, to="dropped", actor=partner)
    commitments.commitment_status_move(
        commitment=commitment, to="dropped", reason="The owner sold the building.", actor=partner
    )

    commitment.refresh_from_db()
    assert refused.value.message_dict == {"reason": ["Say why the commitment is dropped."]}
    assert (commitment.status, commitment.drop_reason) == (
        "dropped",
        "The owner sold the building.",
    )


def _jpeg_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_an_update_stores_its_photo_without_metadata(polling, partner):
    commitment = CommitmentFactory(decision=polling, committer=partner)

    update = commitments.commitment_update_post(
        commitment=commitment,
        author=partner,
        happened_on=timezone.localdate(),
        text="60 neighbours came.",
        link="https://example.org/album",
        photo=_jpeg_with_gps(),
    )

    with Image.open(update.photo.path) as stored:
        assert (stored.format, stored.size, dict(stored.getexif())) == ("JPEG", (40, 30), {})
    assert update.link == "https://example.org/album"


def test_only_the_committer_posts_updates(polling, partner, participant):
    commitment = CommitmentFactory(decision=polling, committer=partner)

    with pytest.raises(ValidationError) as refused:
        commitments.commitment_update_post(
            commitment=commitment,
            author=participant,
            happened_on=timezone.localdate(),
            text="I did it instead.",
        )

    assert refused.value.messages == ["Only the person who committed posts updates on it."]
    assert CommitmentUpdate.objects.count() == 0


def test_an_update_cannot_be_dated_in_the_future(polling, partner):
    commitment = CommitmentFactory(decision=polling, committer=partner)

    with pytest.raises(ValidationError, match="cannot be in the future"):
        commitments.commitment_update_post(
            commitment=commitment,
            author=partner,
            happened_on=timezone.localdate() + dt.timedelta(days=1),
            text="Soon.",
        )

    assert CommitmentUpdate.objects.count() == 0


def test_a_dropped_commitment_takes_no_update(polling, partner):
    commitment = CommitmentFactory(
        decision=polling, committer=partner, status="dropped", drop_reason="No money."
    )

    with pytest.raises(ValidationError, match="dropped"):
        commitments.commitment_update_post(
            commitment=commitment, author=partner, happened_on=timezone.localdate(), text="Hm."
        )

    assert CommitmentUpdate.objects.count() == 0
