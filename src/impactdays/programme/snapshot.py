"""A published schedule is a snapshot: every session, speaker and room as plain JSON.

The public pages, the calendar feeds and the frab exports all read one ScheduleVersion row,
so they cost the same few queries whatever the programme's size. Translated texts are kept
per language (descriptions also rendered to sanitised HTML) and chosen when shown.
"""

from typing import Any

from django.db.models import Prefetch

from impactdays.common.translated import content_languages, translations_of
from impactdays.forums.models import Edition, Room
from impactdays.programme.markup import markdown_html
from impactdays.programme.models import Session, Speaker

# Any: JSON values
Snapshot = dict[str, Any]
# The fields whose change moves a session (people must look at their agenda again).
MOVE_FIELDS = ("starts_at", "ends_at", "room", "place")


def _html(texts: dict[str, str | None]) -> dict[str, str]:
    return {code: markdown_html(text or "") for code, text in texts.items()}


def session_data(session: Session) -> dict[str, Any]:  # Any: JSON values
    description = translations_of(session, "description")
    return {
        "id": session.pk,
        "kind": session.kind,
        "title": translations_of(session, "title"),
        "description": description,
        "description_html": _html(description),
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": session.room_id,
        "place": session.place,
        "latitude": session.latitude,
        "longitude": session.longitude,
        "capacity": session.capacity,
        "languages": list(session.languages),
        "track": session.track,
        "tags": list(session.tags),
        "materials": list(session.materials),
        "speakers": [speaker.pk for speaker in session.speakers.all()],
    }


def _speaker_data(speaker: Speaker) -> dict[str, Any]:  # Any: JSON values
    bio = translations_of(speaker, "bio")
    return {
        "id": speaker.pk,
        "name": speaker.name,
        "organisation": speaker.organisation,
        "bio": bio,
        "bio_html": _html(bio),
        "photo": speaker.photo.url if speaker.photo else "",
    }


def _room_data(room: Room) -> dict[str, Any]:  # Any: JSON values
    return {
        "id": room.pk,
        "name": translations_of(room, "name"),
        "venue": room.venue.name,
        "capacity": room.capacity,
    }


def schedule_snapshot(edition: Edition) -> Snapshot:
    """The edition's working programme as the JSON a ScheduleVersion stores (four queries)."""
    sessions = list(
        Session.objects.filter(edition=edition)
        .order_by("starts_at", "pk")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
    )
    room_ids = {session.room_id for session in sessions if session.room_id}
    rooms = Room.objects.filter(pk__in=room_ids).select_related("venue")
    speaker_ids = {speaker.pk for session in sessions for speaker in session.speakers.all()}
    speakers = Speaker.objects.filter(pk__in=speaker_ids).order_by("name")
    return {
        "languages": content_languages(),
        "time_zone": edition.time_zone,
        "sessions": [session_data(session) for session in sessions],
        "speakers": [_speaker_data(speaker) for speaker in speakers],
        "rooms": [
            _room_data(room) for room in sorted(rooms, key=lambda r: (r.venue.name, r.name, r.pk))
        ],
    }


def schedule_changes(previous: Snapshot | None, current: Snapshot) -> dict[str, list[int]]:
    """Sessions added, removed, moved (time or place) and otherwise changed since `previous`."""
    before = {s["id"]: s for s in (previous or {}).get("sessions", [])}
    after = {s["id"]: s for s in current["sessions"]}
    common = sorted(before.keys() & after.keys())
    moved = [i for i in common if any(before[i][f] != after[i][f] for f in MOVE_FIELDS)]
    changed = [i for i in common if i not in moved and before[i] != after[i]]
    speakers_before = {s["id"]: s for s in (previous or {}).get("speakers", [])}
    speakers_after = {s["id"]: s for s in current["speakers"]}
    for speaker_id, speaker in speakers_after.items():
        if speakers_before.get(speaker_id, speaker) != speaker:
            changed += [
                i for i in common if speaker_id in after[i]["speakers"] and i not in changed
            ]
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "moved": moved,
        "changed": sorted(set(changed) - set(moved)),
    }
