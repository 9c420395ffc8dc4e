"""An organiser sets up a conversation on a phone: creates it with seed statements, adds one more,
and downloads it in the Pol.is format; the pages pass the axe check and fit the screen."""

import zipfile
from io import BytesIO

from impactdays.deliberation.models import Conversation
from tests.browser.conftest import PHONE
from tests.browser.test_organiser import _sign_in_as_organiser

EDITION = "/series/social-impact-days/kaunas-2027/"


def test_an_organiser_creates_a_conversation_adds_a_seed_and_downloads_it(
    new_page, live_server, demo_forum
):
    page = new_page(PHONE)
    _sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + EDITION + "conversations/new/")
    page.get_by_label("English").first.fill("Kaunas courtyards")
    page.get_by_label("Seed statements").fill("Open them all.\nClose them at night.")
    create_width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_role("button", name="Open the conversation").click()
    page.wait_for_url("**/edit/")
    page.get_by_label("New seed statement").fill("Plant more trees.")
    page.get_by_role("button", name="Add the seed statement").click()
    page.wait_for_load_state()
    edit_width = page.evaluate("document.documentElement.scrollWidth")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download in the Pol.is format (ZIP)").click()
    archive = zipfile.ZipFile(BytesIO(download.value.path().read_bytes()))

    conversation = Conversation.objects.get(topic_en="Kaunas courtyards")
    assert list(conversation.statements.values_list("text", flat=True)) == [
        "Open them all.",
        "Close them at night.",
        "Plant more trees.",
    ]
    assert page.get_by_text("Plant more trees.").is_visible()
    assert any(name.endswith("comments.csv") for name in archive.namelist())
    assert create_width <= PHONE["width"]
    assert edit_width <= PHONE["width"]
