"""Who may do what in a conversation.

`deliberation.vote` and `deliberation.write_statement` take a conversation and answer for a
signed-in user; an anonymous visitor may vote where the conversation admits anonymous visitors
(`anonymous_may_vote`), identified by a per-browser key. Whether the conversation is open and the
statement visible is the services' to enforce.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.common.rules import is_site_admin
from impactdays.deliberation.models import Conversation
from impactdays.forums.rules import can_see_edition, is_archived, is_organiser_of, is_participant_of
from impactdays.people.models import User


@rules.predicate
def admits_signed_in(user: User | AnonymousUser, conversation: object) -> bool:
    return isinstance(conversation, Conversation) and conversation.voters in (
        Conversation.Voters.SIGNED_IN,
        Conversation.Voters.ANONYMOUS,
    )


def anonymous_may_vote(conversation: Conversation) -> bool:
    """An anonymous visitor (with a browser key) may vote and write in this conversation."""
    visitor = AnonymousUser()
    return (
        conversation.voters == Conversation.Voters.ANONYMOUS
        and bool(can_see_edition(visitor, conversation))
        and not is_archived(visitor, conversation)
    )


can_manage = is_site_admin | is_organiser_of
may_take_part = (
    rules.is_authenticated
    & can_see_edition
    & ~is_archived
    & (admits_signed_in | is_participant_of | is_organiser_of)
)

rules.add_perm("deliberation.view_conversation", can_see_edition)
rules.add_perm("deliberation.vote", may_take_part)
rules.add_perm("deliberation.write_statement", may_take_part)
rules.add_perm("deliberation.manage_conversation", can_manage)
rules.add_perm("deliberation.change_conversation", can_manage & ~is_archived)
rules.add_perm("deliberation.moderate", can_manage & ~is_archived)
