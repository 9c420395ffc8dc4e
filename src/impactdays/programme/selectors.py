"""Reads of the programme: the published schedule (one row), a person's agenda, warnings.

The public pages read `schedule_published`, which turns the newest ScheduleVersion's snapshot
into small objects in the reader's language; it costs one query whatever the programme's size.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import resolution_order

from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.programme.agenda_sources import agenda_sources_condition
from impactdays.programme.models import (
    AgendaLink,
    ScheduleVersion,
    Session,
    Star,
    WorkshopAssignment,
)


def _text(texts: dict[str, str | None]) -> str:
    for code in resolution_order(get_language() or "en"):
        if texts.get(code):
            return str(texts[code])
    return next((str(t) for t in texts.values() if t), "")


@dataclass(frozen=True)
class PublicRoom:
    id: int
    name: str
    venue: str
    capacity: int


@dataclass(frozen=True)
class PublicSpeaker:
    id: int
    name: str
    organisation: str
    bio_html: str
    photo: str
    session_ids: tuple[int, ...] = ()


@dataclass
class PublicSession:
    id: int
    kind: str
    kind_label: str
    title: str
    description_html: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: PublicRoom | None
    place: str
    latitude: float | None
    longitude: float | None
    capacity: int | None
    languages: list[str]
    track: str
    tags: list[str]
    materials: list[dict[str, str]]
    speakers: list[PublicSpeaker] = field(default_factory=list)
    # The first 100 characters of the title's language-independent data: for the feeds' UID.
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # Any: JSON values

    @property
    def where(self) -> str:
        return self.room.name if self.room else self.place

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class GridCell:
    sessions: list[PublicSession]
    rowspan: int


@dataclass
class GridRow:
    time: dt.datetime
    cells: list[GridCell | None]  # None: the cell is covered by a session above


@dataclass
class DayGrid:
    day: dt.date
    columns: list[str]
    rows: list[GridRow]
    by_time: list[tuple[dt.datetime, list[PublicSession]]]


@dataclass
class PublishedSchedule:
    version: ScheduleVersion
    time_zone: zoneinfo.ZoneInfo
    sessions: list[PublicSession]
    speakers: list[PublicSpeaker]
    rooms: list[PublicRoom]

    def session(self, pk: int) -> PublicSession | None:
        return next((s for s in self.sessions if s.id == pk), None)

    def speaker(self, pk: int) -> PublicSpeaker | None:
        return next((s for s in self.speakers if s.id == pk), None)

    @property
    def tracks(self) -> list[str]:
        return sorted({s.track for s in self.sessions if s.track})

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return sorted({(s.kind, s.kind_label) for s in self.sessions}, key=lambda k: k[1])

    @property
    def languages(self) -> list[str]:
        return sorted({code for s in self.sessions for code in s.languages})

    def filtered(
        self, *, kind: str = "", track: str = "", language: str = ""
    ) -> list[PublicSession]:
        return [
            s
            for s in self.sessions
            if (not kind or s.kind == kind)
            and (not track or s.track == track)
            and (not language or language in s.languages)
        ]


def _session(raw: dict[str, Any], tz: zoneinfo.ZoneInfo, rooms: dict[int, PublicRoom],
             speakers: dict[int, PublicSpeaker]) -> PublicSession:  # fmt: skip
    return PublicSession(
        id=raw["id"],
        kind=raw["kind"],
        kind_label=str(Session.Kind(raw["kind"]).label)
        if raw["kind"] in Session.Kind.values
        else raw["kind"],
        title=_text(raw["title"]),
        description_html=_text(raw["description_html"]),
        starts_at=dt.datetime.fromisoformat(raw["starts_at"]).astimezone(tz),
        ends_at=dt.datetime.fromisoformat(raw["ends_at"]).astimezone(tz),
        room=rooms.get(raw["room"]) if raw["room"] else None,
        place=raw["place"],
        latitude=raw["latitude"],
        longitude=raw["longitude"],
        capacity=raw["capacity"],
        languages=raw["languages"],
        track=raw["track"],
        tags=raw["tags"],
        materials=raw["materials"],
        speakers=[speakers[i] for i in raw["speakers"] if i in speakers],
        raw=raw,
    )


def schedule_from_version(version: ScheduleVersion) -> PublishedSchedule:
    data = version.data
    tz = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
    rooms = {
        r["id"]: PublicRoom(r["id"], _text(r["name"]), r["venue"], r["capacity"])
        for r in data["rooms"]
    }
    sessions_of: dict[int, list[int]] = defaultdict(list)
    for raw in data["sessions"]:
        for speaker_id in raw["speakers"]:
            sessions_of[speaker_id].append(raw["id"])
    speakers = {
        s["id"]: PublicSpeaker(
            s["id"],
            s["name"],
            s["organisation"],
            _text(s["bio_html"]),
            s["photo"],
            tuple(sessions_of[s["id"]]),
        )
        for s in data["speakers"]
    }
    return PublishedSchedule(
        version=version,
        time_zone=tz,
        sessions=[_session(raw, tz, rooms, speakers) for raw in data["sessions"]],
        speakers=sorted(speakers.values(), key=lambda s: s.name),
        rooms=list(rooms.values()),
    )


def schedule_published(edition: Edition) -> PublishedSchedule | None:
    """The newest published version of the edition's schedule; None before the first (one query)."""
    version = ScheduleVersion.objects.filter(edition=edition).order_by("-number").first()
    return schedule_from_version(version) if version else None


