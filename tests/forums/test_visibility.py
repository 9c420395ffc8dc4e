"""Visibility is defined once: the API's and lists' selector and the pages' rule agree in every cell."""

import pytest

from impactdays.forums.selectors import editions_visible_to
from tests.permissions import ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_selector_and_rule_agree(request, edition, role, status):
    user = person(request, role)
    fresh = edition_at(edition, status)

    listed = editions_visible_to(user).filter(pk=fresh.pk).exists()
    allowed = user.has_perm("forums.view_edition", fresh)

    assert listed is allowed
    assert allowed is (status != "draft" or role not in {"outsider", "anonymous"})
