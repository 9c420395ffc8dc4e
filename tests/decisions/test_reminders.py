"""Reminders go out once: planned twice, sent by a worker that dies mid-run and by the next one."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from impactdays.decisions import reminders
from impactdays.decisions.models import Reminder
from impactdays.decisions.tasks import commitment_reminders_task
from tests.decisions.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for the worker process dying: not an Exception, so nothing on the way catches it."""


class DiesAfterOneMessage(EmailBackend):
    """Delivers one message, then the worker dies while handing over the next one."""

    delivered = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if DiesAfterOneMessage.delivered >= 1:
            raise WorkerKilled
        DiesAfterOneMessage.delivered += 1
        return super().send_messages(messages)


def _due_in(days: int, **kwargs: object):
    return CommitmentFactory(due_on=timezone.localdate() + dt.timedelta(days=days), **kwargs)


def test_reminders_plan_once_per_commitment_kind_and_due_date():
    soon = _due_in(3)
    late = _due_in(-2)
    _due_in(30)
    _due_in(3, status="done")
    today = timezone.localdate()

    first = reminders.reminders_plan(today=today)
    second = reminders.reminders_plan(today=today)

    assert set(Reminder.objects.values_list("commitment", "kind")) == {
        (soon.pk, "before_due"),
        (late.pk, "after_due"),
    }
    assert (first, Reminder.objects.count()) == (2, 2)
    assert second in (0, 2)  # bulk_create may report rows it skipped; none is added
    assert Reminder.objects.count() == 2


def test_a_reminder_goes_out_once_when_the_worker_restarts_mid_run(settings):
    committers = [_due_in(days).committer for days in (2, 3, 4)]
    settings.EMAIL_BACKEND = "tests.decisions.test_reminders.DiesAfterOneMessage"
    DiesAfterOneMessage.delivered = 0

    with pytest.raises(WorkerKilled):
        commitment_reminders_task()
    sent_before_restart = [message.to for message in mail.outbox]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    commitment_reminders_task()
    commitment_reminders_task()

    assert len(sent_before_restart) == 1
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        person.email for person in committers
    )
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0


def test_a_claimed_reminder_is_not_sent_by_a_second_worker():
    commitment = _due_in(2)
    reminders.reminders_plan(today=timezone.localdate())
    reminder = Reminder.objects.get(commitment=commitment)
    now = timezone.now()

    first = reminders.reminder_send(reminder_id=reminder.pk, now=now)
    second = reminders.reminder_send(reminder_id=reminder.pk, now=now)

    assert (first, second, len(mail.outbox)) == (True, False, 1)
    assert "due on" in mail.outbox[0].subject


def test_a_commitment_done_before_its_reminder_gets_no_email():
    commitment = _due_in(2)
    reminders.reminders_plan(today=timezone.localdate())
    commitment.status = "done"
    commitment.save()

    sent = reminders.reminders_send()

    assert (sent, len(mail.outbox)) == (0, 0)
    assert Reminder.objects.get().sent_at is not None


def test_a_reminder_after_the_due_date_asks_for_news():
    commitment = _due_in(-3)

    commitment_reminders_task()

    assert [message.to for message in mail.outbox] == [[commitment.committer.email]]
    assert "was due" in mail.outbox[0].subject


def test_the_beat_task_records_the_outcome_of_polls_that_closed(edition, participant):
    from impactdays.decisions.models import Decision
    from impactdays.decisions.tasks import decision_polls_close_task
    from tests.decisions.conftest import open_poll
    from tests.decisions.factories import DecisionFactory

    closed = open_poll(DecisionFactory(edition=edition))
    still_open = open_poll(DecisionFactory(edition=edition))
    Decision.objects.filter(pk=closed.pk).update(poll_closes_at=timezone.now())

    recorded = decision_polls_close_task()

    assert recorded == 1
    assert Decision.objects.get(pk=closed.pk).status == "rejected"  # nobody voted: no quorum
    assert Decision.objects.get(pk=still_open.pk).status == "polling"
