"""The organiser's dashboard: an overview and one page per section, each behind its permission.

Sections other apps register appear in the navigation and on the overview, in order; their pages
are the app's own view or a page forums serves. People and roles are searched and paged, and a
role is revoked only after a confirmation page.
"""

import re

import pytest
from django.contrib.messages import get_messages

from impactdays.common.models import AuditEntry
from impactdays.forums import dashboard
from impactdays.forums.dashboard import DashboardSection, dashboard_section_register
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionInvitation, EditionRole
from tests.forums.factories import EditionRoleFactory, RoomFactory, VenueFactory
from tests.people.factories import UserFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db

SECTION_PAGES = [
    "forums:edition-manage",
    "forums:edition-people",
    ("forums:edition-section", "details"),
    ("forums:edition-section", "venues"),
    ("forums:edition-section", "partners"),
    ("forums:edition-section", "status"),
]


def _page_url(page, edition: Edition) -> str:
    if isinstance(page, tuple):
        return edition_url(page[0], edition, section_key=page[1])
    return edition_url(page, edition)


def _nav(page: str) -> list[tuple[str, bool]]:
    """(link text, is the current page) for each link of the sections' navigation."""
    nav = page.split('class="dashboard-nav"', 1)[1].split("</nav>", 1)[0]
    return [
        (text, bool(current))
        for current, text in re.findall(r'<a href="[^"]*"( aria-current="page")?>([^<]*)</a>', nav)
    ]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def programme_section(monkeypatch):
    monkeypatch.setattr(dashboard, "_SECTIONS", dict(dashboard._SECTIONS))
    dashboard_section_register(
        DashboardSection(
            key="programme",
            title="Programme",
            template="forums/partials/manage_status.html",
            order=25,
            permission="forums.change_edition",
            context=lambda request, edition: {
                "can_move_status": True,
                "status_moves": [("live", "Live (from programme)")],
            },
            summary=lambda request, edition: "3 sessions without a room",
        )
    )


# The overview and the navigation.


def test_the_overview_lists_every_section_with_its_summary(client, edition, organiser):
    venue = VenueFactory(edition=edition)
    RoomFactory.create_batch(2, venue=venue)
    client.force_login(organiser)

    page = client.get(edition_url("forums:edition-manage", edition)).content.decode()

    assert _nav(page) == [
        ("Overview", True),
        ("Details", False),
        ("Venues and rooms", False),
        ("Partners", False),
        ("People and roles", False),
        ("Open call", False),
        ("Programme", False),
        ("Challenges and moderation", False),
        ("Creative sessions", False),
        ("Conversations", False),
        ("Decisions", False),
        ("Status and replication", False),
    ]
    assert "Follow the applications; start the selection when the call closes." in page
    assert "Yaroslavl, 2018 · 2 languages" in page
    assert "1 venue, 2 rooms" in page
    assert "No partner yet." in page
    assert "1 person with a role" in page
    assert "At “Open call”." in page
    # Only links: the actions live on their sections' pages.
    assert '<form method="post"' not in page.split("<main", 1)[1]


def test_a_section_page_marks_itself_and_carries_only_its_own_actions(client, edition, organiser):
    client.force_login(organiser)

    page = client.get(_page_url(("forums:edition-section", "venues"), edition)).content.decode()

    assert ("Venues and rooms", True) in _nav(page)
    assert [current for _text, current in _nav(page)].count(True) == 1
    assert "<h1>Venues and rooms</h1>" in page
    assert "Add the venue" in page
    assert "Save the details" not in page
    assert "Send the invitation" not in page
    assert "Replicate" not in page


def test_a_registered_section_shows_in_its_place_with_its_page(
    client, edition, organiser, programme_section
):
    client.force_login(organiser)

    overview = client.get(edition_url("forums:edition-manage", edition)).content.decode()
    section = client.get(edition_url("forums:edition-section", edition, section_key="programme"))

    assert [text for text, _current in _nav(overview)] == [
        "Overview",
        "Details",
        "Programme",
        "Venues and rooms",
        "Partners",
        "People and roles",
        "Open call",
        "Challenges and moderation",
        "Creative sessions",
        "Conversations",
        "Decisions",
        "Status and replication",
    ]
    assert "3 sessions without a room" in overview
    assert section.status_code == 200
    assert "<h1>Programme</h1>" in section.content.decode()
    assert "Live (from programme)" in section.content.decode()


