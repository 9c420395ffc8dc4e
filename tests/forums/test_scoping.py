"""The edition predicates work on anything that belongs to an edition, with roles read once per request."""

from dataclasses import dataclass

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from impactdays.common.request_cache import RequestCacheMiddleware
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.rules import (
    edition_of,
    is_facilitator_of,
    is_organiser_of,
    is_participant_of,
    is_speaker_of,
)
from impactdays.forums.services import edition_role_grant, edition_role_revoke
from tests.forums.factories import EditionFactory, RoomFactory, VenueFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Talk:
    """Stands for a later app's object: it belongs to an edition and names its own speakers."""

    edition: Edition
    speaker_ids: tuple[int, ...]

    def scoped_role_holders(self, role: str) -> tuple[int, ...] | None:
        return self.speaker_ids if role == EditionRole.Role.SPEAKER else None


def test_predicates_reach_the_edition_through_an_object(edition, participant, outsider):
    room = RoomFactory(venue=VenueFactory(edition=edition))

    assert edition_of(room) == edition
    assert is_participant_of(participant, room) is True
    assert is_participant_of(outsider, room) is False
    assert is_participant_of(participant, object()) is False


def test_a_role_scoped_below_the_edition_counts_only_for_its_object(edition, speaker, facilitator):
    theirs = Talk(edition=edition, speaker_ids=(speaker.pk,))
    someone_elses = Talk(edition=edition, speaker_ids=())

    assert is_speaker_of(speaker, theirs) is True
    assert is_speaker_of(speaker, someone_elses) is False
    # Roles the object does not scope stay edition-wide.
    assert is_facilitator_of(facilitator, someone_elses) is True


def test_roles_are_read_once_per_request(edition, organiser, django_assert_num_queries):
    editions = [edition, EditionFactory(), EditionFactory()]

    def view(request: HttpRequest) -> HttpResponse:
        for _ in range(5):
            for each in editions:
                organiser.has_perm("forums.manage_edition", each)
                organiser.has_perm("forums.view_edition", each)
        return HttpResponse()

    with django_assert_num_queries(len(editions)):
        RequestCacheMiddleware(view)(RequestFactory().get("/"))


def test_outside_a_request_nothing_is_cached(edition, site_admin):
    newcomer = UserFactory()
    assert is_organiser_of(newcomer, edition) is False

    edition_role_grant(
        edition=edition, user=newcomer, role=EditionRole.Role.ORGANISER, actor=site_admin
    )

    assert is_organiser_of(newcomer, edition) is True


def test_a_revoked_role_is_forgotten_within_the_request(edition, organiser, site_admin):
    second = UserFactory()
    edition_role_grant(edition=edition, user=second, role=EditionRole.Role.ORGANISER, actor=None)
    answers = []

    def view(request: HttpRequest) -> HttpResponse:
        answers.append(organiser.has_perm("forums.manage_edition", edition))
        grant = EditionRole.objects.get(edition=edition, user=organiser, role="organiser")
        edition_role_revoke(grant=grant, actor=organiser)
        answers.append(organiser.has_perm("forums.manage_edition", edition))
        return HttpResponse()

    RequestCacheMiddleware(view)(RequestFactory().get("/"))

    assert answers == [True, False]
