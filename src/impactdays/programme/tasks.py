"""Background work for the programme; thin wrappers that load objects and call services."""

import logging

from celery import shared_task

from impactdays.programme.models import ScheduleVersion
from impactdays.programme.services import schedule_notify as notify

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def schedule_notify_task(version_id: int) -> int:
    """Tell the people whose agenda a newly published version changes."""
    version = (
        ScheduleVersion.objects.select_related("edition__series").filter(pk=version_id).first()
    )
    if version is None:
        logger.warning("schedule version %s vanished before its notice was sent", version_id)
        return 0
    return notify(version=version)