def test_a_section_with_its_own_view_links_there(monkeypatch, client, edition, organiser):
    monkeypatch.setattr(dashboard, "_SECTIONS", dict(dashboard._SECTIONS))
    dashboard_section_register(
        DashboardSection(key="public", title="Public page", url_name="forums:edition-detail")
    )
    client.force_login(organiser)

    overview = client.get(edition_url("forums:edition-manage", edition)).content.decode()
    generic = client.get(edition_url("forums:edition-section", edition, section_key="public"))

    assert f'<a href="{edition.get_absolute_url()}">Public page</a>' in overview
    assert generic.status_code == 404


def test_a_section_is_hidden_without_its_permission(client, edition, site_admin, programme_section):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)
    client.force_login(site_admin)

    page = client.get(edition_url("forums:edition-manage", edition)).content.decode()
    details = client.get(_page_url(("forums:edition-section", "details"), edition))
    programme = client.get(edition_url("forums:edition-section", edition, section_key="programme"))

    assert "Programme" not in [text for text, _current in _nav(page)]
    assert "Details" not in [text for text, _current in _nav(page)]
    assert (details.status_code, programme.status_code) == (403, 403)


def test_an_unknown_section_is_404(client, edition, organiser):
    client.force_login(organiser)

    response = client.get(edition_url("forums:edition-section", edition, section_key="nothing"))

    assert response.status_code == 404


@pytest.mark.parametrize("page", SECTION_PAGES)
@pytest.mark.parametrize("role", ["participant", "outsider"])
def test_no_section_page_opens_for(request, client, edition, page, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_page_url(page, edition))

    assert response.status_code == 403
    assert edition.title not in response.content.decode()


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_every_section_page_sends_anonymous_visitors_to_sign_in(client, edition, page):
    url = _page_url(page, edition)

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_every_section_page_opens_for_the_organiser(client, edition, organiser, page):
    client.force_login(organiser)

    response = client.get(_page_url(page, edition))

    assert response.status_code == 200


def test_the_home_links_to_each_section_page(client, edition, organiser):
    client.force_login(organiser)

    mine = client.get("/").content.decode().split('id="mine-heading"', 1)[1]

    assert f'href="{_page_url(("forums:edition-section", "venues"), edition)}"' in mine
    assert f'href="{edition_url("forums:edition-people", edition)}"' in mine


def test_a_failed_form_comes_back_on_its_section_page(client, edition, organiser):
    client.force_login(organiser)

    response = client.post(
        edition_url("forums:edition-venue-create", edition), {"name_en": "", "address_en": ""}
    )

    assert response.status_code == 200
    assert ("Venues and rooms", True) in _nav(response.content.decode())
    assert response.context["venue_form"].errors["name_en"] == [
        "Write this in at least one language."
    ]


def test_a_stale_details_form_is_refused_on_the_details_page(client, edition, organiser):
    client.force_login(organiser)
    form = client.get(_page_url(("forums:edition-section", "details"), edition)).context[
        "details_form"
    ]
    data = {
        **{name: form[name].value() or "" for name in form.fields if name != "is_illustrative"},
        "title_en": "Edited meanwhile",
    }
    Edition.objects.filter(pk=edition.pk).update(version=edition.version + 1)

    response = client.post(edition_url("forums:edition-details-update", edition), data)

    edition.refresh_from_db()
    assert response.status_code == 200
    assert ("Details", True) in _nav(response.content.decode())
    assert response.context["details_form"].non_field_errors() == [
        "Someone else changed this edition after you opened it. Reload the page to see their "
        "changes, then make yours again."
    ]
    assert edition.title != "Edited meanwhile"


# The language picker.


def test_the_language_picker_shows_the_chosen_and_common_languages_first(
    client, edition, organiser
):
    Edition.objects.filter(pk=edition.pk).update(languages=["en", "et"])
    client.force_login(organiser)

    page = client.get(_page_url(("forums:edition-section", "details"), edition)).content.decode()

    first, more = page.split('class="language-picker-more"', 1)
    first = first.split("data-language-picker", 1)[1]
    assert re.search(r'value="et"[^>]*checked', first)
    assert re.search(r'value="en"[^>]*checked', first)
    assert 'value="ru"' in first and 'value="ru"' not in more  # common, not chosen
    assert 'value="cy"' in more  # neither chosen nor common: folded away
    assert '<script src="/static/forums/js/language_picker.js"></script>' in page


