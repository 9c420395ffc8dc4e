"""The public pages of series and editions, and the organiser's management page with its actions."""

import datetime as dt
import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.urls import reverse

from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    Room,
    Venue,
)
from tests.forums.factories import (
    EditionFactory,
    EditionPartnerFactory,
    EditionRoleFactory,
    ForumSeriesFactory,
    OrganisationFactory,
    RoomFactory,
    VenueFactory,
)
from tests.people.factories import UserFactory
from tests.permissions import project_urls

pytestmark = pytest.mark.django_db


def _url(name: str, edition: Edition, **kwargs: object) -> str:
    return reverse(
        name, kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug, **kwargs}
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def series():
    return ForumSeriesFactory(
        name="Social Impact Days",
        slug="social-impact-days",
        founded_year=2014,
        description="A forum series launched in 2014.",
    )


@pytest.fixture
def yaroslavl(series):
    return EditionFactory(
        series=series,
        title="Social Impact Days Yaroslavl 2018",
        slug="yaroslavl-2018",
        theme="Unlocking Communities' Potential for Collaborative Cities",
        description="More than 40 participants.",
        status=Edition.Status.CLOSED,
    )


@pytest.fixture
def kaunas(series):
    return EditionFactory(
        series=series,
        title="Social Impact Days Kaunas 2027",
        slug="kaunas-2027",
        year=2027,
        city="Kaunas",
        country="LT",
        latitude=54.8985,
        longitude=23.9036,
        starts_on=dt.date(2027, 9, 16),
        ends_on=dt.date(2027, 9, 19),
        time_zone="Europe/Vilnius",
        is_illustrative=True,
        status=Edition.Status.OPEN_CALL,
    )


@pytest.fixture
def tbilisi(series):
    return EditionFactory(
        series=series,
        title="Social Impact Days Tbilisi 2015",
        slug="tbilisi-2015",
        year=2015,
        city="Tbilisi",
        country="GE",
        latitude=41.7151,
        longitude=44.8271,
        starts_on=dt.date(2015, 9, 20),
        ends_on=dt.date(2015, 9, 23),
        is_illustrative=True,
        status=Edition.Status.CLOSED,
    )


@pytest.fixture
def furnished(yaroslavl):
    """Yaroslavl 2018 with its venue, rooms and partners, as in the demo forum."""
    venue = VenueFactory(
        edition=yaroslavl,
        name="Textil Cultural Center",
        address="Great Manufactory, Yaroslavl",
        latitude=57.6049,
        longitude=39.8843,
    )
    RoomFactory(venue=venue, name="Main hall", capacity=120)
    RoomFactory(venue=venue, name="Library", capacity=20)
    partners = [
        ("MitOst", "https://www.mitost.org", 52.5024, 13.4111, EditionPartner.Role.INITIATOR),
        ("SOL", "", 55.7558, 37.6173, EditionPartner.Role.ORGANISER),
        ("Textil Cultural Center", "", 57.6049, 39.8843, EditionPartner.Role.HOST),
        ("No Map Foundation", "", None, None, EditionPartner.Role.SUPPORTER),
    ]
    for name, website, latitude, longitude, role in partners:
        EditionPartnerFactory(
            edition=yaroslavl,
            role=role,
            organisation=OrganisationFactory(
                name=name, website=website, latitude=latitude, longitude=longitude
            ),
        )
    return yaroslavl


# Home


