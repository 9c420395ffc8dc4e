"""API schemas of conversations: the conversation, its statements, a vote, the latest results."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, StrictInt

from impactdays.common.api import StrictIn


class ConversationOut(Schema):
    id: int
    edition_id: int
    topic: str
    description: str
    is_open: bool
    voters: str
    moderation: str
    statement_length: int


class StatementOut(Schema):
    id: int
    number: int
    text: str
    is_seed: bool


class VoteIn(StrictIn):
    statement_id: int
    # Agree 1, disagree -1, pass 0; a boolean is no vote (StrictInt refuses it).
    value: Annotated[StrictInt, Field(ge=-1, le=1)]


class VoteOut(Schema):
    statement_id: int
    value: int


class ResultsOut(Schema):
    analysed_at: dt.datetime
    votes_until: dt.datetime
    group_count: int
    consensus_agree: list[int]
    consensus_disagree: list[int]
    divisive: list[int]
    group_sizes: list[int]
