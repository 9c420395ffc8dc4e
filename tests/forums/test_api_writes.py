import pytest

from impactdays.common.models import AuditEntry
from impactdays.forums.models import Edition

pytestmark = pytest.mark.django_db


def _row(edition):
    return Edition.objects.filter(pk=edition.pk).values().get()


def test_edition_update_by_organiser_with_token_changes_the_row(api_as, edition, organiser):
    response = api_as(organiser).patch(
        f"/editions/{edition.pk}",
        {"title": "Social Impact Days Yaroslavl", "latitude": 57, "languages": ["ru"]},
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Social Impact Days Yaroslavl"
    edition.refresh_from_db()
    assert (edition.title, edition.latitude, edition.languages) == (
        "Social Impact Days Yaroslavl",
        57.0,
        ["ru"],
    )
    assert list(
        AuditEntry.objects.filter(action="edition_update").values_list("actor", "target_id")
    ) == [(organiser.pk, str(edition.pk))]


def test_edition_update_by_site_admin_changes_the_row(api_as, edition, site_admin):
    response = api_as(site_admin).patch(f"/editions/{edition.pk}", {"theme": "Rivers"})

    assert response.status_code == 200
    assert Edition.objects.get(pk=edition.pk).theme == "Rivers"


def test_edition_update_of_own_draft_changes_the_row(api_as, draft_edition, organiser):
    response = api_as(organiser).patch(f"/editions/{draft_edition.pk}", {"city": "Kostroma"})

    assert response.status_code == 200
    assert Edition.objects.get(pk=draft_edition.pk).city == "Kostroma"


@pytest.mark.parametrize(
    "persona", ["facilitator", "reviewer", "speaker", "participant", "partner", "outsider"]
)
def test_edition_update_without_organiser_role_is_403_and_writes_nothing(
    request, api_as, edition, persona
):
    user = request.getfixturevalue(persona)
    before = _row(edition)

    response = api_as(user).patch(f"/editions/{edition.pk}", {"title": "Taken over"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the organisers of this edition can change it, and not while its report "
        "is published."
    }
    assert _row(edition) == before


def test_edition_update_anonymous_is_401_and_writes_nothing(anonymous_api, edition):
    before = _row(edition)

    response = anonymous_api.patch(f"/editions/{edition.pk}", {"title": "Taken over"})

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Send an API token (Authorization: Bearer <key>) or sign in."
    }
    assert response["WWW-Authenticate"] == "Bearer"
    assert _row(edition) == before


def test_edition_update_anonymous_with_bad_input_is_still_401(anonymous_api, edition):
    response = anonymous_api.patch(f"/editions/{edition.pk}", {"year": "2018"})

    assert response.status_code == 401


def test_edition_update_of_hidden_draft_is_404_for_other_organiser(api_as, draft_edition, outsider):
    before = _row(draft_edition)

    response = api_as(outsider).patch(f"/editions/{draft_edition.pk}", {"title": "Found it"})

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no edition with this id."}
    assert _row(draft_edition) == before


def test_edition_update_with_published_report_is_403(api_as, edition, organiser):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", {"title": "Rewritten"})

    assert response.status_code == 403
    assert _row(edition) == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"ends_on": "2018-10-01"},
            {"ends_on": ["The edition cannot end before it starts."]},
        ),
        ({"year": "2018"}, {"year": ["Input should be a valid integer"]}),
        ({"year": 2018.0}, {"year": ["Input should be a valid integer"]}),
        ({"year": True}, {"year": ["Input should be a valid integer"]}),
        (
            {"latitude": 200},
            {"latitude": ["Ensure this value is less than or equal to 90."]},
        ),
        ({"latitude": True}, {"latitude": ["Input should be a valid number"]}),
        ({"latitude": "57.6"}, {"latitude": ["Input should be a valid number"]}),
        ({"title": None}, {"title": ["Input should be a valid string"]}),
        ({"theme": None}, {"theme": ["Input should be a valid string"]}),
        (
            {"starts_on": "4 October 2018"},
            {"starts_on": ["Value error, Enter the date as YYYY-MM-DD."]},
        ),
        ({"starts_on": 1538611200}, {"starts_on": ["Input should be a valid date"]}),
        ({"languages": "en"}, {"languages": ["Input should be a valid list"]}),
        ({"languages": [1]}, {"languages.0": ["Input should be a valid string"]}),
        ({"status": "live"}, {"status": ["Extra inputs are not permitted"]}),
        ({"time_zone": "Mars/Olympus"}, {"time_zone": ["Mars/Olympus is not a known time zone."]}),
        ({"country": "XX"}, {"country": ["Value 'XX' is not a valid choice."]}),
        ([], {"__all__": ["Input should be a valid dictionary or object to extract fields from"]}),
    ],
)
def test_edition_update_with_bad_input_is_422_and_writes_nothing(
    api_as, edition, organiser, body, errors
):
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", body)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert _row(edition) == before
    assert not AuditEntry.objects.filter(action="edition_update").exists()


