"""Who may do what with challenges, places, observations and photos (django-rules).

Every rule takes the edition or an object with an `edition`. Moderators are the edition's
organisers and facilitators (they lead the walks) and the site's admins.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.common.rules import is_site_admin
from impactdays.forums.rules import (
    can_see_edition,
    is_archived,
    is_facilitator_of,
    is_organiser_of,
    is_participant_of,
    is_partner_of,
)
from impactdays.people.models import User


@rules.predicate
def is_author(user: User | AnonymousUser, obj: object) -> bool:
    """Wrote the observation (or uploaded the photo)."""
    if not user.is_authenticated:
        return False
    author_id = getattr(obj, "author_id", None) or getattr(obj, "uploaded_by_id", None)
    return author_id is not None and author_id == user.pk


@rules.predicate
def is_proposer(user: User | AnonymousUser, obj: object) -> bool:
    return user.is_authenticated and getattr(obj, "proposed_by_id", None) == user.pk


@rules.predicate
def is_public_item(user: User | AnonymousUser, obj: object) -> bool:
    """Not hidden and, for a challenge, past the proposal; for a photo, publishable."""
    is_public = getattr(obj, "is_public", None)
    if is_public is not None:
        return bool(is_public)
    is_publishable = getattr(obj, "is_publishable", None)
    if is_publishable is not None:
        return bool(is_publishable)
    return not getattr(obj, "is_hidden", False)


is_moderator = is_site_admin | is_organiser_of | is_facilitator_of
can_manage = is_site_admin | is_organiser_of

rules.add_perm(
    "challenges.view_item",
    can_see_edition & (is_public_item | is_moderator | is_author | is_proposer),
)
rules.add_perm("challenges.propose_challenge", (can_manage | is_partner_of) & ~is_archived)
rules.add_perm("challenges.manage_challenges", can_manage & ~is_archived)
rules.add_perm("challenges.moderate", is_moderator)
rules.add_perm(
    "challenges.add_observation",
    (is_participant_of | is_facilitator_of | is_organiser_of) & ~is_archived,
)
rules.add_perm("challenges.change_observation", (is_author | is_moderator) & ~is_archived)
rules.add_perm("challenges.report_item", rules.is_authenticated & can_see_edition)
