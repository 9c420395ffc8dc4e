"""Who may do what with forums, per edition role; the predicates every other app combines.

Every predicate takes (user, obj), where obj is an Edition or anything that belongs to one:
an object with an `edition` attribute (a foreign key, or a property such as Room.edition). So
sessions, challenges, statements and decisions reuse `is_organiser_of`, `is_participant_of`, …

A role can be scoped below the edition: an object that defines
`scoped_role_holders(role) -> Collection[int] | None` answers for that role itself (the ids of
the facilitators of one session, the speakers of one talk); None leaves the role to the
edition (an edition-wide facilitator facilitates every session).

A person's roles in an edition are read once per request (common.request_cache).
"""

from collections.abc import Collection
from typing import Protocol, runtime_checkable

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.common.request_cache import request_cache_forget, request_cached
from impactdays.common.rules import is_site_admin
from impactdays.forums.models import Edition, EditionRole, ForumSeries
from impactdays.forums.visibility import edition_is_visible
from impactdays.people.models import User

ROLES_CACHE = "edition_roles"


@runtime_checkable
class ScopesRoles(Protocol):
    def scoped_role_holders(self, role: str) -> Collection[int] | None: ...


def edition_of(obj: object) -> Edition | None:
    """The edition obj belongs to: itself, or its `edition` attribute; None for anything else."""
    if isinstance(obj, Edition):
        return obj
    edition = getattr(obj, "edition", None)
    return edition if isinstance(edition, Edition) else None


def roles_in_edition(user: User | AnonymousUser, edition: Edition) -> frozenset[str]:
    """The roles user holds in edition, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    return request_cached(
        (ROLES_CACHE, user.pk, edition.pk),
        lambda: frozenset(
            EditionRole.objects.filter(edition=edition, user=user).values_list("role", flat=True)
        ),
    )


def roles_remember(user: User, edition_id: int, roles: frozenset[str]) -> None:
    """Seed this request's cache with roles already read (a list of the person's editions)."""
    request_cached((ROLES_CACHE, user.pk, edition_id), lambda: roles)


def roles_forget() -> None:
    """Forget the roles read in this request (after a role is granted or revoked)."""
    request_cache_forget(ROLES_CACHE)


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"is_{role}_of")
    def predicate(user: User | AnonymousUser, obj: object) -> bool:
        edition = edition_of(obj)
        if edition is None or not user.is_authenticated:
            return False
        if isinstance(obj, ScopesRoles):
            holders = obj.scoped_role_holders(role)
            if holders is not None:
                return user.pk in holders
        return role in roles_in_edition(user, edition)

    return predicate


is_organiser_of = _has_role(EditionRole.Role.ORGANISER)
is_facilitator_of = _has_role(EditionRole.Role.FACILITATOR)
is_reviewer_of = _has_role(EditionRole.Role.REVIEWER)
is_speaker_of = _has_role(EditionRole.Role.SPEAKER)
is_participant_of = _has_role(EditionRole.Role.PARTICIPANT)
is_partner_of = _has_role(EditionRole.Role.PARTNER)


@rules.predicate
def is_member_of(user: User | AnonymousUser, obj: object) -> bool:
    """Holds any role in the edition obj belongs to."""
    edition = edition_of(obj)
    return edition is not None and bool(roles_in_edition(user, edition))


@rules.predicate
def can_see_edition(user: User | AnonymousUser, obj: object) -> bool:
    """The visibility rule of forums.visibility, for the edition obj belongs to."""
    edition = edition_of(obj)
    return edition is not None and edition_is_visible(
        user, edition, roles_in_edition(user, edition)
    )


@rules.predicate
def is_archived(user: User | AnonymousUser, obj: object) -> bool:
    """The edition's report is published: its record is frozen."""
    edition = edition_of(obj)
    return edition is not None and edition.status == Edition.Status.REPORT_PUBLISHED


@rules.predicate
def is_organiser_in_series(user: User | AnonymousUser, series: ForumSeries | None) -> bool:
    """Organises an edition of the series: may start its next editions."""
    return (
        series is not None
        and user.is_authenticated
        and EditionRole.objects.filter(
            user=user, role=EditionRole.Role.ORGANISER, edition__series=series
        ).exists()
    )


@rules.predicate
def is_organiser_anywhere(user: User | AnonymousUser) -> bool:
    """Organises at least one edition: may search addresses for the map picker."""
    return (
        user.is_authenticated
        and EditionRole.objects.filter(user=user, role=EditionRole.Role.ORGANISER).exists()
    )


can_manage = is_site_admin | is_organiser_of

rules.add_perm("forums.view_edition", can_see_edition)
rules.add_perm("forums.manage_edition", can_manage)
# After the report is published the record is frozen; moving back to "closed" unfreezes it.
rules.add_perm("forums.change_edition", can_manage & ~is_archived)
rules.add_perm("forums.move_edition_status", can_manage)
rules.add_perm("forums.replicate_edition", can_manage)
rules.add_perm("forums.add_edition", is_site_admin | is_organiser_in_series)
rules.add_perm("forums.add_series", is_site_admin)
# The address search of the map picker asks a shared outside service: only those who place things.
rules.add_perm("forums.geocode_address", is_site_admin | is_organiser_anywhere)
