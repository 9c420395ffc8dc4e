"""API schemas of the programme: the published schedule, the caller's agenda and ranking."""

import datetime as dt

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from impactdays.common.api import StrictIn


class MaterialOut(Schema):
    title: str
    url: str


class SpeakerOut(Schema):
    id: int
    name: str
    organisation: str
    bio_html: str


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    description_html: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str | None
    place: str
    latitude: float | None
    longitude: float | None
    capacity: int | None
    languages: list[str]
    track: str
    tags: list[str]
    materials: list[MaterialOut]
    speaker_ids: list[int]


class ScheduleOut(Schema):
    version: int
    published_at: dt.datetime
    time_zone: str
    sessions: list[SessionOut]
    speakers: list[SpeakerOut]


class AgendaOut(Schema):
    session_ids: list[int]
    assigned_session_ids: list[int]


class StarIn(StrictIn):
    starred: StrictBool


class StarOut(Schema):
    session_id: int
    starred: bool


class RankingIn(StrictIn):
    # Workshop ids, best first; an empty list withdraws the ranking.
    session_ids: list[StrictInt] = Field(max_length=50)


class RankingOut(Schema):
    round_id: int
    session_ids: list[int]