def day_grids(sessions: list[PublicSession], rooms: list[PublicRoom]) -> list[DayGrid]:
    """Per day: a table of rooms by times (rowspans for long sessions) and a plain time list."""
    elsewhere = _("Elsewhere")
    grids = []
    days = sorted({s.day for s in sessions})
    for day in days:
        todays = [s for s in sessions if s.day == day]
        used = {s.room.id for s in todays if s.room}
        columns_rooms = [r for r in rooms if r.id in used]
        has_elsewhere = any(s.room is None for s in todays)
        columns = [r.name for r in columns_rooms] + ([elsewhere] if has_elsewhere else [])
        keys: list[int | None] = [r.id for r in columns_rooms] + ([None] if has_elsewhere else [])
        times = sorted({s.starts_at for s in todays} | {s.ends_at for s in todays})
        index = {time: i for i, time in enumerate(times)}
        rows = [GridRow(time=time, cells=[None] * len(keys)) for time in times[:-1]]
        for column, key in enumerate(keys):
            here = sorted(
                (s for s in todays if (s.room.id if s.room else None) == key),
                key=lambda s: (s.starts_at, s.id),
            )
            covered_until = -1
            cell: GridCell | None = None
            for s in here:
                start, end = index[s.starts_at], index[s.ends_at]
                if cell is not None and start < covered_until:
                    # A clash: show both sessions in one cell that spans them.
                    cell.sessions.append(s)
                    if end > covered_until:
                        cell.rowspan += end - covered_until
                        covered_until = end
                    continue
                cell = GridCell(sessions=[s], rowspan=end - start)
                rows[start].cells[column] = cell
                covered_until = end
        for row in rows:
            # An empty slot (no session starts or runs there) gets an empty one-row cell.
            for column in range(len(keys)):
                if row.cells[column] is None and not _covered(rows, row, column):
                    row.cells[column] = GridCell(sessions=[], rowspan=1)
        by_time: dict[dt.datetime, list[PublicSession]] = defaultdict(list)
        for s in todays:
            by_time[s.starts_at].append(s)
        grids.append(DayGrid(day, columns, rows, sorted(by_time.items())))
    return grids


def _covered(rows: list[GridRow], row: GridRow, column: int) -> bool:
    position = rows.index(row)
    for above in range(position - 1, -1, -1):
        cell = rows[above].cells[column]
        if cell is not None:
            return above + cell.rowspan > position
    return False


