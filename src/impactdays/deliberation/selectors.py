"""Reads of deliberation data: what a voter sees next, and how far they have come."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from impactdays.deliberation.models import Conversation, Statement, Voter


def visible_statements(conversation: Conversation) -> QuerySet[Statement]:
    """The statements open for votes: accepted, or not yet moderated under post-moderation."""
    shown = Q(moderation=Statement.Moderation.ACCEPTED)
    if conversation.moderation == Conversation.Moderation.POST:
        shown |= Q(moderation=Statement.Moderation.UNMODERATED)
    return conversation.statements.filter(shown)


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int


def voter_progress(conversation: Conversation, voter: Voter | None) -> Progress:
    """How many of the visible statements the voter has voted on."""
    statements = visible_statements(conversation)
    voted = 0 if voter is None else statements.filter(votes__voter=voter).count()
    return Progress(voted=voted, total=statements.count())


def next_statement_for(
    conversation: Conversation, voter: Voter | None, priorities: dict[int, float] | None = None
) -> Statement | None:
    """The next statement the voter has not voted on, or None when none is left.

    With the analysis's priorities (statement id -> priority), the highest first; without them
    (no analysis yet), seeds first, then the statements with the fewest votes, oldest first.
    """
    remaining = visible_statements(conversation)
    if voter is not None:
        remaining = remaining.exclude(votes__voter=voter)
    if priorities:
        ids = list(remaining.values_list("pk", flat=True))
        if ids:
            best = max(ids, key=lambda pk: (priorities.get(pk, 0.0), -pk))
            return remaining.get(pk=best)
        return None
    return (
        remaining.annotate(vote_count=Count("votes"))
        .order_by("-is_seed", "vote_count", "number")
        .first()
    )
