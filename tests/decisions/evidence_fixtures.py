"""One citable record of each kind in an edition: a consensus statement (85% agree), a team's
idea canvas in a published session, an observation with a photo, an accepted challenge."""

from dataclasses import dataclass

from django.utils import timezone

from impactdays.challenges.models import Challenge, Observation, Photo
from impactdays.deliberation.models import Analysis, Statement
from impactdays.forums.models import Edition
from impactdays.teams.models import Canvas
from tests.challenges.factories import ChallengeFactory, ObservationFactory, jpeg_upload
from tests.deliberation.factories import ConversationFactory, StatementFactory
from tests.teams.factories import CanvasFactory, SessionFactory, TeamFactory


@dataclass
class Citable:
    statement: Statement
    canvas: Canvas
    observation: Observation
    challenge: Challenge

    def record(self, kind: str) -> Statement | Canvas | Observation | Challenge:
        return {
            "statement": self.statement,
            "idea": self.canvas,
            "observation": self.observation,
            "challenge": self.challenge,
        }[kind]

    def reference(self, kind: str) -> int:
        return self.record(kind).pk


def citable_in(edition: Edition) -> Citable:
    conversation = ConversationFactory(edition=edition)
    statement = StatementFactory(conversation=conversation, text="Courtyards should stay open")
    now = timezone.now()
    Analysis.objects.create(
        conversation=conversation,
        state=b"",
        result={
            "consensus_agree": [statement.pk],
            "consensus_disagree": [],
            "group_votes": {str(statement.pk): [[8, 1, 10], [9, 0, 10]]},
        },
        votes_until=now,
        analysed_at=now,
    )
    session = SessionFactory(edition=edition, published_at=now)
    canvas = CanvasFactory(
        team=TeamFactory(session=session),
        sections={"idea": "A courtyard market on Saturdays\nMore text"},
    )
    observation = ObservationFactory(edition=edition, text="The gate is locked at noon")
    Photo.objects.create(
        edition=edition,
        observation=observation,
        image=jpeg_upload(),
        thumbnail=jpeg_upload(name="thumb.jpg"),
        width=64,
        height=48,
    )
    challenge = ChallengeFactory(edition=edition, title="How might we open the gates?")
    return Citable(statement, canvas, observation, challenge)