def test_edition_update_with_service_error_names_it_in_detail(api_as, edition, organiser):
    response = api_as(organiser).patch(f"/editions/{edition.pk}", {"ends_on": "2018-10-01"})

    assert response.json() == {
        "detail": "The edition cannot end before it starts.",
        "errors": {"ends_on": ["The edition cannot end before it starts."]},
    }


def test_edition_update_with_body_not_json_is_422_and_writes_nothing(api_as, edition, organiser):
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", "{title: oops", raw=True)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request body is not valid JSON.",
        "errors": {"__all__": ["The request body is not valid JSON."]},
    }
    assert _row(edition) == before


def test_edition_update_without_body_is_422(api_as, edition, organiser):
    response = api_as(organiser).patch(f"/editions/{edition.pk}", "", raw=True)

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."


def test_edition_status_move_by_organiser_moves_it(api_as, edition, organiser):
    response = api_as(organiser).post(f"/editions/{edition.pk}/status", {"to": "selection"})

    assert response.status_code == 200
    assert response.json()["status"] == "selection"
    assert response.json()["allowed_moves"] == ["programme", "open_call"]
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SELECTION
    assert list(
        AuditEntry.objects.filter(action="edition_status_move").values_list("data", flat=True)
    ) == [{"from": "open_call", "to": "selection"}]


def test_edition_status_move_not_in_transitions_is_422_and_writes_nothing(
    api_as, edition, organiser
):
    response = api_as(organiser).post(f"/editions/{edition.pk}/status", {"to": "live"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "An edition cannot move from Open call to Live. From Open call it can move to: Selection, Draft.",
        "errors": {
            "to": [
                "An edition cannot move from Open call to Live. From Open call it can move to: Selection, Draft."
            ]
        },
    }
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL
    assert not AuditEntry.objects.filter(action="edition_status_move").exists()


@pytest.mark.parametrize("to", ["published", 3, None, ["selection"]])
def test_edition_status_move_to_no_status_is_422(api_as, edition, organiser, to):
    response = api_as(organiser).post(f"/editions/{edition.pk}/status", {"to": to})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["to"]
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL


@pytest.mark.parametrize("persona", ["participant", "speaker", "outsider"])
def test_edition_status_move_without_organiser_role_is_403(request, api_as, edition, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).post(f"/editions/{edition.pk}/status", {"to": "selection"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the organisers of this edition can move its status."}
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL


def test_edition_status_move_anonymous_is_401(anonymous_api, edition):
    response = anonymous_api.post(f"/editions/{edition.pk}/status", {"to": "selection"})

    assert response.status_code == 401
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"title": "a\x00b"}, {"title": ["Value error, Text cannot contain NUL characters."]}),
        (
            {"description": "\ud800"},
            {
                "description": [
                    "Input should be a valid string, unable to parse raw data as a unicode string"
                ]
            },
        ),
        ({"title": "x" * 201}, {"title": ["String should have at most 200 characters"]}),
        ({"city": "x" * 101}, {"city": ["String should have at most 100 characters"]}),
        ({"theme": "x" * 301}, {"theme": ["String should have at most 300 characters"]}),
        (
            {"description": "x" * 20_001},
            {"description": ["String should have at most 20000 characters"]},
        ),
        ({"title": ""}, {"title": ["String should have at least 1 character"]}),
        ({"country": "D\x00"}, {"country": ["Value error, Text cannot contain NUL characters."]}),
        ({"languages": ["en", "en"]}, {"languages": ["Each language only once."]}),
    ],
)
def test_edition_update_with_text_no_column_may_store_is_422_and_writes_nothing(
    api_as, edition, organiser, body, errors
):
    before = _row(edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", body)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert _row(edition) == before
    assert not AuditEntry.objects.filter(action="edition_update").exists()


def test_edition_update_with_the_longest_texts_stores_them(api_as, edition, organiser):
    body = {"title": "t" * 200, "city": "c" * 100, "theme": "h" * 300, "description": "d" * 20_000}

    response = api_as(organiser).patch(f"/editions/{edition.pk}", body)

    assert response.status_code == 200
    assert Edition.objects.filter(pk=edition.pk).values(*body).get() == body


def test_edition_update_from_a_stale_version_is_409_and_writes_nothing(api_as, edition, organiser):
    client = api_as(organiser)
    read = client.get(f"/editions/{edition.pk}").json()
    client.patch(f"/editions/{edition.pk}", {"theme": "Changed by a colleague"})
    before = _row(edition)

    response = client.patch(
        f"/editions/{edition.pk}", {"version": read["version"], "title": "Mine"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone else changed this edition after you opened it. Reload the page to "
        "see their changes, then make yours again."
    }
    assert _row(edition) == before


def test_edition_update_from_the_current_version_raises_it(api_as, edition, organiser):
    client = api_as(organiser)
    read = client.get(f"/editions/{edition.pk}").json()

    response = client.patch(
        f"/editions/{edition.pk}", {"version": read["version"], "title": "Mine"}
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["version"]) == ("Mine", read["version"] + 1)
