"""Who may see an edition, defined once for the pages (rules) and the lists and API (selectors).

A published edition (any status but draft) is visible to everyone; a draft to the people who
hold a role in it; every edition to site admins. `edition_is_visible` answers for one edition,
`editions_visible_filter` is the same rule as a query filter; a test compares the two for every
status and role.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from impactdays.common.rules import is_site_admin
from impactdays.forums.models import Edition
from impactdays.people.models import User

HIDDEN_STATUSES = frozenset({Edition.Status.DRAFT})


def editions_visible_filter(user: User | AnonymousUser) -> Q | None:
    """The filter on Edition for what user may see; None means every edition (site admins)."""
    if is_site_admin(user):
        return None
    visible = ~Q(status__in=HIDDEN_STATUSES)
    if user.is_authenticated:
        visible |= Q(roles__user=user)
    return visible


def edition_is_visible(user: User | AnonymousUser, edition: Edition, roles: frozenset[str]) -> bool:
    """Whether user may see edition, given the roles user holds in it."""
    if is_site_admin(user):
        return True
    return edition.status not in HIDDEN_STATUSES or bool(roles)
