"""E-mail reminders about commitments' due dates, each sent once, by any number of workers.

Celery beat runs `reminders_plan` and then `reminders_send` (decisions.tasks). Planning adds one
Reminder row per commitment, kind and due date; the unique constraint makes a second plan, by
the same worker or another, a no-op. Sending claims each row with a conditional UPDATE
(`sent_at IS NULL`) inside the transaction that sends its e-mail: PostgreSQL's row lock (and
SQLite's database lock) makes a second worker wait and then find it claimed, and a worker that
dies before committing leaves the row unclaimed for the next run. A crash after the mail server
accepted the message but before the commit would send it again on the next run: that window is
one round trip, and no mail server offers a way to close it.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impactdays.decisions.models import Commitment, Reminder
from impactdays.forums.links import edition_url

logger = logging.getLogger(__name__)

REMIND_DAYS_BEFORE = 7
REMIND_DAYS_AFTER = 1


def reminders_plan(*, today: dt.date) -> int:
    """Add the reminders of every open commitment whose due date is near; return how many.

    A reminder before the due date is planned from REMIND_DAYS_BEFORE days ahead, one after it
    once the date has passed; commitments that are done or dropped get none.
    """
    commitments = Commitment.objects.filter(
        status__in=Commitment.OPEN_STATUSES,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).values_list("pk", "due_on")
    rows = []
    for pk, due_on in commitments:
        before = due_on - dt.timedelta(days=REMIND_DAYS_BEFORE)
        if today < due_on:
            rows.append(
                Reminder(
                    commitment_id=pk,
                    kind=Reminder.Kind.BEFORE_DUE,
                    due_on=due_on,
                    send_on=before,
                )
            )
        after = due_on + dt.timedelta(days=REMIND_DAYS_AFTER)
        if today >= after:
            rows.append(
                Reminder(
                    commitment_id=pk, kind=Reminder.Kind.AFTER_DUE, due_on=due_on, send_on=after
                )
            )
    created = Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def _message(reminder: Reminder) -> tuple[str, str]:
    commitment = reminder.commitment
    url = settings.SITE_URL.rstrip("/") + edition_url(
        "decisions:decision-detail", commitment.decision.edition, pk=commitment.decision_id
    )
    values = {
        "name": commitment.committer.public_name,
        "decision": commitment.decision.title,
        "what": commitment.what,
        "due_on": commitment.due_on.isoformat(),
        "url": url,
    }
    if reminder.kind == Reminder.Kind.BEFORE_DUE:
        subject = _("Your commitment is due on %(due_on)s") % values
        body = (
            _(
                "Hello %(name)s,\n\nyou committed to “%(what)s” for the decision “%(decision)s”, "
                "due on %(due_on)s. Post an update or change its status here: %(url)s\n"
            )
            % values
        )
    else:
        subject = _("Your commitment was due on %(due_on)s") % values
        body = (
            _(
                "Hello %(name)s,\n\nyour commitment “%(what)s” for the decision “%(decision)s” was "
                "due on %(due_on)s and is still open. Tell everyone how it goes: post an update, "
                "mark it done or drop it with a reason: %(url)s\n"
            )
            % values
        )
    return subject, body


def reminder_send(*, reminder_id: int, now: dt.datetime) -> bool:
    """Claim one reminder and send its e-mail in the same transaction; False if already claimed.

    A reminder whose commitment has meanwhile been done or dropped, or whose due date moved, is
    claimed without an e-mail. An error while sending rolls the claim back.
    """
    with transaction.atomic():
        claimed = Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=now)
        if not claimed:
            return False
        reminder = Reminder.objects.select_related(
            "commitment__decision__edition__series", "commitment__committer"
        ).get(pk=reminder_id)
        commitment = reminder.commitment
        if not commitment.is_open or commitment.due_on != reminder.due_on:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(reminder)
        send_mail(subject, body, None, [commitment.committer.email])
    return True


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send every planned reminder that is due and unsent; return how many e-mails went out."""
    now = now or timezone.now()
    due = Reminder.objects.filter(
        sent_at__isnull=True, send_on__lte=timezone.localdate(now)
    ).order_by("send_on", "pk")
    sent = 0
    for reminder_id in list(due.values_list("pk", flat=True)):
        if reminder_send(reminder_id=reminder_id, now=now):
            sent += 1
    return sent
