"""A facilitator forms, adjusts and publishes teams; a team member edits the canvas on a phone."""

from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.teams import services
from impactdays.teams.models import Canvas, CreativeSession, Team, TeamMember
from tests.browser.conftest import DESKTOP, PHONE
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import PASSWORD, UserFactory
from tests.teams.factories import ParticipantFactory, SessionFactory, TopicFactory

ORGANISATIONS = ["Alpha", "Beta", "Gamma", "Alpha", "Beta", "Gamma"]
COUNTRIES = ["DE", "RU", "GE", "RU", "GE", "DE"]


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def _session_with_people():
    edition = EditionFactory(status=Edition.Status.LIVE)
    session = SessionFactory(edition=edition, title="Courtyards of Yaroslavl")
    TopicFactory(session=session, title="Courtyards")
    TopicFactory(session=session, title="River banks")
    people = []
    for index, (organisation, country) in enumerate(zip(ORGANISATIONS, COUNTRIES, strict=True)):
        user = UserFactory(
            display_name=f"Member {index}",
            email=f"member{index}@example.org",
            organisation=organisation,
            country=country,
        )
        EditionRoleFactory(edition=edition, user=user, role="participant")
        ParticipantFactory(session=session, user=user, is_present=False)
        people.append(user)
    return session, people


def test_a_facilitator_forms_adjusts_and_publishes_teams(new_page, live_server, transactional_db):
    session, people = _session_with_people()
    facilitator = UserFactory(email="facilitator@example.org", display_name="Fiona")
    EditionRoleFactory(edition=session.edition, user=facilitator, role="facilitator")
    page = new_page(DESKTOP)
    _sign_in(page, live_server.url, "facilitator@example.org")

    page.goto(live_server.url + edition_url("teams:session-setup", session.edition, pk=session.pk))
    for box in page.locator("input[name=present]").all():
        box.check()
    page.get_by_role("button", name="Save who is present").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Go to the formation").click()
    page.wait_for_load_state()
    page.get_by_label("Seed (optional)").fill("7")
    page.get_by_role("button", name="Form the teams").click()
    page.wait_for_load_state()
    page.locator(".score-summary").wait_for()
    formed_version = CreativeSession.objects.get(pk=session.pk).version

    mover = TeamMember.objects.select_related("user").filter(session=session).first()
    page.get_by_role("button", name=f"Move {mover.user.public_name}", exact=True).click()
    page.locator(".team-break-list").first.wait_for()
    flagged = page.locator(".team-break-list").first.inner_text()
    moved_to = TeamMember.objects.get(session=session, user=mover.user).team_id
    page.get_by_role("button", name="Publish the teams").click()
    page.wait_for_load_state()

    published = CreativeSession.objects.get(pk=session.pk)
    assert Team.objects.filter(session=session).count() == 2
    assert moved_to != mover.team_id
    assert published.version == formed_version + 2  # the move, then the publication
    assert published.is_published
    assert "4 members, outside 2 to 3." in flagged
    assert page.get_by_role("heading", name="All teams").is_visible()


def test_a_team_member_edits_the_canvas_on_a_phone(new_page, live_server, transactional_db):
    session, people = _session_with_people()
    topics = list(session.topics.all())
    for number, chunk in ((1, people[:3]), (2, people[3:])):
        team = Team.objects.create(session=session, number=number, topic=topics[number - 1])
        for user in chunk:
            TeamMember.objects.create(team=team, session=session, user=user)
    services.session_publish(session=session, version=None, actor=None)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, "member0@example.org")

    page.goto(live_server.url + edition_url("teams:session-list", session.edition))
    page.get_by_role("link", name="Your team and its canvas").click()
    page.wait_for_load_state()
    page.get_by_role("textbox", name="Problem:", exact=True).fill(
        "Courtyards stand empty after dark."
    )
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("textbox", name="Idea:", exact=True).fill("Neighbours light them together.")
    page.get_by_role("button", name="Save the canvas").click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")

    canvas = Canvas.objects.get(team__number=1, team__session=session)
    assert canvas.sections["problem"] == "Courtyards stand empty after dark."
    assert canvas.sections["idea"] == "Neighbours light them together."
    assert canvas.revisions.count() == 2
    assert page.get_by_text("The canvas is saved.").is_visible()
    assert page_width <= PHONE["width"]


def test_every_teams_page_works_on_a_phone(new_page, live_server, transactional_db):
    session, people = _session_with_people()
    facilitator = UserFactory(email="facilitator@example.org", display_name="Fiona")
    EditionRoleFactory(edition=session.edition, user=facilitator, role="facilitator")
    services.checkin_set(session=session, present=[user.pk for user in people], actor=None)
    services.pair_add(session=session, first=people[0], second=people[1], kind="apart", actor=None)
    topics = list(session.topics.all())
    for number, chunk in ((1, people[:3]), (2, people[3:])):
        team = Team.objects.create(session=session, number=number, topic=topics[number - 1])
        for user in chunk:
            TeamMember.objects.create(team=team, session=session, user=user)
    services.session_publish(session=session, version=None, actor=None)
    canvas = Canvas.objects.get(team__session=session, team__number=1)
    services.canvas_save(canvas=canvas, sections={"idea": "Open the halls"}, version=0, actor=None)
    services.canvas_save(
        canvas=canvas, sections={"idea": "Open the halls at night"}, version=1, actor=None
    )
    edition = session.edition
    page = new_page(PHONE)
    _sign_in(page, live_server.url, "facilitator@example.org")
    widths = {}
    for name, kwargs in [
        ("teams:session-list", {}),
        ("teams:session-setup", {"pk": session.pk}),
        ("teams:formation", {"pk": session.pk}),
        ("teams:session-detail", {"pk": session.pk}),
        ("teams:ideas", {"pk": session.pk}),
        ("teams:team-detail", {"team_pk": canvas.team_id}),
        ("teams:canvas-history", {"team_pk": canvas.team_id}),
    ]:
        page.goto(live_server.url + edition_url(name, edition, **kwargs))
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
    history = page.locator(".diff").first.inner_text()

    assert all(width <= PHONE["width"] for width in widths.values()), widths
    assert "Open the halls at night" in history
