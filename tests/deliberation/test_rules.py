"""Who may vote, write and manage: a role-by-status table per voters setting, then the anonymous
visitor, from the side of who may not act."""

import pytest
from django.contrib.auth.models import AnonymousUser

from impactdays.deliberation.models import Conversation
from impactdays.deliberation.rules import anonymous_may_vote
from tests.deliberation.factories import ConversationFactory
from tests.permissions import MEMBER_ROLES, ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db


def expected(role: str, status: str, voters: str, action: str) -> bool:
    """The policy: who sees the edition sees its conversations; organisers and site admins manage
    them; voting and writing need a signed-in person who sees the edition and is let in by the
    conversation's setting (participants: the edition's participants and organisers). A published
    report freezes everything but reading."""
    sees = status != "draft" or role in MEMBER_ROLES or role == "site_admin"
    frozen = status == "report_published"
    manages = role in ("organiser", "site_admin")
    if action == "view_conversation":
        return sees
    if action == "manage_conversation":
        return manages
    if action in ("change_conversation", "moderate"):
        return manages and not frozen
    let_in = voters != "participants" or role in ("participant", "organiser")
    return sees and role != "anonymous" and not frozen and let_in


ACTIONS = ["view_conversation", "vote", "write_statement", "manage_conversation", "moderate"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("voters", Conversation.Voters.values)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, voters, action):
    user = person(request, role)
    conversation = ConversationFactory(edition=edition_at(edition, status), voters=voters)

    allowed = user.has_perm(f"deliberation.{action}", conversation)

    assert allowed is expected(role, status, voters, action)


@pytest.mark.parametrize("voters", ["participants", "signed_in"])
def test_anonymous_visitors_may_not_vote_unless_the_conversation_admits_them(edition, voters):
    assert not anonymous_may_vote(ConversationFactory(edition=edition, voters=voters))
    assert not AnonymousUser().has_perm(
        "deliberation.vote", ConversationFactory(edition=edition, voters=voters)
    )


def test_anonymous_visitors_may_not_vote_in_a_draft_edition(edition):
    draft = edition_at(edition, "draft")

    assert not anonymous_may_vote(ConversationFactory(edition=draft, voters="anonymous"))
    assert anonymous_may_vote(ConversationFactory(edition=edition, voters="anonymous"))


def test_anonymous_visitors_may_not_vote_once_the_report_is_published(edition):
    archived = edition_at(edition, "report_published")

    assert not anonymous_may_vote(ConversationFactory(edition=archived, voters="anonymous"))
