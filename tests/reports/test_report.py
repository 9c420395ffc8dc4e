"""The edition report page: who came, counted by country and sector in server-drawn SVG charts,
never named."""

import pytest

from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionRole
from impactdays.reports.charts import Bar, bar_chart_svg
from tests.forums.factories import (
    EditionPartnerFactory,
    EditionRoleFactory,
    OrganisationFactory,
)
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def _participant(edition, **profile):
    person = UserFactory(**profile)
    EditionRoleFactory(edition=edition, user=person, role=EditionRole.Role.PARTICIPANT)
    return person


def test_the_report_counts_participants_by_country_and_sector_without_names(
    client, edition, django_assert_max_num_queries
):
    _participant(edition, country="DE", sector="ngo", display_name="Greta Shy")
    _participant(edition, country="DE", sector="business")
    _participant(edition, country="RU", sector="ngo")
    EditionPartnerFactory(edition=edition, organisation=OrganisationFactory(name="City Hall"))

    with django_assert_max_num_queries(12):
        page = client.get(edition_url("reports:report", edition)).content.decode()

    assert "3 participants" in page
    assert '<svg class="chart" id="chart-countries" role="img"' in page
    assert ">Germany</text>" in page
    assert ">Russia</text>" in page
    assert "City Hall" in page
    assert "Greta Shy" not in page


def test_the_bars_are_ordered_and_scaled_to_the_largest(edition):
    svg = bar_chart_svg(
        chart_id="c",
        title="Participants <by> country",
        bars=[Bar("Germany", 4), Bar("Nowhere", 0), Bar("Russia", 2)],
    )

    assert '<title id="c-title">Participants &lt;by&gt; country</title>' in svg
    assert svg.count("<rect ") == 2
    assert 'width="150"' in svg  # the largest bar fills the room
    assert 'width="75"' in svg
    assert "Nowhere" not in svg


def test_the_report_of_a_draft_edition_is_hidden_from_the_public(client, draft_edition):
    response = client.get(edition_url("reports:report", draft_edition))

    assert response.status_code == 404
