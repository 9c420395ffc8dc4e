"""Invitations of the drawn panel, their answers, and replacements from the waiting list.

A replacement keeps the quotas: among the pool's applicants not yet invited, only those whose
arrival leaves every quota of the run met are eligible, and one of them is drawn with a
generator seeded from the run's public seed and the replacement's number, so replacements replay
too. When nobody is eligible, the seat stays empty and the organisers are told.
"""

import csv
import datetime as dt
import io
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impactdays.applications.models import Application, Invitation, SelectionRun
from impactdays.common.services import audit_record
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.rules import roles_forget
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User

OPEN = (Invitation.Status.INVITED, Invitation.Status.CONFIRMED)


def _on_commit_mail(invitation_id: int) -> None:
    from impactdays.applications.tasks import invitation_mail_task

    transaction.on_commit(lambda: invitation_mail_task.delay(invitation_id), robust=True)


def invitations_send(
    *, run: SelectionRun, respond_by: dt.datetime, actor: User | None, notify: bool = True
) -> list[Invitation]:
    """Invite every member of the run's panel; each gets an e-mail after commit (unless
    `notify` is False: the demo's past call).

    Raises ValidationError when the call's invitations went out already, the run is not the
    call's latest, or the deadline is not in the future.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(run.call.edition)
        if respond_by <= timezone.now():
            raise ValidationError({"respond_by": _("The deadline must be in the future.")})
        if Invitation.objects.filter(run__call=run.call).exists():
            raise ValidationError(_("The invitations of this call are sent already."))
        if run.status != SelectionRun.Status.DONE:
            raise ValidationError(_("Only a finished run's panel can be invited."))
        if run.call.selection_runs.filter(status=SelectionRun.Status.DONE).first() != run:
            raise ValidationError(_("Invite the panel of the latest run only."))
        invitations = [
            Invitation.objects.create(run=run, application_id=int(person), respond_by=respond_by)
            for person in run.panel
        ]
        audit_record(
            actor=actor,
            action="invitations_send",
            target=run,
            edition=edition,
            data={"invited": len(invitations)},
        )
        for invitation in invitations if notify else []:
            _on_commit_mail(invitation.pk)
    return invitations


def invitation_mail_send(*, invitation: Invitation) -> int:
    """E-mail the applicant their invitation and its deadline, with the link to answer it."""
    if invitation.status != Invitation.Status.INVITED:
        return 0
    call = invitation.run.call
    applicant = invitation.application.applicant
    url = f"{settings.SITE_URL}{edition_url('applications:call-detail', call.edition)}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("You are invited to %(title)s") % {"title": call.edition.title}
        body = _(
            "Hello %(name)s,\n\nyou are drawn for a seat at %(title)s. Please confirm or decline "
            "by %(respond_by)s: %(url)s\n"
        ) % {
            "name": applicant.public_name,
            "title": call.edition.title,
            "respond_by": invitation.respond_by.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "url": url,
        }
    return send_mail(subject, body, None, [applicant.email])


def _people_values(run: SelectionRun) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(run.people_csv)))
    return {row["id"]: {k: v for k, v in row.items() if k != "id"} for row in rows}


def _quotas(run: SelectionRun) -> list[tuple[str, str, int, int]]:
    return [
        (row["feature"], row["value"], int(row["min"]), int(row["max"]))
        for row in csv.DictReader(io.StringIO(run.quotas_csv))
    ]


def _meets_quotas(
    panel: list[str], values: dict[str, dict[str, str]], quotas: list[tuple[str, str, int, int]]
) -> bool:
    for category, value, minimum, maximum in quotas:
        count = sum(1 for person in panel if values[person].get(category) == value)
        if not minimum <= count <= maximum:
            return False
    return True


def _replacement_draw(invitation: Invitation, now: dt.datetime) -> Invitation | None:
    """Invite a replacement for `invitation` (declined or expired) that keeps the run's quotas."""
    run = invitation.run
    values, quotas = _people_values(run), _quotas(run)
    taken = {
        str(application_id)
        for application_id in Invitation.objects.filter(run__call=run.call).values_list(
            "application_id", flat=True
        )
    }
    staying = [
        str(application_id)
        for application_id in Invitation.objects.filter(run=run, status__in=OPEN)
        .exclude(pk=invitation.pk)
        .values_list("application_id", flat=True)
    ]
    submitted = {
        str(pk)
        for pk in Application.objects.filter(
            call=run.call, status=Application.Status.SUBMITTED
        ).values_list("pk", flat=True)
    }
    eligible = sorted(
        (person for person in values if person not in taken and person in submitted),
        key=int,
    )
    eligible = [p for p in eligible if _meets_quotas([*staying, p], values, quotas)]
    if not eligible:
        return None
    number = Invitation.objects.filter(run=run, replaces__isnull=False).count() + 1
    # Seeded from the published seed and the replacement's number: anyone can replay it.
    chosen = random.Random(f"{run.seed}:{number}").choice(eligible)  # noqa: S311
    window = invitation.respond_by - invitation.invited_at
    return Invitation.objects.create(
        run=run,
        application_id=int(chosen),
        respond_by=now + max(window, dt.timedelta(days=1)),
        replaces=invitation,
    )


