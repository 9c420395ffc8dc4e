"""Background work for open calls; thin wrappers that load objects and call services."""

import logging

from celery import shared_task

from impactdays.applications.invitations import invitation_mail_send, invitations_expire
from impactdays.applications.models import Application, Invitation, SelectionRun
from impactdays.applications.selection import STALE_AFTER_SECONDS, selection_run_execute
from impactdays.applications.services import application_receipt_send
from impactdays.forums.models import Edition

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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_mail_task(invitation_id: int) -> int:
    invitation = (
        Invitation.objects.select_related("run__call__edition__series", "application__applicant")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        logger.warning("invitation %s vanished before its e-mail was sent", invitation_id)
        return 0
    return invitation_mail_send(invitation=invitation)


@shared_task
def invitations_expire_task() -> int:
    """Expire overdue invitations in every edition at the selection stage (for Celery beat)."""
    replaced = 0
    for edition in Edition.objects.filter(status=Edition.Status.SELECTION):
        replaced += len(invitations_expire(edition=edition, actor=None))
    return replaced


# The hard limit stops a worker stuck past the computation's own time limit (large pools only);
# selection_run_start then marks the run failed.
@shared_task(time_limit=int(STALE_AFTER_SECONDS))
def selection_run_task(run_id: int) -> str:
    """Compute a queued selection run; its row records the progress and the outcome."""
    run = (
        SelectionRun.objects.select_related("call__edition", "started_by").filter(pk=run_id).first()
    )
    if run is None:
        logger.warning("selection run %s vanished before it was computed", run_id)
        return ""
    return str(selection_run_execute(run=run).status)
