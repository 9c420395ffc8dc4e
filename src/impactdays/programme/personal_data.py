"""The programme's part of a person's data export (people.personal_data): their stars,
rankings, workshop placements, agenda links (without their secrets) and speaker profiles."""

from typing import Any

from impactdays.people.models import User
from impactdays.programme.models import AgendaLink, Preference, Speaker, Star, WorkshopAssignment


def programme_data_of(user: User) -> dict[str, Any]:  # Any: JSON values
    return {
        "starred_sessions": [
            {"edition": star.session.edition_id, "session": star.session.title}
            for star in Star.objects.filter(user=user).select_related("session")
        ],
        "workshop_rankings": [
            {"round": p.round.title, "rank": p.rank, "session": p.session.title}
            for p in Preference.objects.filter(user=user).select_related("round", "session")
        ],
        "workshop_placements": [
            {"round": a.round.title, "session": a.session.title, "by_hand": a.is_manual}
            for a in WorkshopAssignment.objects.filter(user=user).select_related("round", "session")
        ],
        "agenda_links": [
            {
                "edition": link.edition_id,
                "created_at": link.created_at.isoformat(),
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
            }
            for link in AgendaLink.objects.filter(user=user)
        ],
        "speaker_profiles": [
            {"edition": s.edition_id, "name": s.name, "organisation": s.organisation, "bio": s.bio}
            for s in Speaker.objects.filter(user=user)
        ],
    }
