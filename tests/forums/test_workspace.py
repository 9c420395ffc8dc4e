"""The organiser's workspace: the signed-in home lists one's editions; new series and new editions."""

import pytest

from impactdays.common.models import AuditEntry
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole, ForumSeries
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db

NEW_EDITION = {
    "title_en": "Social Impact Days Tartu 2028",
    "year": "2028",
    "city_en": "Tartu",
    "country": "EE",
    "latitude": "58.38",
    "longitude": "26.72",
    "starts_on": "2028-09-14",
    "ends_on": "2028-09-17",
    "time_zone": "Europe/Tallinn",
    "languages": ["en", "et"],
    "theme_en": "Rivers and towns",
    "description_en": "",
}


def test_home_lists_my_editions_with_the_next_step_and_the_dashboard(client, edition, organiser):
    other = EditionFactory(status=Edition.Status.LIVE)
    EditionRoleFactory(edition=other, user=organiser, role=EditionRole.Role.SPEAKER)
    client.force_login(organiser)

    page = client.get("/").content.decode()

    mine = page.split('id="mine-heading"', 1)[1].split("</section>", 1)[0]
    assert edition.title in mine and other.title in mine
    assert "Follow the applications; start the selection when the call closes." in mine
    assert "The forum is on: see today&#x27;s programme." in mine
    assert f'href="{edition_url("forums:edition-section", edition, section_key="venues")}"' in mine
    assert edition_url("forums:edition-manage", other) not in mine


def test_home_lists_no_editions_for_visitors_and_outsiders_of_them(client, edition, outsider):
    assert 'id="mine-heading"' not in client.get("/").content.decode()

    client.force_login(outsider)
    mine = client.get("/").content.decode().split('id="mine-heading"', 1)[1]

    assert edition.title not in mine.split("</section>", 1)[0]


def test_an_organiser_of_the_series_creates_an_edition_and_organises_it(client, edition, organiser):
    client.force_login(organiser)

    response = client.post(f"/series/{edition.series.slug}/new-edition/", NEW_EDITION)

    created = Edition.objects.get(series=edition.series, city="Tartu")
    assert response["Location"] == edition_url("forums:edition-manage", created)
    assert (created.status, created.slug, created.format) == (
        "draft",
        "tartu-2028",
        edition.series.format,
    )
    assert list(created.roles.values_list("user", "role")) == [(organiser.pk, "organiser")]


@pytest.mark.parametrize("role", ["participant", "facilitator", "outsider"])
def test_who_does_not_organise_the_series_may_not_create_an_edition(request, client, edition, role):
    client.force_login(request.getfixturevalue(role))
    before = snapshot(Edition, EditionRole, AuditEntry)

    page = client.get(f"/series/{edition.series.slug}/new-edition/")
    response = client.post(f"/series/{edition.series.slug}/new-edition/", NEW_EDITION)

    assert (page.status_code, response.status_code) == (403, 403)
    assert snapshot(Edition, EditionRole, AuditEntry) == before


def test_a_new_edition_with_bad_input_shows_the_error_and_writes_nothing(
    client, edition, organiser
):
    client.force_login(organiser)
    before = snapshot(Edition, EditionRole, AuditEntry)

    response = client.post(
        f"/series/{edition.series.slug}/new-edition/",
        {**NEW_EDITION, "ends_on": "2028-09-01", "city_en": "!!!"},
    )

    assert response.context["form"].errors == {
        "ends_on": ["The edition cannot end before it starts."],
        "city_en": ["Write the name with letters."],
    }
    assert snapshot(Edition, EditionRole, AuditEntry) == before


def test_only_site_admins_create_series(client, site_admin, organiser):
    data = {"name_en": "Urban Days", "description_en": "", "founded_year": "2026"}
    client.force_login(organiser)
    refused = client.post("/new-series/", data)
    client.force_login(site_admin)

    created = client.post("/new-series/", data)

    series = ForumSeries.objects.get(name="Urban Days")
    assert refused.status_code == 403
    assert created["Location"] == series.get_absolute_url()
    assert ForumSeries.objects.filter(name="Urban Days").count() == 1


def test_the_series_page_offers_a_new_edition_only_to_who_may(
    client, edition, organiser, participant
):
    url = edition.series.get_absolute_url()
    client.force_login(participant)
    hidden = client.get(url).content.decode()
    client.force_login(organiser)

    shown = client.get(url).content.decode()

    assert "New edition" not in hidden
    assert f'href="/series/{edition.series.slug}/new-edition/"' in shown


def test_a_new_edition_without_a_start_date_is_refused(client, edition, organiser):
    client.force_login(organiser)
    data = {**NEW_EDITION}
    del data["starts_on"]

    response = client.post(f"/series/{edition.series.slug}/new-edition/", data)

    assert response.context["form"].errors == {"starts_on": ["This field is required."]}
    assert not Edition.objects.filter(city="Tartu").exists()


def test_the_new_edition_page_has_the_language_picker(client, edition, organiser):
    client.force_login(organiser)

    page = client.get(f"/series/{edition.series.slug}/new-edition/").content.decode()

    assert "data-language-picker" in page
    assert '<script src="/static/forums/js/language_picker.js"></script>' in page
    assert "/static/forums/css/manage.css" in page
