"""The forums' content in English, Russian and German: edited side by side, shown with marked
fallbacks, read and written through the API in the language asked for."""

import pytest
from django.urls import reverse
from django.utils import translation

from impactdays.common.models import AuditEntry
from impactdays.forums.models import Edition, Room, Venue
from tests.forums.factories import VenueFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db


def _url(name: str, edition: Edition, language: str = "en") -> str:
    with translation.override(language):
        return reverse(
            name, kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug}
        )


def _details(edition: Edition, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title_en": edition.title_en,
        "title_ru": "",
        "title_de": "",
        "year": edition.year,
        "theme_en": edition.theme_en,
        "description_en": edition.description_en or "",
        "city_en": edition.city_en,
        "country": str(edition.country),
        "latitude": edition.latitude,
        "longitude": edition.longitude,
        "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.ends_on.isoformat(),
        "time_zone": edition.time_zone,
        "languages": edition.languages,
        "version": edition.version,
    }
    data.update(changes)
    return data


def _texts(edition: Edition, field: str) -> tuple[object, object, object]:
    row = Edition.objects.filter(pk=edition.pk).values(f"{field}_en", f"{field}_ru", f"{field}_de")
    values = row.get()
    return (values[f"{field}_en"], values[f"{field}_ru"], values[f"{field}_de"])


# Edited side by side on the dashboard.


def test_the_details_form_shows_each_content_field_once_per_language(client, edition, organiser):
    client.force_login(organiser)

    details = _url("forums:edition-manage", edition) + "details/"
    page = client.get(details).content.decode()

    for field in ["title", "theme", "description", "city"]:
        for language in ["en", "ru", "de"]:
            assert f'name="{field}_{language}"' in page
    assert 'name="title_ru" maxlength="200" lang="ru"' in page
    # The details' four content fields; the venue's three are on the venues page.
    assert page.count('<fieldset class="translated-field">') == 4
    venues = client.get(_url("forums:edition-manage", edition) + "venues/").content.decode()
    assert venues.count('<fieldset class="translated-field">') == 3


def test_the_details_form_saves_all_three_languages_at_once(client, edition, organiser):
    client.force_login(organiser)

    response = client.post(
        _url("forums:edition-details-update", edition),
        _details(
            edition,
            title_ru="Дни социального воздействия",
            title_de="Tage der sozialen Wirkung",
            city_ru="Ярославль",
            city_de="Jaroslawl",
        ),
    )

    assert response.status_code == 302
    assert _texts(edition, "title") == (
        edition.title_en,
        "Дни социального воздействия",
        "Tage der sozialen Wirkung",
    )
    assert _texts(edition, "city") == ("Yaroslavl", "Ярославль", "Jaroslawl")
    entry = AuditEntry.objects.get(action="edition_update")
    assert entry.data == {
        "title_ru": "None",
        "title_de": "None",
        "city_ru": "None",
        "city_de": "None",
    }


def test_a_bad_language_field_is_refused_and_no_language_is_written(client, edition, organiser):
    client.force_login(organiser)
    before = snapshot(Edition, AuditEntry)

    response = client.post(
        _url("forums:edition-details-update", edition),
        _details(edition, title_ru="Форум", city_de="???", title_de="x" * 201),
    )

    assert response.status_code == 200
    assert response.context["details_form"].errors == {
        "title_de": ["Ensure this value has at most 200 characters (it has 201)."],
        "city_de": ["Write the name with letters."],
    }
    assert snapshot(Edition, AuditEntry) == before


def test_content_written_only_in_russian_is_accepted(client, edition, organiser):
    client.force_login(organiser)

    client.post(
        _url("forums:edition-details-update", edition),
        _details(edition, title_en="", title_ru="Только по-русски"),
    )

    assert _texts(edition, "title") == (None, "Только по-русски", None)


def test_a_title_in_no_language_is_refused(client, edition, organiser):
    client.force_login(organiser)
    before = snapshot(Edition)

    response = client.post(
        _url("forums:edition-details-update", edition), _details(edition, title_en="")
    )

    assert response.context["details_form"].errors == {
        "title_en": ["Write this in at least one language."]
    }
    assert snapshot(Edition) == before


def test_a_venue_and_a_room_are_added_in_three_languages(client, edition, organiser):
    client.force_login(organiser)

    client.post(
        _url("forums:edition-venue-create", edition),
        {
            "name_en": "Textil Cultural Center",
            "name_ru": "Культурный центр «Текстиль»",
            "name_de": "Kulturzentrum Textil",
            "address_ru": "Ярославль",
            "latitude": 57.6,
            "longitude": 39.9,
        },
    )
    venue = Venue.objects.get(edition=edition)
    client.post(
        _url("forums:edition-room-create", edition),
        {"venue": venue.pk, "name_en": "Library", "name_ru": "Библиотека", "capacity": 20},
    )

    assert (venue.name_en, venue.name_ru, venue.name_de) == (
        "Textil Cultural Center",
        "Культурный центр «Текстиль»",
        "Kulturzentrum Textil",
    )
    assert (venue.address_en, venue.address_ru) == (None, "Ярославль")
    assert list(Room.objects.values_list("name_en", "name_ru", "name_de")) == [
        ("Library", "Библиотека", None)
    ]


