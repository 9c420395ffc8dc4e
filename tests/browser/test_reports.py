"""A visitor finds an edition's open data from the edition page and downloads it, on a phone."""

import io
import zipfile

from impactdays.forums.models import Edition, EditionRole
from tests.browser.conftest import PHONE
from tests.decisions.factories import DecisionFactory
from tests.forums.factories import EditionFactory, EditionPartnerFactory, EditionRoleFactory
from tests.people.factories import UserFactory


def test_a_visitor_downloads_the_open_data_on_a_phone(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.CLOSED)
    DecisionFactory(edition=edition, status="adopted", title="Open the courtyards")
    page = new_page(PHONE)

    page.goto(live_server.url + edition.get_absolute_url())
    page.get_by_role("link", name="Open data", exact=True).click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the open data (ZIP)").click()
    path = download_info.value.path()

    assert page_width <= PHONE["width"]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert "Open the courtyards" in archive.read("data/decisions.csv").decode()


def test_a_visitor_reads_who_came_on_a_phone(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.CLOSED)
    for country, sector in (("DE", "ngo"), ("RU", "business"), ("RU", "ngo")):
        EditionRoleFactory(
            edition=edition,
            user=UserFactory(country=country, sector=sector),
            role=EditionRole.Role.PARTICIPANT,
        )
    EditionPartnerFactory(edition=edition)
    page = new_page(PHONE)

    page.goto(live_server.url + edition.get_absolute_url())
    page.get_by_role("link", name="Report", exact=True).click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")

    assert page.get_by_role("img", name="Participants by country").is_visible()
    assert page.get_by_role("img", name="Participants by sector").is_visible()
    assert page_width <= PHONE["width"]
