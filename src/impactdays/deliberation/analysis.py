"""The opinion analysis of a conversation (core.opinions), run in the background and stored.

A vote asks for an analysis (`analysis_request`); at most one is queued per conversation in each
ANALYSIS_DEBOUNCE_SECONDS (a cache key), so a hall of voters costs one analysis every few seconds.
`analysis_run` starts from the stored engine state and adds only the votes since (a vote changed
since counts again: the latest per voter and statement wins); hidden statements are passed as
moderated out, as the method says. Never called inside a request.
"""

import datetime as dt

import numpy as np
from django.core.cache import cache
from django.db import transaction
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


def analysis_run(conversation: Conversation) -> Analysis | None:
    """Analyse the conversation from its stored state (or from scratch) and store the result.

    Returns None when the conversation has no votes yet.
    """
    cache.delete(_QUEUED.format(conversation.pk))
    previous = Analysis.objects.filter(conversation=conversation).first()
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
    stored, _created = Analysis.objects.update_or_create(
        conversation=conversation,
        defaults={
            "state": state_to_bytes(result.state),
            "result": _result(result, numbers),
            "votes_until": until,
            "analysed_at": timezone.now(),
        },
    )
    return stored
