"""The stages linked in the demo: a site visit's page lists the walk's observations and photos on a
phone, and a participant finds their creative-session team in their agenda."""

from impactdays.demo.builder import DEMO_PASSWORD
from impactdays.programme.models import Session
from impactdays.teams.models import TeamMember
from tests.browser.conftest import PHONE
from tests.browser.test_programme import (
    PROGRAMME,
    _fits_width,
)


def test_a_site_visit_page_shows_the_walks_observations_on_a_phone(
    new_page, live_server, demo_forum, artifacts
):
    walk = Session.objects.get(title_en="Site visit: the Great Manufactory territory")
    page = new_page(PHONE)

    page.goto(f"{live_server.url}{PROGRAMME}sessions/{walk.pk}/")

    assert page.get_by_role("heading", name="Observations made on this walk").is_visible()
    assert page.locator(".gallery img").count() >= 1
    assert _fits_width(page)
    page.screenshot(path=artifacts / "site-visit-observations-phone.png", full_page=True)


def test_a_participant_finds_their_team_in_the_agenda_on_a_phone(
    new_page, live_server, demo_forum, artifacts
):
    membership = (
        TeamMember.objects.filter(session__programme_session__isnull=False)
        .select_related("team", "user")
        .first()
    )
    assert membership is not None
    page = new_page(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", membership.user.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + PROGRAMME + "agenda/")

    assert page.get_by_text(f"Your team: Team {membership.team.number}").first.is_visible()
    assert _fits_width(page)
    page.screenshot(path=artifacts / "agenda-team-phone.png", full_page=True)