def test_home_lists_current_and_past_editions_with_badges(client, yaroslavl, kaunas, tbilisi):
    response = client.get(reverse("forums:home"))
    content = response.content.decode()

    assert response.status_code == 200
    assert list(response.context["current_editions"]) == [kaunas]
    assert response.context["past_editions"] == [yaroslavl, tbilisi]
    assert (
        '<a href="/series/social-impact-days/kaunas-2027/">Social Impact Days Kaunas 2027</a>'
        in content
    )
    assert '<span class="badge badge-status badge-status-open_call">Open call</span>' in content
    assert content.count('<span class="badge badge-illustrative">Illustrative</span>') == 2
    assert "Kaunas, Lithuania" in content
    assert (
        '<time datetime="2027-09-16">Sept. 16, 2027</time> \u2013 '
        '<time datetime="2027-09-19">Sept. 19, 2027</time>'
    ) in content
    assert "Unlocking Communities&#x27; Potential for Collaborative Cities" in content
    assert '<a href="/series/social-impact-days/">Social Impact Days</a>' in content
    assert "since 2014" in content


def test_home_without_editions_says_so(client):
    content = client.get(reverse("forums:home")).content.decode()

    assert "No edition is announced yet." in content
    assert "No edition has taken place yet." in content


def test_home_query_count_does_not_grow_with_editions(client, django_assert_max_num_queries):
    for year in range(2015, 2030):
        EditionFactory(
            year=year,
            starts_on=dt.date(year, 9, 1),
            ends_on=dt.date(year, 9, 3),
            status=Edition.Status.CLOSED if year < 2025 else Edition.Status.OPEN_CALL,
        )
    person = UserFactory()
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for edition in Edition.objects.all():
        EditionRoleFactory(edition=edition, user=person, role=EditionRole.Role.ORGANISER)
    client.force_login(person)

    # Session, user, two-factor check (2), my editions (2), current, past, series: not per edition.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("forums:home"))

    assert len(response.context["my_editions"]) == 15
    assert len(response.context["past_editions"]) == 6
    assert len(response.context["current_editions"]) == 5


# Series


