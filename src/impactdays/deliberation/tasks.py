"""Background work for conversations; thin wrappers that load objects and call the analysis."""

import logging

from celery import shared_task

from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Conversation

logger = logging.getLogger(__name__)


@shared_task
def conversation_analyze_task(conversation_id: int) -> int:
    """Analyse one conversation; the number of voters placed (0 when it has no votes)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        logger.warning("conversation %s vanished before its analysis", conversation_id)
        return 0
    analysis = analysis_run(conversation)
    return 0 if analysis is None else len(analysis.result.get("points", []))
