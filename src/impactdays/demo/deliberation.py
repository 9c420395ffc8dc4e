"""The demo's conversation: Yaroslavl 2018 on its theme, open to anonymous visitors (so the demo
can be voted on from a phone without an account), with 45 generated voters in three camps, a
hidden statement, and a finished analysis. Through the deliberation services; built once."""

import random

from impactdays.deliberation.analysis import analysis_run
from impactdays.deliberation.models import Conversation, Statement
from impactdays.deliberation.services import (
    conversation_create,
    statement_moderate,
    statement_submit,
    vote_cast,
    voter_join,
)
from impactdays.demo.builder import DemoForum
from impactdays.forums.models import EditionRole

VOTER_COUNT = 45
TOPIC = {
    "en": "How can Yaroslavl's communities work together with the city?",
    "ru": "Как сообществам Ярославля работать вместе с городом?",  # noqa: RUF001
    "de": "Wie können Jaroslawls Gemeinschaften mit der Stadt zusammenarbeiten?",
}
DESCRIPTION = {
    "en": "Unlocking Communities' Potential for Collaborative Cities: vote on each statement, "
    "or write your own.",
    "ru": "Раскрыть потенциал сообществ для совместного города: проголосуйте по каждому "
    "утверждению или напишите своё.",
    "de": "Das Potenzial von Gemeinschaften für kooperative Städte entfalten: Stimmen Sie über "
    "jede Aussage ab oder schreiben Sie eine eigene.",
}
# (text, the stance of each camp: 1 agree, -1 disagree, 0 pass)
STATEMENTS = [
    ("The city should give empty buildings to community projects for free.", (1, -1, 1)),
    ("Residents should decide part of the district budget themselves.", (1, 1, -1)),
    ("Businesses are the best partners for neighbourhood projects.", (-1, 1, 0)),
    ("Courtyards should be open to everyone, not fenced off.", (1, -1, 1)),
    ("Volunteers cannot replace the city's services.", (1, 1, 1)),
    ("The city administration should run community centres itself.", (-1, -1, 1)),
    ("Grants for local initiatives should be small and quick to get.", (1, 1, 0)),
    ("Old factory halls are better used as offices than as culture spaces.", (-1, 1, -1)),
    ("Every district needs a place where neighbours can meet.", (1, 1, 1)),
    ("Public consultations in Yaroslavl are mostly a formality.", (1, 0, -1)),
    ("Young people should have their own seats in the city's committees.", (1, 0, 1)),
]
HIDDEN = "Buy cheap watches at our shop!"


def demo_deliberation(forum: DemoForum) -> None:
    """Yaroslavl 2018's conversation with votes and an analysis; once only."""
    edition = forum.editions.get("yaroslavl")
    if edition is None or Conversation.objects.filter(edition=edition).exists():
        return
    organiser = forum.accounts.get(EditionRole.Role.ORGANISER)
    conversation = conversation_create(
        edition=edition,
        actor=organiser,
        topic=TOPIC,
        description=DESCRIPTION,
        voters=Conversation.Voters.ANONYMOUS,
        moderation=Conversation.Moderation.POST,
        seed_statements=[text for text, _stances in STATEMENTS],
    )
    rng = random.Random(2018)  # noqa: S311 -- demo data, the same on every machine
    voters = [
        voter_join(conversation=conversation, user=None, browser_key=f"demo-voter-{n}")
        for n in range(VOTER_COUNT)
    ]
    statements = list(conversation.statements.order_by("number"))
    for index, voter in enumerate(voters):
        camp = index % 3
        for statement, (_text, stances) in zip(statements, STATEMENTS, strict=True):
            if rng.random() < 0.15:
                continue  # not everyone sees every statement
            stance = stances[camp] if rng.random() < 0.85 else rng.choice((-1, 0, 1))
            vote_cast(voter=voter, statement=statement, value=stance)
    spam = statement_submit(conversation=conversation, author=voters[-1], text=HIDDEN)
    statement_moderate(statement=spam, actor=organiser, moderation=Statement.Moderation.REJECTED)
    analysis_run(conversation)
