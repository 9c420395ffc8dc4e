"""Background work for open calls; thin wrappers that load objects and call services."""

import logging

from celery import shared_task

from impactdays.applications.models import Application
from impactdays.applications.services import application_receipt_send

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_receipt_task(application_id: int) -> int:
    application = (
        Application.objects.select_related("call__edition__series", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        logger.warning("application %s vanished before its receipt was sent", application_id)
        return 0
    return application_receipt_send(application=application)
