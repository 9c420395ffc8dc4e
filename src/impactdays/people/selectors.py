"""Reads of people data used in more than one place."""

from django.db.models import QuerySet

from impactdays.people.models import ApiToken, ConsentKind, ConsentRecord, User


def consent_records_current(user: User) -> dict[str, ConsentRecord]:
    """The record in force for each kind of consent `user` has ever answered: the newest one."""
    current: dict[str, ConsentRecord] = {}
    # Newest first, with the id breaking ties between records made in the same instant.
    for record in user.consent_records.order_by("-recorded_at", "-id"):
        current.setdefault(record.kind, record)
    return current


def consents_of(user: User) -> dict[str, bool]:
    """Whether `user` currently gives each kind of consent; never answered counts as not given."""
    current = consent_records_current(user)
    return {kind: kind in current and current[kind].is_given for kind in ConsentKind.values}


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The API tokens of `user`, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