def test_the_chosen_languages_are_saved_from_the_checkboxes(client, edition, organiser):
    client.force_login(organiser)
    form = client.get(_page_url(("forums:edition-section", "details"), edition)).context[
        "details_form"
    ]
    data = {name: form[name].value() or "" for name in form.fields if name != "is_illustrative"}

    client.post(
        edition_url("forums:edition-details-update", edition),
        {**data, "languages": ["de", "cy"]},
    )

    edition.refresh_from_db()
    assert edition.languages == ["de", "cy"]


# People and roles: search, paging, revocation.


@pytest.fixture
def crowd(edition):
    """30 participants and 3 speakers, their names in order of their addresses."""
    people = [
        EditionRoleFactory(
            edition=edition,
            role=EditionRole.Role.PARTICIPANT,
            user=UserFactory(email=f"p{index:02}@example.org", display_name=f"Person {index:02}"),
        )
        for index in range(30)
    ]
    for name in ("Anna Speaker", "Boris Speaker", "Clara Speaker"):
        EditionRoleFactory(
            edition=edition,
            role=EditionRole.Role.SPEAKER,
            user=UserFactory(display_name=name, email=f"{name.split()[0].lower()}@talks.org"),
        )
    return people


def _listed(response) -> list[str]:
    return [grant.user.email for grant in response.context["roles_page"]]


def test_people_are_listed_25_to_a_page(client, edition, organiser, crowd):
    client.force_login(organiser)
    url = edition_url("forums:edition-people", edition)

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(_listed(first)) == 25
    assert len(_listed(second)) == 34 - 25  # the organiser too
    assert set(_listed(first)).isdisjoint(_listed(second))
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_people_are_found_by_name_address_and_role(client, edition, organiser, crowd):
    client.force_login(organiser)
    url = edition_url("forums:edition-people", edition)

    by_name = client.get(url, {"text": "boris"})
    by_address = client.get(url, {"text": "@TALKS.org"})
    by_role = client.get(url, {"role": "speaker"})
    both = client.get(url, {"text": "person 0", "role": "participant"})
    none = client.get(url, {"text": "anna", "role": "participant"})

    assert _listed(by_name) == ["boris@talks.org"]
    assert _listed(by_address) == ["anna@talks.org", "boris@talks.org", "clara@talks.org"]
    assert _listed(by_role) == _listed(by_address)
    assert _listed(both) == [f"p0{index}@example.org" for index in range(10)]
    assert _listed(none) == []
    assert "Nobody holds a role that matches." in none.content.decode()


def test_paging_keeps_the_search(client, edition, organiser, crowd):
    client.force_login(organiser)

    page = client.get(edition_url("forums:edition-people", edition), {"text": "person", "page": 1})

    assert 'href="?text=person&amp;page=2" rel="next"' in page.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("99", 2), ("0", 2), ("-1", 2), ("two", 1), ("", 1)])
def test_a_page_out_of_range_or_not_a_number_shows_a_real_page(
    client, edition, organiser, crowd, page, shown
):
    client.force_login(organiser)

    response = client.get(edition_url("forums:edition-people", edition), {"page": page})

    assert response.status_code == 200
    assert response.context["roles_page"].number == shown


