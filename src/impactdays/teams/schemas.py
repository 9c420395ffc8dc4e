"""API schemas of creative sessions: sessions with their topics, teams with members, canvases."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, StrictInt

from impactdays.common.api import StrictIn, Text, length
from impactdays.teams.models import Canvas, CreativeSession, Team, Topic
from impactdays.teams.services import SECTION_MAX

SectionText = Annotated[Text, length(SECTION_MAX)]


class TopicOut(Schema):
    id: int
    title: str
    # The edition's challenge the topic is (challenges API ids); None for a free topic.
    challenge: int | None

    @classmethod
    def of(cls, topic: Topic) -> "TopicOut":
        return cls(id=topic.pk, title=str(topic.title), challenge=topic.challenge_id)


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime | None
    min_team_size: int
    max_team_size: int
    preference: str
    published_at: dt.datetime | None
    # The programme's session of kind "creative session" it takes place in (programme ids).
    programme_session: int | None
    topics: list[TopicOut]

    @staticmethod
    def resolve_programme_session(session: CreativeSession) -> int | None:
        return session.programme_session_id

    @staticmethod
    def resolve_topics(session: CreativeSession) -> list[TopicOut]:
        return [TopicOut.of(topic) for topic in session.topics.all()]


class MemberOut(Schema):
    id: int
    name: str


class TeamOut(Schema):
    id: int
    number: int
    topic: TopicOut | None
    is_locked: bool
    members: list[MemberOut]
    has_canvas: bool

    @staticmethod
    def resolve_topic(team: Team) -> TopicOut | None:
        return TopicOut.of(team.topic) if team.topic else None

    @staticmethod
    def resolve_members(team: Team) -> list[MemberOut]:
        return [
            MemberOut(id=member.user.pk, name=member.user.public_name)
            for member in team.members.all()
        ]

    @staticmethod
    def resolve_has_canvas(team: Team) -> bool:
        return hasattr(team, "canvas")


class CanvasOut(Schema):
    team_id: int
    version: int
    sections: dict[str, str]
    updated_at: dt.datetime

    @staticmethod
    def resolve_sections(canvas: Canvas) -> dict[str, str]:
        return {str(key): str(value) for key, value in canvas.sections.items()}


class CanvasIn(StrictIn):
    """The sections that change; `version` is the canvas's version as read (409 if it moved on)."""

    version: StrictInt = Field(ge=0, le=2**31 - 1)
    problem: SectionText | None = None
    idea: SectionText | None = None
    who_benefits: SectionText | None = None
    partners_needed: SectionText | None = None
    resources: SectionText | None = None
    first_steps: SectionText | None = None