# A person's agenda.


def starred_ids(*, user: User, edition: Edition) -> set[int]:
    return set(
        Star.objects.filter(user=user, session__edition=edition).values_list("session", flat=True)
    )


def assigned_ids(*, user: User, edition: Edition) -> set[int]:
    """The workshops the person was assigned to in the edition's assigned rounds."""
    return set(
        WorkshopAssignment.objects.filter(
            user=user, round__edition=edition, round__status="assigned"
        ).values_list("session", flat=True)
    )


def agenda_ids(*, user: User, edition: Edition) -> set[int]:
    """Sessions in the person's agenda: starred ones, assigned workshops, and those the apps'
    agenda sources add (a published team's creative session…), in one query."""
    condition = Q(stars__user=user) | Q(
        assignments__user=user, assignments__round__status="assigned"
    )
    from_sources = agenda_sources_condition(user)
    if from_sources is not None:
        condition |= from_sources
    return set(
        Session.objects.filter(condition, edition=edition).values_list("pk", flat=True).distinct()
    )


def agenda_link_active(*, user: User, edition: Edition) -> AgendaLink | None:
    return AgendaLink.objects.filter(user=user, edition=edition, revoked_at=None).first()


def agenda_link_by_token(token: str) -> AgendaLink | None:
    """The active link with this secret; None for an unknown or revoked one, or one of a
    closed (erased) account."""
    return (
        AgendaLink.objects.select_related("edition__series", "user")
        .filter(token=token, revoked_at=None, user__is_active=True)
        .first()
    )


# The editor.


@dataclass(frozen=True)
class Warning:
    session_id: int
    message: str


def programme_warnings(edition: Edition) -> list[Warning]:
    """What looks wrong in the working programme: rooms or speakers in two places at once,
    sessions outside the edition's dates, more seats than the room has (two queries)."""
    sessions = list(
        Session.objects.filter(edition=edition)
        .select_related("room")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
    tz = zoneinfo.ZoneInfo(edition.time_zone)
    warnings: list[Warning] = []
    for i, a in enumerate(sessions):
        local_start, local_end = a.starts_at.astimezone(tz), a.ends_at.astimezone(tz)
        if local_start.date() < edition.starts_on or local_end.date() > edition.ends_on:
            warnings.append(Warning(a.pk, _("“%(title)s” is outside the edition's dates.")
                                    % {"title": a.title}))  # fmt: skip
        if a.room and a.capacity and a.capacity > a.room.capacity:
            warnings.append(
                Warning(
                    a.pk,
                    _("“%(title)s” has %(capacity)s seats; %(room)s holds %(room_capacity)s.")
                    % {
                        "title": a.title,
                        "capacity": a.capacity,
                        "room": a.room.name,
                        "room_capacity": a.room.capacity,
                    },
                )
            )
        for b in sessions[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            if a.room_id and a.room_id == b.room_id:
                warnings.append(
                    Warning(
                        b.pk,
                        _("%(room)s holds “%(a)s” and “%(b)s” at the same time.")
                        % {"room": a.room.name if a.room else "", "a": a.title, "b": b.title},
                    )
                )
            shared = {s.name for s in a.speakers.all()} & {s.name for s in b.speakers.all()}
            shared_ids = {s.pk for s in a.speakers.all()} & {s.pk for s in b.speakers.all()}
            if shared_ids:
                warnings.append(
                    Warning(
                        b.pk,
                        _("In two places at once: %(speakers)s, in “%(a)s” and “%(b)s”.")
                        % {"speakers": ", ".join(sorted(shared)), "a": a.title, "b": b.title},
                    )
                )
    return warnings


def sessions_for_editor(edition: Edition) -> list[Session]:
    return list(
        Session.objects.filter(edition=edition)
        .select_related("room__venue")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
