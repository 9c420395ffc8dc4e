"""Who may see and change an edition: a role-by-status-by-action table, then the same at the views."""

import pytest
from django.urls import reverse

from impactdays.common.models import AuditEntry
from impactdays.forums import services
from impactdays.forums.models import (
    Edition,
    EditionInvitation,
    EditionPartner,
    EditionRole,
    Organisation,
    Room,
    Venue,
)
from tests.forums.factories import (
    EditionFactory,
    EditionPartnerFactory,
    EditionRoleFactory,
    OrganisationFactory,
    RoomFactory,
    VenueFactory,
)
from tests.people.factories import UserFactory
from tests.permissions import ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db

ACTIONS = [
    "view_edition",
    "manage_edition",
    "change_edition",
    "move_edition_status",
    "replicate_edition",
]


def expected(role: str, status: str, action: str) -> bool:
    """The policy, written from DESIGN.md rather than from rules.py.

    Visitors read published editions; everyone with a role in an edition also sees its draft.
    Organisers do everything for their own edition, site admins for every edition; a published
    report freezes the record for organisers and site admins alike, who move it back to
    "closed" to edit it.
    """
    if role == "site_admin":
        return not (action == "change_edition" and status == "report_published")
    members = {"organiser", "facilitator", "reviewer", "speaker", "participant", "partner"}
    if action == "view_edition":
        return status != "draft" or role in members
    if role != "organiser":
        return False
    if action == "change_edition":
        return status != "report_published"
    return True


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, action):
    user = person(request, role)
    fresh = edition_at(edition, status)

    # As the views ask it: User.has_perm asks the rules, superusers included.
    allowed = user.has_perm(f"forums.{action}", fresh)

    assert allowed is expected(role, status, action)


def test_expected_policy_denies_most_cells():
    table = [(r, s, a) for r in ROLES for s in STATUSES for a in ACTIONS]

    allowed = [cell for cell in table if expected(*cell)]

    # organiser and site admin 34 each (35 less change_edition on a published report),
    # five other members see all 7 statuses, outsider and anonymous see 6.
    assert len(table) == 315
    assert len(allowed) == 34 + 34 + 5 * 7 + 2 * 6


# The same, at the views: the management page and every action on it.


@pytest.fixture
def furnished(edition: Edition) -> dict[str, object]:
    """The edition with one of everything an action can touch, plus what the actions need."""
    venue = VenueFactory(edition=edition, name="Textil Cultural Center")
    return {
        "venue": venue,
        "room": RoomFactory(venue=venue, name="Main hall", capacity=120),
        "partner": EditionPartnerFactory(edition=edition),
        "grant": EditionRoleFactory(edition=edition, role=EditionRole.Role.SPEAKER),
        "organisation": OrganisationFactory(name="City Lab"),
        "newcomer": UserFactory(email="newcomer@example.org"),
        "invitation": services.invitation_create(
            edition=edition, email="invited@example.org", role="partner", actor=None
        ),
    }


def _edition_fields(edition: Edition, **changes: object) -> dict[str, object]:
    fields = {
        "title_en": edition.title,
        "year": edition.year,
        "theme_en": edition.theme,
        "description_en": edition.description,
        "city_en": edition.city,
        "country": str(edition.country),
        "latitude": edition.latitude,
        "longitude": edition.longitude,
        "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.ends_on.isoformat(),
        "time_zone": edition.time_zone,
        "languages": edition.languages,
        "version": edition.version,
    }
    fields.update(changes)
    return fields


def _actions(edition: Edition, things: dict[str, object]) -> list[tuple[str, dict, dict]]:
    """(URL name, extra URL keywords, valid POST data) for every action on the management page."""
    return [
        ("forums:edition-details-update", {}, _edition_fields(edition, title_en="Hijacked")),
        ("forums:edition-status-move", {}, {"to": Edition.Status.SELECTION}),
        (
            "forums:edition-partner-add",
            {},
            {"organisation": things["organisation"].pk, "role": EditionPartner.Role.HOST},
        ),
        ("forums:edition-partner-remove", {"pk": things["partner"].pk}, {}),
        (
            "forums:edition-venue-create",
            {},
            {
                "name_en": "Other hall",
                "address_en": "Street 1",
                "latitude": 57.6,
                "longitude": 39.8,
            },
        ),
        (
            "forums:edition-room-create",
            {},
            {"venue": things["venue"].pk, "name_en": "Library", "capacity": 20},
        ),
        ("forums:edition-room-delete", {"pk": things["room"].pk}, {}),
        ("forums:edition-venue-delete", {"pk": things["venue"].pk}, {}),
        ("forums:edition-role-revoke", {"pk": things["grant"].pk}, {}),
        (
            "forums:edition-invitation-create",
            {},
            {"email": "someone@example.org", "role": EditionRole.Role.ORGANISER},
        ),
        ("forums:edition-invitation-resend", {"pk": things["invitation"].pk}, {}),
        ("forums:edition-invitation-revoke", {"pk": things["invitation"].pk}, {}),
        (
            "forums:edition-replicate",
            {},
            {
                "city": "Kaunas",
                "country": "LT",
                "year": 2027,
                "starts_on": "2027-09-16",
                "ends_on": "2027-09-19",
                "latitude": 54.8985,
                "longitude": 23.9036,
            },
        ),
    ]


