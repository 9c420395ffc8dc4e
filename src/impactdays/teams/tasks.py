"""Background work for creative sessions; thin wrappers that load objects and call services."""

import logging

from celery import shared_task

from impactdays.teams.models import FormationRun
from impactdays.teams.services import formation_run_execute

logger = logging.getLogger(__name__)


@shared_task
def formation_run_task(run_id: int) -> str:
    run = FormationRun.objects.select_related("session__edition").filter(pk=run_id).first()
    if run is None:
        logger.warning("formation run %s vanished before it ran", run_id)
        return "vanished"
    return str(formation_run_execute(run=run).status)
