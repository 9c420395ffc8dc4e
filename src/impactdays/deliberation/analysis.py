"""The opinion analysis of a conversation (core.opinions), run in the background and stored.

A vote asks for an analysis (`analysis_request`); at most one is queued per conversation in each
ANALYSIS_DEBOUNCE_SECONDS (a cache key), so a hall of voters costs one analysis every few seconds.
`analysis_run` starts from the stored engine state and adds only the votes since (a vote changed
since counts again: the latest per voter and statement wins); hidden statements are passed as
moderated out, as the method says. Never called inside a request.
"""

import datetime as dt
import logging

import numpy as np
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from impactdays.core.opinions import (
    OpinionAnalysis,
    conversation_analyze,
    conversation_update,
    state_from_bytes,
    state_to_bytes,
    vote_batch,
    vote_matrix_build,
)
from impactdays.deliberation.models import Analysis, Conversation, Statement, Vote

ANALYSIS_DEBOUNCE_SECONDS = 3
# Votes this much older than the state's newest are read again: a vote stamped just before the
# last analysis but committed after it is not lost (reading a vote twice changes nothing).
OVERLAP = dt.timedelta(seconds=30)
_QUEUED = "deliberation:analysis-queued:{}"
logger = logging.getLogger(__name__)


def analysis_request(conversation_id: int) -> None:
    """Queue an analysis of the conversation after the current transaction, unless one is queued."""

    def queue() -> None:
        from impactdays.deliberation.tasks import conversation_analyze_task

        if cache.add(_QUEUED.format(conversation_id), 1, timeout=ANALYSIS_DEBOUNCE_SECONDS * 10):
            conversation_analyze_task.apply_async(
                (conversation_id,), countdown=ANALYSIS_DEBOUNCE_SECONDS
            )

    transaction.on_commit(queue)


def _result(analysis: OpinionAnalysis, voter_numbers: dict[int, int]) -> dict[str, object]:
    statement_ids = analysis.statement_ids.tolist()
    counts = analysis.group_counts
    return {
        "group_count": analysis.group_count,
        "points": [
            [voter_numbers.get(int(pk), -1), round(float(x), 4), round(float(y), 4), int(group)]
            for pk, (x, y), group in zip(
                analysis.participant_ids.tolist(),
                analysis.projections.tolist(),
                analysis.group_of_participant.tolist(),
                strict=True,
            )
        ],
        "representative": [
            [
                {
                    "statement": statement_ids[item.column],
                    "agree": bool(item.is_agree),
                    "probability": round(float(item.probability), 3),
                }
                for item in group
            ]
            for group in analysis.representative
        ],
        "consensus_agree": [statement_ids[column] for column in analysis.consensus_agree],
        "consensus_disagree": [statement_ids[column] for column in analysis.consensus_disagree],
        "divisive": [statement_ids[column] for column in analysis.divisive],
        "priorities": {
            str(pk): float(priority)
            for pk, priority in zip(statement_ids, analysis.priorities.tolist(), strict=True)
        },
        "group_votes": {
            str(pk): [
                [
                    int(counts.agree[g][column]),
                    int(counts.disagree[g][column]),
                    int(counts.seen[g][column]),
                ]
                for g in range(analysis.group_count)
            ]
            for column, pk in enumerate(statement_ids)
        },
    }


# A worker that finds another's analysis stored while it computed starts again from that one.
ANALYSIS_ATTEMPTS = 5


def analysis_run(conversation: Conversation) -> Analysis | None:
    """Analyse the conversation from its stored state (or from scratch) and store the result.

    Two workers may analyse one conversation at once. Each computes from the state it read and
    stores its result only if that state is still the stored one (the first creates the row,
    a later one updates it only where `analysed_at` is unchanged); the loser starts again from
    the winner's state, so every stored state holds all the votes of the one before it.
    Returns None when the conversation has no votes yet.
    """
    cache.delete(_QUEUED.format(conversation.pk))
    for _attempt in range(ANALYSIS_ATTEMPTS):
        previous = Analysis.objects.filter(conversation=conversation).first()
        fields = _analysis_fields(conversation, previous)
        if fields is None:
            return None
        if previous is None:
            try:
                with transaction.atomic():
                    return Analysis.objects.create(conversation=conversation, **fields)
            except IntegrityError:
                continue  # another worker created the row meanwhile
        if Analysis.objects.filter(pk=previous.pk, analysed_at=previous.analysed_at).update(
            **fields
        ):
            return Analysis.objects.get(pk=previous.pk)
    logger.warning(
        "analysis of conversation %s lost %s races; asking for another",
        conversation.pk,
        ANALYSIS_ATTEMPTS,
    )
    analysis_request(conversation.pk)
    return Analysis.objects.filter(conversation=conversation).first()


def _analysis_fields(
    conversation: Conversation, previous: Analysis | None
) -> dict[str, object] | None:
    """The fields of the analysis that follows `previous` (None: no votes and no analysis yet)."""
    votes = Vote.objects.filter(conversation=conversation)
    if previous is not None:
        votes = votes.filter(voted_at__gte=previous.votes_until - OVERLAP)
    rows = list(
        votes.order_by("voted_at", "pk").values_list(
            "voter_id", "statement_id", "value", "voted_at"
        )
    )
    if previous is None and not rows:
        return None
    hidden = list(
        conversation.statements.filter(moderation=Statement.Moderation.REJECTED).values_list(
            "pk", flat=True
        )
    )
    batch = vote_batch([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    rng = np.random.default_rng(conversation.pk)
    if previous is None:
        result = conversation_analyze(vote_matrix_build(batch), rng=rng, moderated_out_ids=hidden)
    else:
        result = conversation_update(
            state_from_bytes(bytes(previous.state)), batch, rng=rng, moderated_out_ids=hidden
        )
    numbers = dict(conversation.voters_set.values_list("pk", "number"))
    until = max([r[3] for r in rows], default=previous.votes_until if previous else timezone.now())
    return {
        "state": state_to_bytes(result.state),
        "result": _result(result, numbers),
        "votes_until": until,
        "analysed_at": timezone.now(),
    }
