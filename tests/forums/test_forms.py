"""Bad input on the organiser's forms: the error the organiser reads, and nothing written."""

import pytest
from django.urls import reverse

from impactdays.common.models import AuditEntry
from impactdays.forums import services
from impactdays.forums.forms import ReplicateForm
from impactdays.forums.models import Edition

pytestmark = pytest.mark.django_db


def _details_url(edition: Edition) -> str:
    return reverse(
        "forums:edition-details-update",
        kwargs={"series_slug": edition.series.slug, "edition_slug": edition.slug},
    )


def _valid(edition: Edition, **changes: object) -> dict[str, object]:
    # The content fields are edited per language (common.translated_forms); these are English.
    data = {
        "title_en": "A new title",
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
    data.update(changes)
    return data


def _row(edition: Edition) -> dict[str, object]:
    return Edition.objects.filter(pk=edition.pk).values().get()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"starts_on": "2018-10-07", "ends_on": "2018-10-04"},
            "ends_on",
            "The edition cannot end before it starts.",
        ),
        ({"latitude": 200}, "latitude", "Ensure this value is less than or equal to 90."),
        ({"longitude": -181}, "longitude", "Ensure this value is greater than or equal to -180."),
        (
            {"time_zone": "Mars/Olympus_Mons"},
            "time_zone",
            "Mars/Olympus_Mons is not a known time zone.",
        ),
        (
            {"starts_on": "2019-10-04", "ends_on": "2019-10-07"},
            "year",
            "The year must be the year the edition starts.",
        ),
        (
            {"languages": ["xx"]},
            "languages",
            "Select a valid choice. xx is not one of the available choices.",
        ),
        ({"languages": []}, "languages", "This field is required."),
        ({"title_en": ""}, "title_en", "Write this in at least one language."),
    ],
)
def test_invalid_details_show_the_error_and_change_nothing(
    client, edition, organiser, changes, field, message
):
    client.force_login(organiser)
    before = _row(edition)
    audit_before = AuditEntry.objects.count()
    data = _valid(edition, **changes)

    response = client.post(_details_url(edition), data)

    assert response.status_code == 200
    assert response.context["details_form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert _row(edition) == before
    assert AuditEntry.objects.count() == audit_before
    # The page around the form still shows the stored edition, not the rejected input.
    assert (
        f'<a href="{edition.get_absolute_url()}">{edition.title}</a>' in response.content.decode()
    )
    assert response.context["details_form"]["title_en"].value() == data["title_en"]  # input is kept


def test_replicate_form_checks_the_dates_and_coordinates():
    form = ReplicateForm(
        {
            "city": "Kaunas",
            "country": "LT",
            "year": 2027,
            "starts_on": "2027-09-19",
            "ends_on": "2027-09-16",
            "latitude": 91,
            "longitude": 23.9,
        }
    )

    assert not form.is_valid()
    assert form.errors == {
        "ends_on": ["The edition cannot end before it starts."],
        "latitude": ["Ensure this value is less than or equal to 90."],
    }


def test_replicate_form_requires_a_country():
    form = ReplicateForm(
        {
            "city": "Kaunas",
            "country": "",
            "year": 2027,
            "starts_on": "2027-09-16",
            "ends_on": "2027-09-19",
            "latitude": 54.9,
            "longitude": 23.9,
        }
    )

    assert form.errors == {"country": ["This field is required."]}


def test_details_opened_before_another_change_are_refused_and_change_nothing(
    client, edition, organiser
):
    client.force_login(organiser)
    opened = _valid(edition, title_en="My new title")
    services.edition_update(edition=edition, actor=None, theme="Set through the API")
    before = _row(edition)

    response = client.post(_details_url(edition), opened)

    assert response.status_code == 200
    assert response.context["details_form"].non_field_errors() == [
        "Someone else changed this edition after you opened it. Reload the page to see their "
        "changes, then make yours again."
    ]
    assert _row(edition) == before


def test_details_send_only_what_changed(client, edition, organiser):
    client.force_login(organiser)
    opened = _valid(edition, title_en="My new title")

    client.post(_details_url(edition), opened)

    entry = AuditEntry.objects.filter(action="edition_update").get()
    assert set(entry.data) == {"title_en"}
    assert Edition.objects.get(pk=edition.pk).title == "My new title"
