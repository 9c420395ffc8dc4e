"""Reads of forums data, always filtered by visibility."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from impactdays.forums.models import (
    Edition,
    EditionInvitation,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Venue,
)
from impactdays.forums.rules import roles_remember
from impactdays.forums.visibility import editions_visible_filter
from impactdays.people.models import User


def user_is_organiser_anywhere(user: User) -> bool:
    return EditionRole.objects.filter(user=user, role=EditionRole.Role.ORGANISER).exists()


def editions_visible_to(user: User | AnonymousUser) -> QuerySet[Edition]:
    """The editions user may see (forums.visibility): published ones, drafts they hold a role in."""
    editions = Edition.objects.select_related("series")
    visible = editions_visible_filter(user)
    if visible is None:
        return editions
    return editions.filter(visible).distinct()


def editions_current_and_upcoming(user: User | AnonymousUser) -> QuerySet[Edition]:
    """Editions not yet closed, soonest first."""
    return (
        editions_visible_to(user)
        .exclude(status__in=[Edition.Status.CLOSED, Edition.Status.REPORT_PUBLISHED])
        .order_by("starts_on")
    )


def editions_recent_past(user: User | AnonymousUser, limit: int = 6) -> list[Edition]:
    return list(
        editions_visible_to(user)
        .filter(status__in=[Edition.Status.CLOSED, Edition.Status.REPORT_PUBLISHED])
        .order_by("-starts_on")[:limit]
    )


def series_with_visible_editions(user: User | AnonymousUser) -> QuerySet[ForumSeries]:
    return ForumSeries.objects.prefetch_related(
        Prefetch(
            "editions",
            queryset=editions_visible_to(user).order_by("starts_on"),
            to_attr="visible_editions",
        )
    )


def edition_with_details(edition: Edition) -> Edition:
    """The edition with venues, rooms and partners loaded in a fixed number of queries; its
    open call (the applications app's reverse one-to-one, named here only as a relation, so
    forums imports nothing of it) joined in the same query as the edition."""
    return (
        Edition.objects.select_related("series", "call")
        .prefetch_related(
            Prefetch("venues", queryset=Venue.objects.prefetch_related("rooms")),
            Prefetch("partners", queryset=EditionPartner.objects.select_related("organisation")),
        )
        .get(pk=edition.pk)
    )


def edition_roles_of(edition: Edition) -> QuerySet[EditionRole]:
    return (
        EditionRole.objects.filter(edition=edition)
        .select_related("user")
        .order_by("role", "user__email", "pk")
    )


def edition_roles_matching(
    edition: Edition, *, text: str = "", role: str = ""
) -> QuerySet[EditionRole]:
    """The edition's roles whose holder's name or e-mail address contains `text`; of `role` only
    when it is given. Ordered by role, then address, so that pages of the list hold still."""
    roles = edition_roles_of(edition)
    if text:
        roles = roles.filter(
            Q(user__display_name__icontains=text)
            | Q(user__first_name__icontains=text)
            | Q(user__last_name__icontains=text)
            | Q(user__email__icontains=text)
        )
    if role:
        roles = roles.filter(role=role)
    return roles


def edition_people(edition: Edition) -> QuerySet[User]:
    """Everyone who holds a role in the edition."""
    return User.objects.filter(edition_roles__edition=edition, is_active=True).distinct()


def edition_roles_as_data(user: User) -> list[dict[str, object]]:
    """The person's roles in editions, for their personal-data export."""
    return [
        {"edition": role.edition.title, "role": role.role, "since": role.created_at.isoformat()}
        for role in EditionRole.objects.filter(user=user)
        .select_related("edition")
        .order_by("created_at")
    ]


@dataclass(frozen=True)
class MyEdition:
    edition: Edition
    roles: list[str]  # role labels, in the order of EditionRole.Role
    is_organiser: bool


def editions_of(user: User) -> list[MyEdition]:
    """The editions where user holds a role, upcoming first, with the roles held in each."""
    held: dict[int, set[str]] = {}
    for edition_id, role in EditionRole.objects.filter(user=user).values_list("edition", "role"):
        held.setdefault(edition_id, set()).add(role)
    for edition_id, roles in held.items():
        roles_remember(user, edition_id, frozenset(roles))
    editions = Edition.objects.select_related("series").filter(pk__in=held).order_by("-starts_on")
    return [
        MyEdition(
            edition=edition,
            roles=[
                str(label) for value, label in EditionRole.Role.choices if value in held[edition.pk]
            ],
            is_organiser=EditionRole.Role.ORGANISER in held[edition.pk],
        )
        for edition in editions
    ]


def invitations_pending(edition: Edition) -> QuerySet[EditionInvitation]:
    """The edition's invitations not yet accepted or withdrawn, newest first (expired ones too)."""
    return EditionInvitation.objects.filter(
        edition=edition, accepted_at=None, revoked_at=None
    ).order_by("-sent_at")
