"""The demo's 2018 programme on a phone and a desktop; a participant ranks workshops on a phone
and finds their placed workshop in the agenda."""

import pytest

from impactdays.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD
from impactdays.programme.models import Preference, PreferenceRound, Session
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_organiser import _sign_in_as_organiser

PARTICIPANT = f"participant@{DEMO_DOMAIN}"
PROGRAMME = "/series/social-impact-days/yaroslavl-2018/programme/"
SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sign_in_as_participant(page, base_url):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", PARTICIPANT)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


@pytest.mark.parametrize("size", SIZES)
def test_the_2018_programme_shows_a_grid_on_desktop_and_a_list_on_a_phone(
    new_page, live_server, demo_forum, artifacts, size, request
):
    page = new_page(size)

    page.goto(live_server.url + PROGRAMME)

    keynote = page.get_by_role("link", name="Dialogue in the Dark: growing a social franchise")
    visible = [link for link in keynote.all() if link.is_visible()]
    assert len(visible) == 1
    assert page.locator("table.programme-grid").first.is_visible() is (size == DESKTOP)
    assert _fits_width(page)
    page.screenshot(path=artifacts / f"programme-{request.node.callspec.id}.png", full_page=True)


def test_a_participant_ranks_workshops_on_a_phone_and_sees_their_workshop(
    new_page, live_server, demo_forum, artifacts
):
    page = new_page(PHONE)
    _sign_in_as_participant(page, live_server.url)
    page.goto(live_server.url + PROGRAMME + "agenda/")
    assert page.get_by_text("Your workshop").first.is_visible()

    page.get_by_role("link", name="Rank the workshops of “Creative sessions II”").click()
    page.wait_for_load_state()
    page.get_by_label("Along the Kotorosl").select_option("1")
    page.get_by_label("A city for every age").select_option("2")
    page.get_by_role("button", name="Save my ranking").click()
    page.wait_for_load_state()

    second = PreferenceRound.objects.get(title_en="Creative sessions II")
    ranking = Preference.objects.filter(round=second, user__email=PARTICIPANT).order_by("rank")
    assert [p.session.title for p in ranking] == ["Along the Kotorosl", "A city for every age"]
    assert page.get_by_text("Your ranking is saved.").is_visible()
    assert _fits_width(page)
    page.screenshot(path=artifacts / "programme-rank-phone.png", full_page=True)


def test_an_organiser_moves_a_session_on_a_phone_and_runs_the_first_round(
    new_page, live_server, demo_forum
):
    page = new_page(PHONE)
    _sign_in_as_organiser(page, live_server.url)
    manage = PROGRAMME + "manage/"
    page.goto(live_server.url + manage)
    assert _fits_width(page)

    page.get_by_role("link", name="Edit or move Presenting the ideas").click()
    page.wait_for_load_state()
    page.get_by_label("Starts at").fill("2018-10-07T11:00")
    page.get_by_label("Ends at").fill("2018-10-07T13:00")
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_load_state()
    first = PreferenceRound.objects.get(title_en="Creative sessions I")
    page.goto(live_server.url + manage + f"rounds/{first.pk}/")

    moved = Session.objects.get(title_en="Presenting the ideas")
    assert moved.starts_at.isoformat() == "2018-10-07T08:00:00+00:00"
    assert page.get_by_role("heading", name="Rank profile").is_visible()
    assert _fits_width(page)
