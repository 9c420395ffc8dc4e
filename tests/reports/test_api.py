"""The open-data API: the package's tables and fields, public as the edition is."""

import pytest

from impactdays.forums.links import edition_url
from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_anyone_reads_what_the_open_data_holds(anonymous_api, edition):
    ChallengeFactory(edition=edition)

    body = anonymous_api.get(f"/editions/{edition.pk}/open-data").json()

    assert body["name"] == f"impactdays-{edition.series.slug}-{edition.slug}"
    assert body["download_url"].endswith(edition_url("reports:open-data-download", edition))
    assert body["license"] == "CC-BY-4.0"
    tables = {table["name"]: table for table in body["tables"]}
    assert tables["challenges"]["row_count"] == 1
    assert tables["challenges"]["path"] == "data/challenges.csv"
    assert {"name": "id", "type": "integer", "description": ""} in tables["challenges"]["fields"]


def test_the_open_data_of_a_draft_edition_is_hidden_from_the_public(
    anonymous_api, api_as, draft_edition, organiser
):
    hidden = anonymous_api.get(f"/editions/{draft_edition.pk}/open-data")
    preview = api_as(organiser).get(f"/editions/{draft_edition.pk}/open-data")

    assert hidden.status_code == 404
    assert preview.status_code == 200
