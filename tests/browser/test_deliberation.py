"""An anonymous visitor votes on a phone-sized window: by clicking, then by keyboard, writes a
statement, and sees their progress; the page runs under the site's strict CSP."""

from impactdays.deliberation.models import Statement, Vote
from impactdays.deliberation.services import conversation_create
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from tests.browser.conftest import PHONE
from tests.forums.factories import EditionFactory


def test_a_visitor_votes_and_writes_on_a_phone(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    conversation = conversation_create(
        edition=edition,
        actor=None,
        topic="Courtyards",
        voters="anonymous",
        seed_statements=["Courtyards should be open to everyone.", "Cars belong outside."],
    )
    page = new_page(PHONE)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(
        live_server.url + edition_url("deliberation:conversation-vote", edition, pk=conversation.pk)
    )

    assert page.get_by_text("Courtyards should be open to everyone.").is_visible()
    page.get_by_role("button", name="Agree", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("You have voted on 1 of 2 statements.").is_visible()
    assert page.get_by_text("Cars belong outside.").is_visible()
    page.keyboard.press("d")  # the keyboard shortcut, from the static script
    page.wait_for_url("**/conversations/*/")
    page.get_by_text("You have voted on 2 of 2 statements.").wait_for()
    page.get_by_label("Your statement").fill("Benches under the trees.")
    page.get_by_role("button", name="Add statement").click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    benches_shown = page.get_by_text("Benches under the trees.").is_visible()  # post-moderated
    page.get_by_role("link", name="See where people agree and where they split").click()
    page.wait_for_load_state()
    results_width = page.evaluate("document.documentElement.scrollWidth")

    assert sorted(Vote.objects.values_list("statement__number", "value")) == [(0, 1), (1, -1)]
    assert Statement.objects.filter(text="Benches under the trees.").exists()
    assert benches_shown
    assert page_width <= PHONE["width"]
    assert results_width <= PHONE["width"]
    assert page.get_by_text("Analysed").is_visible()  # without a broker the analysis ran at once
    assert not [error for error in errors if "Content Security Policy" in error]


def test_several_people_vote_on_phones_and_the_groups_update(
    new_page, browser, live_server, transactional_db
):
    """Two camps vote on their own phones (separate browser identities); after each person's votes
    the analysis has run (without a broker, at once), and the results place the last voter in
    the first voter's group."""
    from impactdays.deliberation.models import Analysis

    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    texts = [f"Statement {n}." for n in range(4)]
    conversation = conversation_create(
        edition=edition, actor=None, topic="Courtyards", voters="anonymous", seed_statements=texts
    )
    vote_url = live_server.url + edition_url(
        "deliberation:conversation-vote", edition, pk=conversation.pk
    )
    camps = {"agree": {0: "Agree", 1: "Agree", 2: "Disagree", 3: "Disagree"}}
    camps["disagree"] = {
        n: "Disagree" if b == "Agree" else "Agree" for n, b in camps["agree"].items()
    }
    people = ["agree", "disagree"] * 3 + ["agree"]
    sizes = []
    for camp in people:
        page = new_page(PHONE)  # a fresh browser context: a new anonymous identity
        page.goto(vote_url)
        for _ in texts:
            shown = page.locator("#current-statement").inner_text()
            page.get_by_role("button", name=camps[camp][texts.index(shown)], exact=True).click()
            page.wait_for_load_state()
        assert page.locator("#all-done").is_visible()
        sizes.append(len(Analysis.objects.get(conversation=conversation).result["points"]))
    page.get_by_role("link", name="See where people agree and where they split").click()
    page.wait_for_load_state()

    assert sizes == list(range(1, len(people) + 1))  # the map grew with every voter
    assert page.locator("svg.opinion-map circle").count() == len(people)
    assert page.get_by_text("You are in group").is_visible()
    group = {
        number: g
        for number, _x, _y, g in Analysis.objects.get(conversation=conversation).result["points"]
    }
    assert group[6] == group[0] != group[1]