def _close(
    invitation: Invitation, status: str, now: dt.datetime, *, notify: bool = True
) -> Invitation | None:
    invitation.status = status
    invitation.responded_at = now
    invitation.save(update_fields=["status", "responded_at"])
    replacement = _replacement_draw(invitation, now)
    if replacement is not None and notify:
        _on_commit_mail(replacement.pk)
    return replacement


def invitation_respond(
    *, invitation: Invitation, user: User, is_accepted: bool, notify: bool = True
) -> tuple[Invitation, Invitation | None]:
    """The invited applicant confirms (becoming a participant of the edition) or declines (a
    replacement is drawn). Returns the invitation and the replacement, if any.

    Raises ValidationError when the invitation is not the user's, is answered already, or its
    deadline has passed.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(invitation.edition)
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("application", "run__call")
            .get(pk=invitation.pk)
        )
        if invitation.application.applicant_id != user.pk:
            raise ValidationError(_("This invitation is not yours."))
        now = timezone.now()
        if invitation.status != Invitation.Status.INVITED:
            raise ValidationError(_("This invitation is answered already."))
        if now >= invitation.respond_by:
            raise ValidationError(_("The deadline to answer this invitation has passed."))
        replacement = None
        if is_accepted:
            invitation.status = Invitation.Status.CONFIRMED
            invitation.responded_at = now
            invitation.save(update_fields=["status", "responded_at"])
            EditionRole.objects.get_or_create(
                edition=edition, user=user, role=EditionRole.Role.PARTICIPANT
            )
        else:
            replacement = _close(invitation, Invitation.Status.DECLINED, now, notify=notify)
        audit_record(
            actor=user,
            action="invitation_confirm" if is_accepted else "invitation_decline",
            target=invitation,
            edition=edition,
            data={"replacement": replacement.application_id if replacement else None},
        )
    roles_forget()
    return invitation, replacement


def invitations_expire(*, edition: Edition, actor: User | None) -> list[Invitation]:
    """Expire the edition's invitations past their deadline and draw a replacement for each.

    Returns the replacements invited.
    """
    replacements: list[Invitation] = []
    with transaction.atomic():
        edition = edition_lock_for_write(edition)
        now = timezone.now()
        overdue = Invitation.objects.select_for_update().filter(
            run__call__edition=edition, status=Invitation.Status.INVITED, respond_by__lte=now
        )
        for invitation in overdue.order_by("pk"):
            replacement = _close(invitation, Invitation.Status.EXPIRED, now)
            audit_record(
                actor=actor,
                action="invitation_expire",
                target=invitation,
                edition=edition,
                data={"replacement": replacement.application_id if replacement else None},
            )
            if replacement is not None:
                replacements.append(replacement)
    return replacements
