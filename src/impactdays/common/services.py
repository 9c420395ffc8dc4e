"""Writes shared by every app."""

from typing import Any

from django.db import models

from impactdays.common.models import AuditEntry


def audit_record(
    *,
    actor: models.Model | None,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
    edition: models.Model | None = None,
) -> AuditEntry:
    """Append one entry to the audit log.

    `action` is the service's name (`edition_publish`); `data` holds what changed, JSON-safe;
    `edition` is the edition the action belongs to, when it belongs to one.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,  # type: ignore[misc]  # AUTH_USER_MODEL
        edition=edition,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
