"""Sections other apps register appear on the organiser's dashboard, in order, behind their permission."""

import pytest

from impactdays.forums import dashboard
from impactdays.forums.dashboard import DashboardSection, dashboard_section_register
from impactdays.forums.links import edition_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_section(monkeypatch):
    monkeypatch.setattr(dashboard, "_SECTIONS", dict(dashboard._SECTIONS))
    dashboard_section_register(
        DashboardSection(
            key="programme",
            title="Programme",
            template="forums/partials/manage_status.html",
            order=15,
            permission="forums.change_edition",
            context=lambda request, edition: {"status_moves": [("live", "Live (from programme)")]},
        )
    )


def _section_links(page: str) -> list[str]:
    nav = page.split('class="section-nav"', 1)[1].split("</nav>", 1)[0]
    return [part.split('"', 1)[0] for part in nav.split('href="#')[1:]]


def test_a_registered_section_shows_in_its_place(client, edition, organiser, programme_section):
    client.force_login(organiser)

    page = client.get(edition_url("forums:edition-manage", edition)).content.decode()

    assert _section_links(page) == [
        "status",
        "programme",
        "details",
        "venues",
        "partners",
        "roles",
        "call",
        "replicate",
    ]
    assert "Live (from programme)" in page


def test_a_section_is_hidden_without_its_permission(client, edition, site_admin, programme_section):
    edition.status = "report_published"
    edition.save()
    client.force_login(site_admin)

    page = client.get(edition_url("forums:edition-manage", edition)).content.decode()

    assert "programme" not in _section_links(page)
    assert "details" not in _section_links(page)