def test_series_page_shows_map_places_timeline_and_list(client, series, yaroslavl, kaunas, tbilisi):
    response = client.get(series.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    assert [e.title for e in response.context["editions"]] == [
        "Social Impact Days Tbilisi 2015",
        "Social Impact Days Yaroslavl 2018",
        "Social Impact Days Kaunas 2027",
    ]
    assert response.context["places"][1] == {
        "name": "Social Impact Days Yaroslavl 2018",
        "label": "Yaroslavl 2018",
        "lat": 57.6261,
        "lon": 39.8845,
        "url": "/series/social-impact-days/yaroslavl-2018/",
        "kind": "edition",
    }
    places = json.loads(
        content.split('<script id="series-map-places" type="application/json">')[1].split(
            "</script>"
        )[0]
    )
    assert [place["label"] for place in places] == ["Tbilisi 2015", "Yaroslavl 2018", "Kaunas 2027"]
    assert (
        'id="series-map" data-map data-places-id="series-map-places" '
        'data-basemap-url="/static/forums/vendor/world-atlas/countries-110m.json"'
    ) in content
    assert 'role="region" aria-label="Map of the editions"' in content
    assert (
        '<script src="/static/forums/vendor/leaflet.markercluster/leaflet.markercluster.js"></script>'
        in content
    )
    assert "data-marker-count" not in content  # map.js sets it once the markers are drawn
    assert '<script src="/static/leaflet/leaflet.js"></script>' in content
    assert '<script src="/static/forums/js/map.js"></script>' in content
    assert '<link rel="stylesheet" href="/static/leaflet/leaflet.css">' in content
    assert "A forum series launched in 2014." in content
    assert '<span class="timeline-year">2015</span>' in content
    assert (
        '<a href="/series/social-impact-days/tbilisi-2015/">Social Impact Days Tbilisi 2015</a>'
        in content
    )


def test_series_page_names_the_tile_server_only_when_configured(client, settings, series, kaunas):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example"

    content = client.get(series.get_absolute_url()).content.decode()

    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in content
    assert 'data-tile-attribution="© Example"' in content


def test_series_page_without_tiles_makes_no_tile_request(client, series, kaunas):
    content = client.get(series.get_absolute_url()).content.decode()

    assert "data-tile-url" not in content


def test_leaflet_is_served_from_the_project():
    found = [
        finders.find(path)
        for path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png")
    ]

    assert all(found)


def test_series_page_query_count_does_not_grow_with_editions(
    client, series, django_assert_max_num_queries
):
    for year in range(2015, 2030):
        EditionFactory(
            series=series, year=year, starts_on=dt.date(year, 9, 1), ends_on=dt.date(year, 9, 3)
        )

    # 3, and 1 for the decisions panel (forums.page_panels).
    with django_assert_max_num_queries(4):
        response = client.get(series.get_absolute_url())

    assert len(response.context["places"]) == 15


def test_unknown_series_is_404(client):
    assert client.get("/series/nothing-here/").status_code == 404


# Edition


def test_edition_page_shows_details_venues_and_partners_by_role(client, furnished):
    response = client.get(furnished.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Social Impact Days Yaroslavl 2018</h1>" in content
    assert (
        '<dd class="edition-theme">Unlocking Communities&#x27; Potential for Collaborative Cities</dd>'
        in content
    )
    assert '<time datetime="2018-10-04">Oct. 4, 2018</time>' in content
    assert "(local dates, time zone Europe/Moscow)" in content
    assert "<dd>Yaroslavl, Russia</dd>" in content
    assert "<dd>English, Russian</dd>" in content
    assert "<dd>Closed</dd>" in content
    assert "<td>Main hall</td><td>120</td>" in content
    assert "<td>Library</td><td>20</td>" in content
    assert [
        (role, [p.organisation.name for p in members])
        for role, members in response.context["partner_groups"]
    ] == [
        ("Initiator", ["MitOst"]),
        ("Organiser", ["SOL"]),
        ("Supporter", ["No Map Foundation"]),
        ("Host", ["Textil Cultural Center"]),
    ]
    assert '<a href="https://www.mitost.org">MitOst</a>' in content
    assert "Manage</a>" not in content
    assert "Illustrative data" not in content


def test_edition_map_has_venues_and_partners_with_coordinates_once(client, furnished):
    response = client.get(furnished.get_absolute_url())

    assert response.context["places"] == [
        {
            "name": "Textil Cultural Center",
            "label": "Textil Cultural Center",
            "lat": 57.6049,
            "lon": 39.8843,
            "url": "",
            "kind": "venue",
        },
        {
            "name": "MitOst",
            "label": "MitOst",
            "lat": 52.5024,
            "lon": 13.4111,
            "url": "https://www.mitost.org",
            "kind": "partner",
        },
        {
            "name": "SOL",
            "label": "SOL",
            "lat": 55.7558,
            "lon": 37.6173,
            "url": "",
            "kind": "partner",
        },
    ]


def test_illustrative_edition_carries_a_notice(client, kaunas):
    content = client.get(kaunas.get_absolute_url()).content.decode()

    assert (
        "Illustrative data: this edition stands in for one whose records are not kept here, "
        "so its city, dates and details may be assumed."
    ) in content


def test_edition_page_offers_manage_only_to_those_who_may(client, edition, organiser, participant):
    manage_link = f'<a class="button" href="{_url("forums:edition-manage", edition)}">Manage</a>'
    client.force_login(participant)
    as_participant = client.get(edition.get_absolute_url()).content.decode()
    client.force_login(organiser)
    as_organiser = client.get(edition.get_absolute_url()).content.decode()

    assert manage_link not in as_participant
    assert manage_link in as_organiser


def test_edition_page_query_count_is_fixed(client, furnished, django_assert_max_num_queries):
    for index in range(5):
        venue = VenueFactory(edition=furnished, name=f"Hall {index}")
        RoomFactory.create_batch(3, venue=venue)
        EditionPartnerFactory(edition=furnished)

    # 5, and 1 for the decisions panel (forums.page_panels).
    with django_assert_max_num_queries(6):
        response = client.get(furnished.get_absolute_url())

    assert response.status_code == 200


def test_unknown_edition_is_404(client, yaroslavl):
    assert client.get("/series/social-impact-days/atlantis-2030/").status_code == 404


# Every edition URL declares its permission.

EXPECTED_PERMISSIONS = {
    "edition-detail": "forums.view_edition",
    "edition-manage": "forums.manage_edition",
    "edition-section": "forums.manage_edition",
    "edition-people": "forums.manage_edition",
    "edition-details-update": "forums.change_edition",
    "edition-status-move": "forums.move_edition_status",
    "edition-partner-add": "forums.change_edition",
    "edition-partner-remove": "forums.change_edition",
    "edition-venue-create": "forums.change_edition",
    "edition-venue-delete": "forums.change_edition",
    "edition-room-create": "forums.change_edition",
    "edition-room-delete": "forums.change_edition",
    "edition-role-revoke": "forums.change_edition",
    "edition-replicate": "forums.replicate_edition",
    "edition-invitation-create": "forums.change_edition",
    "edition-invitation-resend": "forums.change_edition",
    "edition-invitation-revoke": "forums.change_edition",
}


def test_every_edition_url_is_wrapped_by_edition_permission_required():
    declared = {
        route.name.removeprefix("forums:"): route.pattern.callback.permission_required
        for route in project_urls()
        if route.name.startswith("forums:") and "<slug:edition_slug>" in route.route
    }

    assert declared == EXPECTED_PERMISSIONS


# The management page and its actions, for the organiser.


@pytest.fixture
def manage(client, edition, organiser):
    client.force_login(organiser)
    return client


def test_management_pages_show_every_section(manage, edition):
    overview = manage.get(_url("forums:edition-manage", edition))
    pages = {
        key: manage.get(_url("forums:edition-section", edition, section_key=key)).content.decode()
        for key in ("details", "venues", "partners", "status")
    }
    people = manage.get(_url("forums:edition-people", edition)).content.decode()

    assert overview.status_code == 200
    assert f"<h1>Manage {edition.title}</h1>" in overview.content.decode()
    assert "<h1>Details</h1>" in pages["details"]
    assert "<h1>Venues and rooms</h1>" in pages["venues"]
    assert "<h1>Partners</h1>" in pages["partners"]
    assert "<h1>Status and replication</h1>" in pages["status"]
    assert ">Replicate in another city</h2>" in pages["status"]
    assert "Move to “Selection”" in pages["status"]
    assert "<h1>People and roles</h1>" in people
    for page in [overview.content.decode(), *pages.values(), people]:
        assert '<script src="/static/forums/js/edition_manage.js"></script>' in page


def test_details_update_saves_the_change(manage, edition, organiser):
    data = {
        "title_en": "Social Impact Days Yaroslavl 2018",
        "year": 2018,
        "theme_en": "Collaborative cities",
        "description_en": "New text.",
        "city_en": "Yaroslavl",
        "country": "RU",
        "latitude": 57.6,
        "longitude": 39.9,
        "starts_on": "2018-10-03",
        "ends_on": "2018-10-07",
        "time_zone": "Europe/Moscow",
        "languages": ["en", "ru", "de"],
        "is_illustrative": "on",
        "version": edition.version,
    }

    response = manage.post(_url("forums:edition-details-update", edition), data)

    edition.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _url("forums:edition-section", edition, section_key="details")
    assert _messages(response) == ["The details are saved."]
    assert (
        edition.title,
        edition.theme,
        edition.starts_on,
        edition.languages,
        edition.is_illustrative,
    ) == (
        "Social Impact Days Yaroslavl 2018",
        "Collaborative cities",
        dt.date(2018, 10, 3),
        ["en", "ru", "de"],
        True,
    )


def test_status_move_follows_the_button(manage, edition):
    response = manage.post(_url("forums:edition-status-move", edition), {"to": "selection"})

    edition.refresh_from_db()
    assert edition.status == Edition.Status.SELECTION
    assert _messages(response) == ["The edition is now at “Selection”."]


def test_status_move_outside_the_table_is_refused(manage, edition):
    response = manage.post(_url("forums:edition-status-move", edition), {"to": "live"})

    edition.refresh_from_db()
    assert edition.status == Edition.Status.OPEN_CALL
    assert _messages(response) == [
        "An edition cannot move from Open call to Live. From Open call it can move to: Selection, Draft."
    ]


def test_partner_add_and_remove(manage, edition):
    organisation = OrganisationFactory(name="MitOst")

    added = manage.post(
        _url("forums:edition-partner-add", edition),
        {"organisation": organisation.pk, "role": "initiator"},
    )
    partner = EditionPartner.objects.get(edition=edition)
    removed = manage.post(_url("forums:edition-partner-remove", edition, pk=partner.pk))

    assert (partner.organisation, partner.role) == (organisation, "initiator")
    assert _messages(added) == ["The partner is added."]
    assert _messages(removed) == [
        "The partner is added.",
        "The partner is removed.",
    ]  # not yet shown
    assert not EditionPartner.objects.filter(edition=edition).exists()


def test_partner_added_twice_shows_the_error_and_writes_nothing(manage, edition):
    partner = EditionPartnerFactory(edition=edition, role="host")

    response = manage.post(
        _url("forums:edition-partner-add", edition),
        {"organisation": partner.organisation.pk, "role": "host"},
    )

    assert response.status_code == 200
    assert response.context["partner_form"].errors == {
        "__all__": ["This organisation already has that role in this edition."]
    }
    assert EditionPartner.objects.filter(edition=edition).count() == 1


def test_partner_of_another_edition_cannot_be_removed_here(manage, edition):
    elsewhere = EditionPartnerFactory()

    response = manage.post(_url("forums:edition-partner-remove", edition, pk=elsewhere.pk))

    assert response.status_code == 404
    assert EditionPartner.objects.filter(pk=elsewhere.pk).exists()


def test_venue_create_with_template_rooms(manage, edition):
    Edition.objects.filter(pk=edition.pk).update(
        room_template=[{"name": "Main hall", "capacity": 120}, {"name": "Library", "capacity": 20}]
    )

    response = manage.post(
        _url("forums:edition-venue-create", edition),
        {
            "name_en": "Textil Cultural Center",
            "address_en": "Great Manufactory",
            "latitude": 57.6049,
            "longitude": 39.8843,
            "apply_room_template": "on",
        },
    )

    venue = Venue.objects.get(edition=edition)
    assert _messages(response) == ["The venue is added."]
    assert venue.name == "Textil Cultural Center"
    assert sorted(venue.rooms.values_list("name", "capacity")) == [
        ("Library", 20),
        ("Main hall", 120),
    ]


def test_venue_create_with_a_name_taken_shows_the_error(manage, edition):
    VenueFactory(edition=edition, name="Textil Cultural Center")

    response = manage.post(
        _url("forums:edition-venue-create", edition),
        {
            "name_en": "Textil Cultural Center",
            "address_en": "Elsewhere",
            "latitude": 57.0,
            "longitude": 39.0,
        },
    )

    assert response.status_code == 200
    assert "This edition already has a venue of that name." in response.content.decode()
    assert Venue.objects.filter(edition=edition).count() == 1


def test_venue_delete_removes_its_rooms(manage, edition):
    room = RoomFactory(venue__edition=edition)

    response = manage.post(_url("forums:edition-venue-delete", edition, pk=room.venue.pk))

    assert _messages(response) == ["The venue and its rooms are deleted."]
    assert not Venue.objects.filter(edition=edition).exists()
    assert not Room.objects.filter(pk=room.pk).exists()


def test_room_create_and_delete(manage, edition):
    venue = VenueFactory(edition=edition)

    manage.post(
        _url("forums:edition-room-create", edition),
        {"venue": venue.pk, "name_en": "Library", "capacity": 20},
    )
    room = Room.objects.get(venue=venue)
    manage.post(_url("forums:edition-room-delete", edition, pk=room.pk))

    assert (room.name, room.capacity) == ("Library", 20)
    assert not Room.objects.filter(venue=venue).exists()


def test_room_cannot_be_added_to_a_venue_of_another_edition(manage, edition):
    elsewhere = VenueFactory()

    response = manage.post(
        _url("forums:edition-room-create", edition),
        {"venue": elsewhere.pk, "name_en": "Library", "capacity": 20},
    )

    assert response.context["room_form"].errors == {
        "venue": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not Room.objects.exists()


def test_role_revoke(manage, edition, participant):
    grant = EditionRole.objects.get(edition=edition, user=participant)

    response = manage.post(_url("forums:edition-role-revoke", edition, pk=grant.pk))

    assert _messages(response) == ["The role is revoked."]
    assert not EditionRole.objects.filter(pk=grant.pk).exists()


def test_revoking_the_last_organiser_is_refused(manage, edition, organiser):
    grant = EditionRole.objects.get(edition=edition, user=organiser)

    response = manage.post(_url("forums:edition-role-revoke", edition, pk=grant.pk))

    assert response["Location"] == _url("forums:edition-people", edition)
    assert _messages(response) == ["An edition needs at least one organiser."]
    assert EditionRole.objects.filter(pk=grant.pk).exists()


def test_organiser_who_steps_down_goes_to_the_public_page(manage, edition, organiser):
    EditionRoleFactory(edition=edition, role=EditionRole.Role.ORGANISER)
    grant = EditionRole.objects.get(edition=edition, user=organiser)

    response = manage.post(_url("forums:edition-role-revoke", edition, pk=grant.pk))

    assert response["Location"] == edition.get_absolute_url()


def test_replicate_creates_a_draft_and_opens_its_management_page(manage, edition, organiser):
    EditionPartnerFactory(edition=edition, role="initiator")
    RoomFactory(venue__edition=edition, name="Main hall", capacity=120)

    response = manage.post(
        _url("forums:edition-replicate", edition),
        {
            "city": "Kaunas",
            "country": "LT",
            "year": 2027,
            "starts_on": "2027-09-16",
            "ends_on": "2027-09-19",
            "latitude": 54.8985,
            "longitude": 23.9036,
            "title": "",
            "include_partners": "on",
        },
    )

    replica = Edition.objects.get(replicated_from=edition)
    assert response["Location"] == f"/series/{edition.series.slug}/kaunas-2027/manage/"
    assert _messages(response) == [f"{edition.series.name} Kaunas 2027 is created as a draft."]
    assert (replica.status, replica.city, replica.year) == ("draft", "Kaunas", 2027)
    assert replica.room_template == [{"name": "Main hall", "capacity": 120}]
    assert list(replica.partners.values_list("role", flat=True)) == ["initiator"]
    assert list(replica.roles.values_list("user", "role")) == [(organiser.pk, "organiser")]


def test_replicate_with_a_wrong_year_shows_the_error_and_writes_nothing(manage, edition):
    before = Edition.objects.count()

    response = manage.post(
        _url("forums:edition-replicate", edition),
        {
            "city": "Kaunas",
            "country": "LT",
            "year": 2026,
            "starts_on": "2027-09-16",
            "ends_on": "2027-09-19",
            "latitude": 54.8985,
            "longitude": 23.9036,
        },
    )

    assert response.status_code == 200
    assert response.context["replicate_form"].errors == {
        "year": ["The year must be the year the edition starts."]
    }
    assert Edition.objects.count() == before


def test_actions_only_accept_post(manage, edition):
    response = manage.get(_url("forums:edition-status-move", edition))

    assert response.status_code == 405


def test_unknown_page_has_the_site_layout_and_a_way_back(client, db):
    response = client.get("/series/no-such-series/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert 'id="language-select"' in content
