"""Who may record, change and moderate: tables of roles by edition statuses, denied cells included."""

import pytest
import rules

from impactdays.challenges.models import Challenge
from impactdays.forums.models import Edition
from tests.challenges.factories import ChallengeFactory, ObservationFactory
from tests.permissions import ROLES, edition_at, person

OBSERVERS = {"participant", "facilitator", "organiser"}
MODERATORS = {"organiser", "facilitator", "site_admin"}
FROZEN = {Edition.Status.REPORT_PUBLISHED}


@pytest.mark.parametrize("status", [Edition.Status.LIVE, Edition.Status.REPORT_PUBLISHED])
@pytest.mark.parametrize("role", ROLES)
def test_only_participants_facilitators_and_organisers_record_observations(
    request, edition, role, status
):
    user = person(request, role)
    edition = edition_at(edition, status)

    allowed = rules.has_perm("challenges.add_observation", user, edition)

    assert allowed == (role in OBSERVERS and status not in FROZEN)


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_only_the_author_or_a_moderator_changes_an_observation(request, edition, participant, role):
    observation = ObservationFactory(edition=edition, author=participant)
    user = participant if role == "author" else person(request, role)

    allowed = rules.has_perm("challenges.change_observation", user, observation)

    # The participant persona is the author here.
    assert allowed == (role in MODERATORS or role in {"author", "participant"})


@pytest.mark.parametrize("role", ROLES)
def test_hidden_items_and_proposals_are_seen_by_moderators_only(request, edition, role):
    user = person(request, role)
    hidden = ObservationFactory(edition=edition, is_hidden=True)
    proposal = ChallengeFactory(edition=edition, status=Challenge.Status.PROPOSED)
    public = ChallengeFactory(edition=edition)

    seen = {
        name
        for name, item in {"hidden": hidden, "proposal": proposal, "public": public}.items()
        if rules.has_perm("challenges.view_item", user, item)
    }

    assert seen == ({"hidden", "proposal", "public"} if role in MODERATORS else {"public"})


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_and_admins_decide_on_challenges(request, edition, role):
    allowed = rules.has_perm("challenges.manage_challenges", person(request, role), edition)

    assert allowed == (role in {"organiser", "site_admin"})
