"""Deliberation API: conversations, their visible statements and latest results (public as the
edition is), and a signed-in caller's vote, through the same services as the pages. Anonymous
visitors vote on the page, where their browser keeps their identity."""

import rules
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from impactdays.common.api import ApiRouter
from impactdays.deliberation import selectors, services
from impactdays.deliberation.models import Conversation, Statement
from impactdays.deliberation.schemas import (
    ConversationOut,
    ResultsOut,
    StatementOut,
    VoteIn,
    VoteOut,
)
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH

router = ApiRouter(tags=["deliberation"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


def _conversation_or_404(request: HttpRequest, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise HttpError(404, _("There is no conversation with this id."))
    edition_visible_or_404(request, conversation.edition_id)
    return conversation


@router.read("/conversations/{conversation_id}", ConversationOut)
def conversation_detail(request: HttpRequest, conversation_id: int) -> Conversation:
    return _conversation_or_404(request, conversation_id)


@router.read("/conversations/{conversation_id}/statements", list[StatementOut], paginated=True)
def statement_list(request: HttpRequest, conversation_id: int) -> list[Statement]:
    """The statements open for votes (hidden and, under pre-moderation, unmoderated ones left out)."""
    conversation = _conversation_or_404(request, conversation_id)
    return list(selectors.visible_statements(conversation).order_by("number"))


@router.read("/conversations/{conversation_id}/results", ResultsOut)
def results(request: HttpRequest, conversation_id: int) -> dict[str, object]:
    """The latest analysis by statement id; 404 until the first analysis has run."""
    conversation = _conversation_or_404(request, conversation_id)
    analysis = selectors.analysis_of(conversation)
    if analysis is None:
        raise HttpError(404, _("This conversation has no analysis yet."))
    result = analysis.result
    sizes = [0] * int(result.get("group_count", 0))
    for _number, _x, _y, group in result.get("points", []):
        if 0 <= group < len(sizes):
            sizes[group] += 1
    return {
        "analysed_at": analysis.analysed_at,
        "votes_until": analysis.votes_until,
        "group_count": len(sizes),
        "consensus_agree": result.get("consensus_agree", []),
        "consensus_disagree": result.get("consensus_disagree", []),
        "divisive": result.get("divisive", []),
        "group_sizes": sizes,
    }


@router.write("post", "/conversations/{conversation_id}/votes", VoteOut)
def vote(request: HttpRequest, conversation_id: int, payload: VoteIn) -> dict[str, int]:
    """The caller's vote on a statement (agree 1, disagree -1, pass 0); a later vote replaces it."""
    actor = api_actor(request)
    conversation = _conversation_or_404(request, conversation_id)
    if not rules.has_perm("deliberation.vote", actor, conversation):
        raise HttpError(403, _("You may not vote in this conversation."))
    statement = Statement.objects.filter(conversation=conversation, pk=payload.statement_id).first()
    if statement is None:
        raise HttpError(404, _("There is no statement with this id in this conversation."))
    voter = services.voter_join(conversation=conversation, user=actor)
    services.vote_cast(voter=voter, statement=statement, value=payload.value)
    return {"statement_id": statement.pk, "value": payload.value}
