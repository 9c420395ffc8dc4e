"""The published schedule as files other programs read: iCalendar (RFC 5545, with `icalendar`)
and the frab schedule in JSON and XML (the format conference apps such as Giggity and
EventFahrplan read; tests validate it against the voc/schedule schemas).

Everything here works on a PublishedSchedule (selectors), never on the working programme.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

import icalendar
from django.conf import settings
from django.utils.html import strip_tags
from slugify import slugify

from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.programme.selectors import PublicSession, PublishedSchedule

# uuid5 namespace of this site's sessions: the same session keeps its guid across versions.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://impactdays.org/programme/session")
PRODID = "-//Impact Days//Programme//EN"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def session_url(edition: Edition, session_id: int) -> str:
    return _absolute(edition_url("programme:session-detail", edition, pk=session_id))


def session_guid(edition: Edition, session_id: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{edition.pk}/{session_id}"))


def _plain(html: str) -> str:
    return strip_tags(html).strip()


# iCalendar.


def calendar_for(
    edition: Edition,
    schedule: PublishedSchedule,
    sessions: Iterable[PublicSession],
    name: str,
    notes: Mapping[int, list[str]] | None = None,
) -> bytes:
    """An iCalendar file with one VEVENT per session, times in UTC, stable UIDs.

    `notes` (session id → lines: a person's team…) open the descriptions of a personal feed.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(schedule.time_zone))
    stamp = schedule.version.published_at
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"{session_guid(edition, session.id)}@impactdays")
        event.add("dtstamp", stamp)
        event.add("sequence", schedule.version.number)
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", session.title)
        speakers = ", ".join(speaker.name for speaker in session.speakers)
        description = _plain(session.description_html)
        personal = "\n".join((notes or {}).get(session.id, []))
        event.add("description", "\n\n".join(t for t in (personal, speakers, description) if t))
        if session.where:
            event.add("location", session.where)
        if session.latitude is not None and session.longitude is not None:
            event.add("geo", (session.latitude, session.longitude))
        event.add("url", session_url(edition, session.id))
        event.add("categories", [session.kind_label])
        calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content


# frab.


def _acronym(edition: Edition) -> str:
    acronym = slugify(edition.slug, separator="_") or "edition"
    return acronym if len(acronym) >= 4 else f"{acronym}_{edition.year}"


def _slug(acronym: str, session: PublicSession) -> str:
    return f"{acronym}-{session.id}-{slugify(session.title)[:60].strip('-') or 'session'}"


def _duration(session: PublicSession) -> str:
    return f"{session.minutes // 60:02d}:{session.minutes % 60:02d}"


def _event(edition: Edition, acronym: str, session: PublicSession) -> dict[str, Any]:  # Any: JSON
    return {
        "id": session.id,
        "guid": session_guid(edition, session.id),
        "date": session.starts_at.isoformat(),
        "start": session.starts_at.strftime("%H:%M"),
        "duration": _duration(session),
        "room": session.where,
        "slug": _slug(acronym, session),
        "url": session_url(edition, session.id),
        "title": session.title,
        "subtitle": "",
        "track": session.track or None,
        "type": session.kind,
        "language": session.languages[0] if session.languages else None,
        "abstract": _plain(session.description_html),
        "description": session.description_html,
        "persons": [{"id": s.id, "public_name": s.name} for s in session.speakers],
        "links": [{"url": m["url"], "title": m["title"]} for m in session.materials],
    }


def _days(schedule: PublishedSchedule) -> list[tuple[dt.date, list[PublicSession]]]:
    days: dict[dt.date, list[PublicSession]] = {}
    for session in schedule.sessions:
        days.setdefault(session.day, []).append(session)
    return sorted(days.items())


def _day_bounds(day: dt.date, schedule: PublishedSchedule) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=schedule.time_zone)
    return start, start + dt.timedelta(days=1)


def frab_json(edition: Edition, schedule: PublishedSchedule) -> dict[str, Any]:  # Any: JSON
    """The schedule in frab's JSON (voc/schedule validator/json/schema.json)."""
    acronym = _acronym(edition)
    days = _days(schedule)
    room_names = [room.name for room in schedule.rooms]
    if any(session.room is None for session in schedule.sessions):
        room_names += sorted({s.place or "—" for s in schedule.sessions if s.room is None})
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "impactdays", "version": "1"},
        "schedule": {
            "version": str(schedule.version.number),
            "base_url": _absolute("/"),
            "conference": {
                "acronym": acronym,
                "title": edition.title,
                "start": edition.starts_on.isoformat(),
                "end": edition.ends_on.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": "00:15",
                "time_zone_name": str(schedule.time_zone),
                "url": _absolute(edition.get_absolute_url()),
                "rooms": [
                    {"name": name, "guid": str(uuid.uuid5(_NAMESPACE, f"{edition.pk}/room/{name}"))}
                    for name in room_names
                ],
                "days": [
                    {
                        "index": index,
                        "date": day.isoformat(),
                        "day_start": _day_bounds(day, schedule)[0].isoformat(),
                        "day_end": _day_bounds(day, schedule)[1].isoformat(),
                        "rooms": _rooms_of_day(edition, acronym, sessions),
                    }
                    for index, (day, sessions) in enumerate(days, start=1)
                ],
            },
        },
    }


def _rooms_of_day(
    edition: Edition, acronym: str, sessions: list[PublicSession]
) -> dict[str, list[dict[str, Any]]]:  # Any: JSON
    rooms: dict[str, list[dict[str, Any]]] = {}
    for session in sessions:
        rooms.setdefault(session.where or "—", []).append(_event(edition, acronym, session))
    return rooms


def frab_xml(edition: Edition, schedule: PublishedSchedule) -> bytes:
    """The schedule in frab's XML (voc/schedule validator/xsd/schedule.xml.xsd)."""
    data = frab_json(edition, schedule)["schedule"]
    conference = data["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="impactdays", version="1")
    ET.SubElement(root, "version").text = data["version"]
    element = ET.SubElement(root, "conference")
    for name in ("title", "acronym", "start", "end"):
        ET.SubElement(element, name).text = conference[name]
    ET.SubElement(element, "days").text = str(conference["daysCount"])
    ET.SubElement(element, "timeslot_duration").text = conference["timeslot_duration"]
    ET.SubElement(element, "base_url").text = data["base_url"]
    ET.SubElement(element, "time_zone_name").text = conference["time_zone_name"]
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, events in day["rooms"].items():
            room = ET.SubElement(day_element, "room", name=room_name, guid=guids[room_name])
            for event in events:
                _xml_event(room, event)
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return content


def _xml_event(room: ET.Element, event: dict[str, Any]) -> None:  # Any: JSON
    element = ET.SubElement(room, "event", id=str(event["id"]), guid=event["guid"])
    for name in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle"):
        ET.SubElement(element, name).text = str(event[name])
    ET.SubElement(element, "track").text = event["track"] or ""
    ET.SubElement(element, "type").text = event["type"]
    ET.SubElement(element, "language").text = event["language"] or ""
    ET.SubElement(element, "abstract").text = event["abstract"]
    ET.SubElement(element, "description").text = event["description"]
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        ET.SubElement(persons, "person", id=str(person["id"])).text = person["public_name"]
    links = ET.SubElement(element, "links")
    for link in event["links"]:
        ET.SubElement(links, "link", href=link["url"]).text = link["title"]
