"""Background work for decisions: thin wrappers for Celery beat that call the services."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from impactdays.decisions import reminders, services
from impactdays.decisions.models import Decision

logger = logging.getLogger(__name__)


@shared_task
def commitment_reminders_task() -> int:
    """Plan the reminders that became due and send them, each once (decisions.reminders)."""
    now = timezone.now()
    reminders.reminders_plan(today=timezone.localdate(now))
    return reminders.reminders_send(now=now)


@shared_task
def decision_polls_close_task() -> int:
    """Record the outcome of every poll whose closing time has passed."""
    recorded = 0
    for decision in Decision.objects.filter(
        status=Decision.Status.POLLING, poll_closes_at__lte=timezone.now()
    ).select_related("edition"):
        try:
            services.decision_outcome_record(decision=decision, actor=None)
        except ValidationError:
            logger.warning("the outcome of decision %s could not be recorded", decision.pk)
        else:
            recorded += 1
    return recorded
