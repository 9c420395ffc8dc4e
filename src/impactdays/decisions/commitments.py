"""Every write on commitments and their follow-up updates.

Views and the API check permissions first; these enforce state rules, and refuse with a
ValidationError whose message a person can read. Each runs in one transaction behind the
edition's write guard, so a refusal leaves the database as it was.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.common.images import image_without_metadata
from impactdays.common.services import audit_record
from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision
from impactdays.decisions.services import decision_locked
from impactdays.forums.models import EditionRole, Organisation
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User

PHOTO_MAX_SIDE = 1600


def commitment_create(
    *,
    decision: Decision,
    committer: User,
    what: str,
    due_on: dt.date,
    resources: str = "",
    organisation: Organisation | None = None,
    actor: User | None,
) -> Commitment:
    """Record that `committer` (for `organisation`, if given) commits to the decision.

    Preconditions: the decision is not rejected, and the committer holds a role in the edition
    (they post the commitment's updates). Raises ValidationError otherwise, or on a bad field.
    """
    with transaction.atomic():
        decision = decision_locked(decision)
        if decision.status == Decision.Status.REJECTED:
            raise ValidationError(_("This decision was rejected; nobody commits to it."))
        if decision.status == Decision.Status.DRAFT:
            raise ValidationError(
                _("This decision is a draft; commit to it once it is put to the vote.")
            )
        if not EditionRole.objects.filter(edition=decision.edition, user=committer).exists():
            raise ValidationError({"committer": _("The committer must take part in this edition.")})
        commitment = Commitment(
            decision=decision,
            committer=committer,
            organisation=organisation,
            what=what.strip(),
            resources=resources.strip(),
            due_on=due_on,
        )
        commitment.full_clean()
        commitment.save()
        audit_record(
            actor=actor,
            action="commitment_create",
            target=commitment,
            edition=decision.edition,
            data={"decision": decision.pk},
        )
    return commitment


def _commitment_locked(commitment: Commitment) -> Commitment:
    edition_lock_for_write(commitment.decision.edition)
    return (
        Commitment.objects.select_for_update()
        .select_related("decision__edition")
        .get(pk=commitment.pk)
    )


def commitment_status_move(
    *, commitment: Commitment, to: str, reason: str = "", actor: User | None
) -> Commitment:
    """Move a commitment along Commitment.TRANSITIONS; dropping it needs a reason.

    Raises ValidationError for a move not in the table or a drop without a reason.
    """
    with transaction.atomic():
        commitment = _commitment_locked(commitment)
        if to not in commitment.allowed_moves():
            raise ValidationError(
                _("A commitment that is %(status)s cannot become %(to)s.")
                % {
                    "status": commitment.get_status_display().lower(),
                    "to": Commitment.Status(to).label.lower()
                    if to in Commitment.Status.values
                    else to,
                }
            )
        if to == Commitment.Status.DROPPED:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why the commitment is dropped.")})
            commitment.drop_reason = reason.strip()
        before = commitment.status
        commitment.status = to
        commitment.status_changed_at = timezone.now()
        commitment.save(update_fields=["status", "drop_reason", "status_changed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="commitment_status_move",
            target=commitment,
            edition=commitment.edition,
            data={"from": before, "to": to},
        )
    return commitment


def commitment_update_post(
    *,
    commitment: Commitment,
    author: User,
    happened_on: dt.date,
    text: str,
    link: str = "",
    photo: File[bytes] | None = None,
    may_post_for_others: bool = False,
) -> CommitmentUpdate:
    """Add a dated follow-up update (text, and a photo or a link) to a commitment.

    Only the committer posts, or someone who may post for others (an organiser: the caller
    says so from the rules). The photo is re-encoded without its metadata (common.images).
    Raises ValidationError, storing nothing, for another author, a dropped commitment, a date
    in the future, an empty text or an unreadable photo.
    """
    if commitment.committer_id != author.pk and not may_post_for_others:
        raise ValidationError(_("Only the person who committed posts updates on it."))
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date of an update cannot be in the future.")})
    clean_photo = image_without_metadata(photo, max_side=PHOTO_MAX_SIDE) if photo else None
    with transaction.atomic():
        commitment = _commitment_locked(commitment)
        if commitment.status == Commitment.Status.DROPPED:
            raise ValidationError(_("This commitment is dropped; it takes no more updates."))
        update = CommitmentUpdate(
            commitment=commitment,
            author=author,
            happened_on=happened_on,
            text=text.strip(),
            link=link,
        )
        update.full_clean(exclude=["photo"])
        if clean_photo is not None:
            update.photo.save(clean_photo.name or "photo", clean_photo, save=False)
        update.save()
        audit_record(
            actor=author,
            action="commitment_update_post",
            target=update,
            edition=commitment.edition,
            data={"commitment": commitment.pk},
        )
    return update