def _url(name: str, edition: Edition, **kwargs: object) -> str:
    return reverse(
        name, kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug, **kwargs}
    )


def _snapshot() -> dict[str, list[dict]]:
    models = [
        Edition,
        Venue,
        Room,
        EditionPartner,
        EditionRole,
        EditionInvitation,
        Organisation,
        AuditEntry,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize("role", ["outsider", "participant"])
def test_management_page_and_every_action_are_forbidden_to(
    request, client, edition, furnished, role
):
    client.force_login(request.getfixturevalue(role))
    before = _snapshot()

    page = client.get(_url("forums:edition-manage", edition))
    replies = {
        name: client.post(_url(name, edition, **kwargs), data).status_code
        for name, kwargs, data in _actions(edition, furnished)
    }

    assert page.status_code == 403
    assert replies == {name: 403 for name, _kwargs, _data in _actions(edition, furnished)}
    assert _snapshot() == before


def test_management_page_and_every_action_send_anonymous_to_login(client, edition, furnished):
    before = _snapshot()
    manage_url = _url("forums:edition-manage", edition)

    page = client.get(manage_url)
    locations = {
        name: client.post(_url(name, edition, **kwargs), data)["Location"]
        for name, kwargs, data in _actions(edition, furnished)
    }

    assert page.status_code == 302
    assert page["Location"] == f"/accounts/login/?next={manage_url}"
    assert locations == {
        name: f"/accounts/login/?next={_url(name, edition, **kwargs)}"
        for name, kwargs, _data in _actions(edition, furnished)
    }
    assert _snapshot() == before


def test_every_action_works_for_the_organiser(client, edition, furnished, organiser):
    # The other side of the two tests above: the same requests succeed for the organiser.
    client.force_login(organiser)

    replies = [
        client.post(_url(name, edition, **kwargs), data)
        for name, kwargs, data in _actions(edition, furnished)
    ]

    assert [reply.status_code for reply in replies] == [302] * len(replies)
    assert list(
        AuditEntry.objects.filter(actor=organiser).order_by("pk").values_list("action", flat=True)
    ) == [
        "edition_update",
        "edition_status_move",
        "edition_partner_add",
        "edition_partner_remove",
        "venue_create",
        "room_create",
        "room_delete",
        "venue_delete",
        "edition_role_revoke",
        "invitation_create",
        "invitation_resend",
        "invitation_revoke",
        "edition_create",
        "edition_replicate",
    ]


def test_site_admin_cannot_edit_a_published_report(client, edition, site_admin):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)
    client.force_login(site_admin)
    before = _snapshot()

    response = client.post(
        _url("forums:edition-details-update", edition),
        _edition_fields(edition, title_en="Rewritten"),
    )

    assert response.status_code == 403
    assert _snapshot() == before


def test_organiser_of_a_published_report_may_move_it_back_but_not_edit(
    client, edition, organiser, furnished
):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)
    client.force_login(organiser)
    before = _snapshot()

    page = client.get(_url("forums:edition-manage", edition))
    edit = client.post(_url("forums:edition-venue-delete", edition, pk=furnished["venue"].pk))

    assert page.status_code == 200
    assert "Save the details" not in page.content.decode()
    assert (
        "The report of this edition is published, so its record is frozen." in page.content.decode()
    )
    assert edit.status_code == 403
    assert _snapshot() == before


# Drafts stay invisible to those without a role in them.


@pytest.fixture
def draft(edition: Edition) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.DRAFT, title="Secret Forum Riga 2030", city="Riga"
    )
    return Edition.objects.get(pk=edition.pk)


@pytest.mark.parametrize("suffix", ["", "manage/"])
def test_draft_edition_is_unknown_to_anonymous(client, draft, suffix):
    response = client.get(draft.get_absolute_url() + suffix)

    assert response.status_code == 404
    assert "Secret Forum Riga 2030" not in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "manage/"])
def test_draft_edition_is_unknown_to_an_outsider(client, draft, outsider, suffix):
    client.force_login(outsider)

    response = client.get(draft.get_absolute_url() + suffix)

    assert response.status_code == 404
    assert "Secret Forum Riga 2030" not in response.content.decode()


def test_draft_edition_is_visible_to_its_organiser(client, draft, organiser):
    client.force_login(organiser)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Secret Forum Riga 2030</h1>" in response.content.decode()


@pytest.mark.parametrize("page", ["home", "series"])
def test_lists_do_not_leak_a_draft_title_to_an_outsider(client, draft, outsider, page):
    published = EditionFactory(
        series=draft.series, title="Open Forum Kaunas 2027", city="Kaunas", slug="kaunas-2027"
    )
    client.force_login(outsider)
    url = reverse("forums:home") if page == "home" else draft.series.get_absolute_url()

    content = client.get(url).content.decode()

    assert published.title in content
    assert "Secret Forum Riga 2030" not in content
    assert "Riga" not in content


@pytest.mark.parametrize("page", ["home", "series"])
def test_lists_show_a_draft_to_its_organiser(client, draft, organiser, page):
    client.force_login(organiser)
    url = reverse("forums:home") if page == "home" else draft.series.get_absolute_url()

    content = client.get(url).content.decode()

    assert "Secret Forum Riga 2030" in content
