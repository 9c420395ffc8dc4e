"""A person's own data, gathered for download (the right of access, GDPR art. 15).

Each app that keeps personal data adds a section to PERSONAL_DATA_SECTIONS in its
AppConfig.ready(); people itself provides the profile, consent and token sections.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from impactdays.people.models import User

# Any: each section is JSON-ready data of its own shape.
PersonalDataSection = Callable[[User], Any]
PERSONAL_DATA_SECTIONS: dict[str, PersonalDataSection] = {}


def _profile(user: User) -> dict[str, Any]:  # Any: JSON values
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "country": str(user.country),
        "organisation": user.organisation,
        "sector": user.sector,
        "languages": user.languages,
        "bio": user.bio,
        "avatar": user.avatar.name or None,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _consents(user: User) -> list[dict[str, Any]]:  # Any: JSON values
    return [
        {"kind": r.kind, "is_given": r.is_given, "recorded_at": r.recorded_at.isoformat()}
        for r in user.consent_records.order_by("recorded_at", "id")
    ]


def _api_tokens(user: User) -> list[dict[str, Any]]:  # Any: JSON values
    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in user.api_tokens.order_by("created_at")
    ]


PERSONAL_DATA_SECTIONS.update(profile=_profile, consents=_consents, api_tokens=_api_tokens)


def personal_data_of(user: User) -> dict[str, Any]:  # Any: JSON values
    """Everything the registered sections hold about `user`, with the time of the export."""
    return {
        "exported_at": timezone.now().isoformat(),
        **{name: section(user) for name, section in PERSONAL_DATA_SECTIONS.items()},
    }