@pytest.mark.parametrize(
    ("query", "error"),
    [
        (
            {"role": "emperor"},
            "Select a valid choice. emperor is not one of the available choices.",
        ),
        ({"text": "x" * 101}, "Ensure this value has at most 100 characters (it has 101)."),
        ({"text": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_search_shows_the_error_and_the_whole_list(
    client, edition, organiser, crowd, query, error
):
    client.force_login(organiser)

    response = client.get(edition_url("forums:edition-people", edition), query)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["roles_page"].paginator.count == 34


def test_the_people_page_makes_a_fixed_number_of_queries(
    client, edition, organiser, crowd, django_assert_max_num_queries
):
    client.force_login(organiser)
    for index in range(5):
        EditionInvitation.objects.create(
            edition=edition,
            email=f"invited{index}@example.org",
            role="speaker",
            token_digest=f"{index:064}",
            sent_at=edition.created_at,
            expires_at=edition.created_at,
        )

    with django_assert_max_num_queries(9):
        response = client.get(edition_url("forums:edition-people", edition))

    assert response.status_code == 200


def test_revoking_asks_first_and_changes_nothing_until_confirmed(client, edition, organiser, crowd):
    client.force_login(organiser)
    grant = crowd[3]
    url = edition_url("forums:edition-role-revoke", edition, pk=grant.pk)
    before = snapshot(EditionRole, AuditEntry)

    page = client.get(url, {"text": "person", "page": "2"})

    assert page.status_code == 200
    assert "Person 03 (p03@example.org) will no longer be Participant of this edition." in (
        page.content.decode()
    )
    assert 'href="/series/' in page.content.decode()
    assert page.context["back_url"] == (
        edition_url("forums:edition-people", edition) + "?text=person&page=2"
    )
    assert snapshot(EditionRole, AuditEntry) == before


def test_confirming_revokes_and_returns_to_the_list_as_it_was(client, edition, organiser, crowd):
    client.force_login(organiser)
    grant = crowd[3]
    url = edition_url("forums:edition-role-revoke", edition, pk=grant.pk)

    response = client.post(f"{url}?text=person&page=2&next=https://evil.example")

    assert response["Location"] == (
        edition_url("forums:edition-people", edition) + "?text=person&page=2"
    )
    assert _messages(response) == ["The role is revoked."]
    assert not EditionRole.objects.filter(pk=grant.pk).exists()


def test_the_people_list_links_to_the_confirmation_not_to_a_form(client, edition, organiser, crowd):
    client.force_login(organiser)

    page = client.get(edition_url("forums:edition-people", edition), {"role": "speaker"})

    grant = EditionRole.objects.get(user__email="anna@talks.org")
    revoke = edition_url("forums:edition-role-revoke", edition, pk=grant.pk)
    assert f'href="{revoke}?role=speaker"' in page.content.decode()
    assert f'action="{revoke}"' not in page.content.decode()


@pytest.mark.parametrize("role", ["participant", "outsider"])
def test_who_may_not_act_cannot_open_or_confirm_a_revocation(request, client, edition, crowd, role):
    client.force_login(request.getfixturevalue(role))
    url = edition_url("forums:edition-role-revoke", edition, pk=crowd[0].pk)
    before = snapshot(EditionRole, AuditEntry)

    page = client.get(url)
    confirmed = client.post(url)

    assert (page.status_code, confirmed.status_code) == (403, 403)
    assert "p00@example.org" not in page.content.decode()
    assert snapshot(EditionRole, AuditEntry) == before


def test_a_role_of_another_edition_cannot_be_revoked_here(client, edition, organiser, outsider):
    client.force_login(organiser)
    elsewhere = EditionRole.objects.get(user=outsider)

    page = client.get(edition_url("forums:edition-role-revoke", edition, pk=elsewhere.pk))
    confirmed = client.post(edition_url("forums:edition-role-revoke", edition, pk=elsewhere.pk))

    assert (page.status_code, confirmed.status_code) == (404, 404)
    assert EditionRole.objects.filter(pk=elsewhere.pk).exists()


def test_a_frozen_edition_lists_people_without_actions(client, edition, organiser, crowd):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)
    client.force_login(organiser)

    page = client.get(edition_url("forums:edition-people", edition)).content.decode()

    assert "p00@example.org" in page
    assert "Revoke" not in page
    assert "Send the invitation" not in page


def test_the_overview_makes_a_fixed_number_of_queries(
    client, edition, organiser, crowd, django_assert_max_num_queries
):
    for index in range(5):
        RoomFactory.create_batch(3, venue=VenueFactory(edition=edition, name=f"Hall {index}"))
    client.force_login(organiser)

    # 11, and 1 each for the summaries of the programme, the challenges (open reports and
    # proposals in one query) and the decisions sections.
    with django_assert_max_num_queries(14):
        response = client.get(edition_url("forums:edition-manage", edition))

    assert response.status_code == 200