def test_a_venue_name_taken_in_one_language_is_refused(client, edition, organiser):
    VenueFactory(edition=edition, name_en="Hall", name_ru="Зал")
    client.force_login(organiser)

    response = client.post(
        _url("forums:edition-venue-create", edition),
        {
            "name_en": "Other hall",
            "name_ru": "Зал",
            "address_en": "1",
            "latitude": 1,
            "longitude": 1,
        },
    )

    assert "This edition already has a venue of that name." in response.content.decode()
    assert Venue.objects.filter(edition=edition).count() == 1


@pytest.mark.parametrize("persona", ["participant", "outsider", "partner"])
def test_who_does_not_organise_cannot_change_the_translations(client, edition, persona, request):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(Edition, Venue)

    details = client.post(
        _url("forums:edition-details-update", edition, "ru"),
        _details(edition, title_ru="Захвачено"),
    )
    venue = client.post(
        _url("forums:edition-venue-create", edition, "de"),
        {"name_de": "Gekapert", "address_de": "1", "latitude": 1, "longitude": 1},
    )

    assert (details.status_code, venue.status_code) == (403, 403)
    assert snapshot(Edition, Venue) == before


# Shown in the reader's language, a fallback marked.


def test_the_edition_page_marks_content_not_written_in_the_reader_language(client, edition):
    Edition.objects.filter(pk=edition.pk).update(title_ru="Форум в Ярославле", theme_ru=None)
    path = edition.get_absolute_url()

    page = client.get(f"/ru{path}").content.decode()

    assert "<h1>Форум в Ярославле</h1>" in page
    assert (
        '<dd class="edition-theme"><span lang="en">Unlocking communities&#x27; potential</span> '
        '<span class="translation-note">(in English)</span></dd>'
    ) in page.replace("(на английском)", "(in English)")


def test_lists_show_the_title_in_the_reader_language(client, edition):
    Edition.objects.filter(pk=edition.pk).update(title_de="Forum in Jaroslawl")
    series_path = edition.series.get_absolute_url()

    home = client.get("/de/").content.decode()
    series = client.get(f"/de{series_path}").content.decode()

    assert ">Forum in Jaroslawl</a>" in home
    assert ">Forum in Jaroslawl</a>" in series


# The API: reads in the language asked for, writes per language.


@pytest.mark.parametrize(
    ("query", "headers", "title"),
    [
        ({}, {}, "Edition"),
        ({"lang": "ru"}, {}, "Выпуск"),
        ({}, {"accept-language": "de-DE,de;q=0.9"}, "Ausgabe"),
        ({"lang": "ru"}, {"accept-language": "de"}, "Выпуск"),
    ],
)
def test_api_reads_answer_in_the_language_asked_for(client, edition, query, headers, title):
    Edition.objects.filter(pk=edition.pk).update(
        title_en="Edition", title_ru="Выпуск", title_de="Ausgabe"
    )

    response = client.get(f"/api/v1/editions/{edition.pk}", query, headers=headers)

    assert response.json()["title"] == title


def test_api_reads_fall_back_to_another_language(client, edition):
    Edition.objects.filter(pk=edition.pk).update(title_en=None, title_ru="Выпуск")

    response = client.get(f"/api/v1/editions/{edition.pk}", {"lang": "de"})

    assert response.json()["title"] == "Выпуск"


def test_api_refuses_an_unknown_language(client, edition):
    response = client.get(f"/api/v1/editions/{edition.pk}", {"lang": "xx"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "“xx” is not a language of this site; use one of: en, ru, de."
    }


def test_api_writes_each_language_and_the_plain_field_in_the_request_language(
    api_as, edition, organiser
):
    api = api_as(organiser)
    api.headers["Accept-Language"] = "de"

    response = api.patch(
        f"/editions/{edition.pk}",
        {"title": "Ausgabe", "title_ru": "Выпуск", "city_ru": "Ярославль"},
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Ausgabe"
    assert _texts(edition, "title") == (edition.title_en, "Выпуск", "Ausgabe")
    assert _texts(edition, "city") == ("Yaroslavl", "Ярославль", None)


def test_api_write_that_leaves_no_language_is_refused_and_writes_nothing(
    api_as, edition, organiser
):
    before = snapshot(Edition)

    response = api_as(organiser).patch(f"/editions/{edition.pk}", {"title_en": "", "title_ru": ""})

    assert response.status_code == 422
    assert snapshot(Edition) == before


def test_api_participant_cannot_write_a_translation(api_as, edition, participant):
    before = snapshot(Edition)

    response = api_as(participant).patch(f"/editions/{edition.pk}", {"title_ru": "Захвачено"})

    assert response.status_code == 403
    assert snapshot(Edition) == before
