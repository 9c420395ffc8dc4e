"""The open-data page and its download: public as the edition is, a draft only for its team."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from tests.challenges.factories import ChallengeFactory, ObservationFactory, PlaceFactory
from tests.decisions.factories import CommitmentUpdateFactory
from tests.deliberation.factories import StatementFactory
from tests.permissions import ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db


def test_the_edition_page_links_to_the_open_data(client, edition):
    page = client.get(edition.get_absolute_url()).content.decode()

    assert edition_url("reports:open-data", edition) in page


def test_the_open_data_page_lists_the_tables_and_links_the_download(client, edition):
    ChallengeFactory(edition=edition)

    page = client.get(edition_url("reports:open-data", edition)).content.decode()

    assert "<code>challenges</code>" in page
    assert "1 row" in page
    assert edition_url("reports:open-data-download", edition) in page


def test_the_download_is_a_zip_with_the_descriptor(client, edition):
    response = client.get(edition_url("reports:open-data-download", edition))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="impactdays-{edition.series.slug}-{edition.slug}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "datapackage.json" in archive.namelist()
        assert "data/decisions.csv" in archive.namelist()


def expected(role: str, status: str) -> bool:
    """DESIGN.md: a published edition's open data is everyone's; a draft is its team's preview."""
    return status != Edition.Status.DRAFT or role not in ("outsider", "anonymous")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_the_open_data(request, client, edition, role, status):
    user = person(request, role)
    edition = edition_at(edition, status)
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(edition_url("reports:open-data-download", edition))

    assert (response.status_code == 200) == expected(role, status)
    assert response.status_code in (200, 404)


def _one_of_each(edition):
    CommitmentUpdateFactory(
        commitment__decision__edition=edition, commitment__decision__status="adopted"
    )
    ObservationFactory(edition=edition, place=PlaceFactory(edition=edition))
    StatementFactory(conversation__edition=edition)


def _queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_open_data_page_makes_a_fixed_number_of_queries(client, edition):
    url = edition_url("reports:open-data", edition)
    _one_of_each(edition)
    few = _queries_of(client, url)
    for _ in range(3):
        _one_of_each(edition)

    many = _queries_of(client, url)

    assert many == few
    assert many <= 16
