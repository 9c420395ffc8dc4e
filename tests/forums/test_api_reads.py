import datetime as dt

import pytest
from django.test import Client

from impactdays.forums.models import Edition, EditionPartner
from tests.api_client import ApiClient
from tests.forums.factories import (
    EditionFactory,
    EditionPartnerFactory,
    ForumSeriesFactory,
    OrganisationFactory,
    RoomFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def _summary(edition):
    return {
        "id": edition.pk,
        "series": edition.series.slug,
        "title": edition.title,
        "slug": edition.slug,
        "year": edition.year,
        "status": edition.status,
        "theme": edition.theme,
        "city": edition.city,
        "country": str(edition.country.code),
        "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.ends_on.isoformat(),
    }


def test_series_list_returns_every_series(anonymous_api):
    ForumSeriesFactory(name="Social Impact Days", slug="social-impact-days", founded_year=2016)
    ForumSeriesFactory(name="City Labs", slug="city-labs", description="Labs.")

    response = anonymous_api.get("/series")

    assert response.status_code == 200
    assert response.json() == [
        {"name": "City Labs", "slug": "city-labs", "description": "Labs.", "founded_year": None},
        {
            "name": "Social Impact Days",
            "slug": "social-impact-days",
            "description": "",
            "founded_year": 2016,
        },
    ]


def test_series_detail_lists_only_published_editions_to_anonymous(
    anonymous_api, edition, draft_edition
):
    response = anonymous_api.get(f"/series/{edition.series.slug}")

    assert response.status_code == 200
    assert response.json() == {
        "name": edition.series.name,
        "slug": edition.series.slug,
        "description": "",
        "founded_year": None,
        "editions": [_summary(edition)],
    }


def test_series_detail_lists_drafts_to_their_organiser(api_as, edition, draft_edition, organiser):
    response = api_as(organiser).get(f"/series/{edition.series.slug}")

    assert [item["id"] for item in response.json()["editions"]] == [edition.pk, draft_edition.pk]


def test_series_detail_unknown_slug_is_404(anonymous_api):
    response = anonymous_api.get("/series/no-such-series")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no forum series with this slug."}


def test_edition_list_is_paginated_newest_first(anonymous_api):
    older = EditionFactory(starts_on=dt.date(2016, 5, 1), ends_on=dt.date(2016, 5, 3))
    newer = EditionFactory(starts_on=dt.date(2019, 5, 1), ends_on=dt.date(2019, 5, 3))

    first_page = anonymous_api.get("/editions", limit=1)
    second_page = anonymous_api.get("/editions", limit=1, offset=1)

    assert first_page.status_code == 200
    assert first_page.json() == {"items": [_summary(newer)], "count": 2}
    assert second_page.json() == {"items": [_summary(older)], "count": 2}


def test_edition_list_filters_by_series_status_and_year(anonymous_api):
    series = ForumSeriesFactory(slug="social-impact-days")
    wanted = EditionFactory(series=series, status=Edition.Status.CLOSED, year=2018)
    EditionFactory(series=series, status=Edition.Status.OPEN_CALL, year=2018)
    EditionFactory(series=series, status=Edition.Status.CLOSED, year=2017)
    EditionFactory(status=Edition.Status.CLOSED, year=2018)

    response = anonymous_api.get(
        "/editions", series="social-impact-days", status="closed", year=2018
    )

    assert response.json() == {"items": [_summary(wanted)], "count": 1}


def test_edition_list_unknown_status_is_422(anonymous_api):
    response = anonymous_api.get("/editions", status="secret")

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."
    assert list(response.json()["errors"]) == ["status"]


def test_edition_list_hides_drafts_from_anonymous_and_other_organisers(
    anonymous_api, api_as, edition, draft_edition, outsider
):
    anonymous_ids = [item["id"] for item in anonymous_api.get("/editions").json()["items"]]
    outsider_ids = [item["id"] for item in api_as(outsider).get("/editions").json()["items"]]

    assert draft_edition.pk not in anonymous_ids
    assert draft_edition.pk not in outsider_ids
    assert edition.pk in anonymous_ids


def test_edition_list_shows_drafts_to_their_organiser(api_as, edition, draft_edition, organiser):
    response = api_as(organiser).get("/editions")

    assert {item["id"] for item in response.json()["items"]} == {edition.pk, draft_edition.pk}


def test_edition_list_makes_a_fixed_number_of_queries(anonymous_api, django_assert_num_queries):
    EditionFactory.create_batch(5)

    with django_assert_num_queries(2):  # count, page
        response = anonymous_api.get("/editions")

    assert response.json()["count"] == 5


def test_edition_detail_has_venues_rooms_and_partners_by_role(anonymous_api, edition):
    venue = VenueFactory(edition=edition, name="Art Hall", address="Square 1", description="Big")
    room = RoomFactory(venue=venue, name="Blue room", capacity=30)
    initiator = OrganisationFactory(name="Initiator NGO", slug="initiator-ngo")
    host = OrganisationFactory(name="Host Museum", slug="host-museum")
    EditionPartnerFactory(edition=edition, organisation=initiator, role="initiator")
    EditionPartnerFactory(edition=edition, organisation=host, role="host")

    response = anonymous_api.get(f"/editions/{edition.pk}")

    assert response.status_code == 200
    assert response.json() == {
        **_summary(edition),
        "description": "",
        "latitude": edition.latitude,
        "longitude": edition.longitude,
        "time_zone": "Europe/Moscow",
        "languages": ["en", "ru"],
        "allowed_moves": ["selection", "draft"],
        "version": 1,
        "venues": [
            {
                "id": venue.pk,
                "name": "Art Hall",
                "address": "Square 1",
                "latitude": venue.latitude,
                "longitude": venue.longitude,
                "description": "Big",
                "rooms": [{"id": room.pk, "name": "Blue room", "capacity": 30}],
            }
        ],
        "partners": {
            "initiator": [{"name": "Initiator NGO", "slug": "initiator-ngo"}],
            "organiser": [],
            "supporter": [],
            "host": [{"name": "Host Museum", "slug": "host-museum"}],
        },
    }


def test_edition_detail_makes_a_fixed_number_of_queries(
    anonymous_api, edition, django_assert_num_queries
):
    for venue in VenueFactory.create_batch(3, edition=edition):
        RoomFactory.create_batch(2, venue=venue)
    EditionPartnerFactory.create_batch(3, edition=edition)

    with django_assert_num_queries(5):  # visible edition, details, venues, rooms, partners
        response = anonymous_api.get(f"/editions/{edition.pk}")

    assert len(response.json()["venues"]) == 3


def test_edition_detail_draft_is_404_for_anonymous(anonymous_api, draft_edition):
    response = anonymous_api.get(f"/editions/{draft_edition.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no edition with this id."}


def test_edition_detail_draft_is_404_for_organiser_of_another_edition(
    api_as, draft_edition, outsider
):
    response = api_as(outsider).get(f"/editions/{draft_edition.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no edition with this id."}


def test_edition_detail_draft_is_visible_to_its_organiser_with_token(
    api_as, draft_edition, organiser
):
    response = api_as(organiser).get(f"/editions/{draft_edition.pk}")

    assert response.status_code == 200
    assert response.json()["title"] == "Secret draft"
    assert response.json()["status"] == "draft"


def test_edition_detail_draft_is_visible_to_its_organiser_in_session(draft_edition, organiser):
    client = Client()
    client.force_login(organiser)

    response = client.get(f"/api/v1/editions/{draft_edition.pk}")

    assert response.status_code == 200
    assert response.json()["id"] == draft_edition.pk


def test_edition_detail_with_invalid_token_is_401(draft_edition):
    response = ApiClient("not-a-real-key").get(f"/editions/{draft_edition.pk}")

    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is not valid."}


def test_venue_list_has_rooms_in_fixed_queries(anonymous_api, edition, django_assert_num_queries):
    first = VenueFactory(edition=edition, name="A venue")
    second = VenueFactory(edition=edition, name="B venue")
    RoomFactory(venue=first, name="One", capacity=10)
    RoomFactory(venue=first, name="Two", capacity=20)
    VenueFactory(name="Elsewhere")

    with django_assert_num_queries(3):  # visible edition, venues, rooms
        response = anonymous_api.get(f"/editions/{edition.pk}/venues")

    assert [
        (venue["name"], [room["name"] for room in venue["rooms"]]) for venue in response.json()
    ] == [("A venue", ["One", "Two"]), (second.name, [])]


def test_venue_list_of_hidden_draft_is_404(anonymous_api, draft_edition):
    VenueFactory(edition=draft_edition)

    response = anonymous_api.get(f"/editions/{draft_edition.pk}/venues")

    assert response.status_code == 404


def test_organisation_list_is_paginated_by_name(anonymous_api, django_assert_num_queries):
    OrganisationFactory(name="Zeta", slug="zeta", website="https://zeta.example.org")
    OrganisationFactory(name="Alpha", slug="alpha")

    with django_assert_num_queries(2):  # count, page
        response = anonymous_api.get("/organisations")

    assert response.json() == {
        "items": [
            {
                "name": "Alpha",
                "slug": "alpha",
                "kind": "ngo",
                "country": "DE",
                "city": "Berlin",
                "website": "",
                "description": "",
                "latitude": None,
                "longitude": None,
                "logo_url": None,
            },
            {
                "name": "Zeta",
                "slug": "zeta",
                "kind": "ngo",
                "country": "DE",
                "city": "Berlin",
                "website": "https://zeta.example.org",
                "description": "",
                "latitude": None,
                "longitude": None,
                "logo_url": None,
            },
        ],
        "count": 2,
    }


def test_organisation_detail_hides_partnerships_in_drafts(
    anonymous_api, api_as, edition, draft_edition, organiser
):
    organisation = OrganisationFactory(slug="museum")
    EditionPartnerFactory(edition=edition, organisation=organisation, role=EditionPartner.Role.HOST)
    EditionPartnerFactory(
        edition=draft_edition, organisation=organisation, role=EditionPartner.Role.SUPPORTER
    )

    public = anonymous_api.get("/organisations/museum").json()["partnerships"]
    for_organiser = api_as(organiser).get("/organisations/museum").json()["partnerships"]

    assert public == [{"role": "host", "edition": _summary(edition)}]
    assert [(item["role"], item["edition"]["id"]) for item in for_organiser] == [
        ("supporter", draft_edition.pk),
        ("host", edition.pk),
    ]


def test_organisation_detail_unknown_slug_is_404(anonymous_api):
    response = anonymous_api.get("/organisations/nobody")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no organisation with this slug."}
