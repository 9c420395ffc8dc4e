"""An applicant applies to an open call on a phone-sized window: a draft first, then submitted."""

import datetime as dt

from django.utils import timezone

from impactdays.applications.models import Application
from impactdays.applications.services import call_create
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from tests.forums.factories import EditionFactory
from tests.people.factories import PASSWORD, UserFactory

SMALL_PHONE = {"width": 360, "height": 740}


def test_an_applicant_applies_on_a_phone(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    now = timezone.now()
    call_create(
        edition=edition,
        title="Call for participants",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        seats=40,
        actor=None,
    )
    applicant = UserFactory(email="nino@example.org")
    page = new_page(SMALL_PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "nino@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + edition_url("applications:call-detail", edition))
    page.get_by_role("link", name="Apply").click()
    page.wait_for_load_state()
    page.get_by_label("Why do you want to take part?").fill("To learn from other cities.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    draft = Application.objects.get(applicant=applicant)
    page.get_by_role("link", name="Continue your application").click()
    page.wait_for_load_state()
    page.get_by_label("Which project of yours would you bring?").fill("A repair café.")
    page.get_by_label("No").check()
    page.get_by_label("Which country do you live in?").select_option("GE")
    page.get_by_label("Civil society").check()
    page.get_by_label("Which language do you speak best?").select_option("ka")
    page.get_by_label("I agree that the organisers").check()
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")

    application = Application.objects.get(applicant=applicant)
    assert draft.status == Application.Status.DRAFT
    assert application.status == Application.Status.SUBMITTED
    assert application.answers["motivation"] == "To learn from other cities."
    assert application.answers["country"] == "GE"
    assert page.get_by_text("Status: Submitted.").is_visible()
    assert page_width <= SMALL_PHONE["width"]
