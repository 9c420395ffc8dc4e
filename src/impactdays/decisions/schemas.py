"""API shapes of decisions: what an edition decided and why, its polls' outcomes, who committed
to what and how it goes; and the strict input of votes, commitments and updates."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Strict, StrictInt

from impactdays.common.api import StrictIn, Text, length
from impactdays.decisions.evidence import evidence_shown
from impactdays.decisions.models import SCORE_MAX, SCORE_MIN, Commitment, Decision, Vote
from impactdays.forums.schemas import IsoDate, _documented


class EvidenceReferenceOut(Schema):
    """The record a piece of evidence cites: its id in its own app, a title and its page."""

    id: int
    title: str
    url: str
    detail: str


class EvidenceOut(Schema):
    kind: str
    summary: str
    url: str
    reference: EvidenceReferenceOut | None


class DecisionVersionOut(Schema):
    version: int
    is_adopted: bool
    poll_kind: str
    agree_count: int
    abstain_count: int
    disagree_count: int
    block_count: int
    score_mean: float | None
    voter_count: int
    participant_count: int
    quorum_percent: int
    threshold_percent: int
    decided_at: dt.datetime
    revised_at: dt.datetime | None
    revision_reason: str


class DecisionOut(Schema):
    id: int
    edition_id: int
    title: str
    text: str
    status: str
    version: int
    poll_kind: str
    poll_opens_at: dt.datetime | None
    poll_closes_at: dt.datetime | None
    quorum_percent: int
    threshold_percent: int
    evidence: list[EvidenceOut]
    versions: list[DecisionVersionOut]

    @staticmethod
    def resolve_evidence(decision: Decision) -> list[EvidenceOut]:
        """What the public sees: cited records that are hidden or gone are left out."""
        return [
            EvidenceOut(
                kind=shown.evidence.kind,
                summary=str(shown.evidence.summary),
                url=shown.evidence.url,
                reference=None
                if shown.cited is None
                else EvidenceReferenceOut(
                    id=shown.evidence.object_id or 0,
                    title=shown.cited.title,
                    url=shown.cited.url,
                    detail=shown.cited.detail,
                ),
            )
            for shown in evidence_shown(
                list(decision.evidence.all()), decision.edition, with_hidden=False
            )
        ]

    @staticmethod
    def resolve_versions(decision: Decision) -> list[object]:
        return list(decision.versions.all())


class CommitmentUpdateOut(Schema):
    id: int
    happened_on: dt.date
    text: str
    link: str
    photo_url: str | None

    @staticmethod
    def resolve_photo_url(update: object) -> str | None:
        photo = getattr(update, "photo", None)
        return photo.url if photo else None


class CommitmentOut(Schema):
    id: int
    decision_id: int
    who: str
    committer_name: str
    organisation_id: int | None
    what: str
    resources: str
    due_on: dt.date
    status: str
    drop_reason: str
    status_changed_at: dt.datetime | None

    @staticmethod
    def resolve_committer_name(commitment: Commitment) -> str:
        return str(commitment.committer.public_name)


class VoteIn(StrictIn):
    """A consent vote (`choice`, a block with its `reason`) or a score vote (`score`)."""

    choice: Annotated[Vote.Choice, Strict(False)] | None = None
    score: Annotated[StrictInt, _documented(minimum=SCORE_MIN, maximum=SCORE_MAX)] | None = None
    reason: Annotated[Text, length(2000)] = ""


class VoteOut(Schema):
    decision_id: int
    version: int
    choice: str
    score: int | None
    reason: str


class CommitmentIn(StrictIn):
    """A commitment in the caller's own name, or for one of the edition's partner organisations."""

    what: Annotated[Text, length(2000, min_length=1)]
    resources: Annotated[Text, length(2000)] = ""
    due_on: IsoDate
    organisation_id: StrictInt | None = None


class CommitmentStatusIn(StrictIn):
    to: Annotated[Commitment.Status, Strict(False)]
    reason: Annotated[Text, length(2000)] = ""


class CommitmentUpdateIn(StrictIn):
    """A dated update; photos are posted on the decision's page."""

    happened_on: IsoDate
    text: Annotated[Text, length(5000, min_length=1)]
    link: Annotated[Text, length(200)] = ""
