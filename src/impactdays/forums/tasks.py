"""Background work for forums; thin wrappers that load objects and call services."""

import logging

from celery import shared_task

from impactdays.forums.models import Edition
from impactdays.forums.services import edition_published_notify

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def edition_published_notify_task(edition_id: int) -> int:
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        logger.warning("edition %s vanished before its publication e-mails were sent", edition_id)
        return 0
    sent = edition_published_notify(edition=edition)
    logger.info("edition %s published: %s e-mails sent", edition_id, sent)
    return sent
