"""What every app's API router looks up first: the edition the caller may see, and who acts.

The apps above forums import these, so that an edition hidden from the caller answers 404 the
same way everywhere (common/api.py cannot know editions: it sits below forums).
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from impactdays.common.api import visible_or_404
from impactdays.forums.models import Edition
from impactdays.forums.selectors import editions_visible_to
from impactdays.people.models import User


def edition_visible_or_404(request: HttpRequest, edition_id: int) -> Edition:
    """The edition with this id if the caller may see it; otherwise 404, as for an unknown id."""
    return visible_or_404(
        editions_visible_to(request.user), _("There is no edition with this id."), pk=edition_id
    )


def api_actor(request: HttpRequest) -> User:
    """The person who sends a write, for the permission check and the service's audit entry."""
    user = request.user
    if not isinstance(user, User):  # write endpoints let only people with credentials through
        raise AuthenticationError
    return user
