"""Who may do what with the programme: a role-by-status-by-action table."""

import pytest

from tests.permissions import MEMBER_ROLES, ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db

ACTIONS = [
    "view_programme",
    "manage_programme",
    "change_programme",
    "keep_agenda",
    "rank_workshops",
]


def expected(role: str, status: str, action: str) -> bool:
    """Whoever sees the edition sees its programme; organisers and site admins edit it (not once
    the report freezes it); anyone signed in who sees it keeps an agenda; participants rank."""
    sees = status != "draft" or role in MEMBER_ROLES or role == "site_admin"
    frozen = status == "report_published"
    if action == "view_programme":
        return sees
    if action == "manage_programme":
        return role in ("organiser", "site_admin")
    if action == "change_programme":
        return role in ("organiser", "site_admin") and not frozen
    if action == "keep_agenda":
        return sees and role != "anonymous" and not frozen
    return role == "participant" and not frozen


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, action):
    user = person(request, role)
    fresh = edition_at(edition, status)

    assert user.has_perm(f"programme.{action}", fresh) is expected(role, status, action)
