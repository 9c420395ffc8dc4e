"""The organiser runs a whole call in the browser (issue 10's "done when"): open the call, review
the applications, move to selection, set quotas, draw the panel, invite it; one drawn applicant
declines, a replacement keeping the quotas is invited, and the call ends with confirmed
participants."""

import datetime as dt
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from impactdays.applications.models import Application, Call, Invitation, SelectionRun
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from tests.applications.conftest import COMPLETE_ANSWERS
from tests.browser.conftest import DESKTOP, PHONE
from tests.forums.factories import EditionFactory, EditionRoleFactory
from tests.people.factories import PASSWORD, UserFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a test account's TOTP secret
COUNTRIES = ["GE", "GE", "AM", "AM"]


def _sign_in(page, base_url, email, *, totp=False):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if totp:
        page.wait_for_url("**/2fa/authenticate/**")
        code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
        page.fill("input[name=code]", code)
        page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_url(base_url + "/")


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _answer_invitation(new_page, base, edition, applicant, button):
    page = new_page(PHONE)
    _sign_in(page, base, applicant.email)
    page.goto(base + edition_url("applications:call-detail", edition))
    _click(page, button)
    return page


def test_an_organiser_runs_the_whole_call(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    organiser = UserFactory(email="organiser@example.org")
    TOTP.activate(organiser, SECRET)
    for role in (EditionRole.Role.ORGANISER, EditionRole.Role.REVIEWER):
        EditionRoleFactory(edition=edition, user=organiser, role=role)
    base = live_server.url
    page = new_page(DESKTOP)
    _sign_in(page, base, organiser.email, totp=True)

    # Open the call.
    page.goto(base + edition_url("applications:call-settings", edition))
    now = timezone.localtime(timezone.now(), dt.UTC)
    page.get_by_label("Title").fill("Call for participants")
    page.get_by_label("Opens at").fill((now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes at").fill((now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Seats").fill("2")
    page.get_by_label("Reviewers per application").fill("1")
    _click(page, "Open the call")
    call = Call.objects.get(edition=edition)
    applicants = [UserFactory() for _country in COUNTRIES]
    for applicant, country in zip(applicants, COUNTRIES, strict=True):
        Application.objects.create(
            call=call,
            applicant=applicant,
            status=Application.Status.SUBMITTED,
            submitted_at=timezone.now(),
            answers={**COMPLETE_ANSWERS, "country": country},
        )

    # Review: a criterion, the assignment, a score for each application.
    page.get_by_label("Label").fill("Clear plan")
    _click(page, "Add the criterion")
    _click(page, "Assign reviewers")
    page.goto(base + edition_url("applications:review-list", edition))
    for _application in applicants:
        page.locator("main li", has_text="to review").first.get_by_role("link").click()
        page.wait_for_load_state()
        page.get_by_label("4", exact=True).check()
        _click(page, "Save the review")

    # Move to selection, set the quotas, draw the panel.
    page.goto(base + edition_url("forums:edition-manage", edition))
    page.locator(".dashboard-nav").get_by_role("link", name="Status and replication").click()
    page.wait_for_load_state()
    _click(page, "Move to “Selection”")
    page.goto(base + edition_url("applications:selection-manage", edition))
    for country in ("GE", "AM"):
        quota_form = page.locator("form", has=page.get_by_role("button", name="Save the quota"))
        quota_form.get_by_label("Question").select_option("country")
        quota_form.locator("[name=value]").fill(country)
        quota_form.get_by_label("Minimum").fill("1")
        quota_form.get_by_label("Maximum").fill("1")
        _click(page, "Save the quota")
    page.get_by_label("Seed").fill("7")
    _click(page, "Draw the panel")
    run = SelectionRun.objects.get(call=call)

    # Invite the panel; the first drawn declines, the replacement and the other confirm.
    page.get_by_label("Answer by").fill((now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"))
    _click(page, "Send the invitations")
    drawn = [Application.objects.get(pk=int(person)).applicant for person in run.panel]
    _answer_invitation(new_page, base, edition, drawn[0], "Decline")
    replacement = Invitation.objects.get(replaces__application__applicant=drawn[0])
    for applicant in (drawn[1], replacement.application.applicant):
        _answer_invitation(new_page, base, edition, applicant, "Confirm my seat")
    page.reload()
    table = page.inner_text("table")
    _click(page, "Publish the run")
    page.goto(base + edition_url("applications:selection-public", edition))
    chart = page.get_by_role("img", name="Every application's chance of selection")
    chart_bars = chart.locator("rect").count()

    reviews = call.applications.filter(reviews__submitted_at__isnull=False).count()
    participants = set(
        EditionRole.objects.filter(edition=edition, role=EditionRole.Role.PARTICIPANT).values_list(
            "user_id", flat=True
        )
    )
    confirmed = Invitation.objects.filter(run=run, status=Invitation.Status.CONFIRMED)
    assert reviews == len(applicants)
    assert run.status == SelectionRun.Status.DONE
    assert sorted(call.quotas.values_list("value", flat=True)) == ["AM", "GE"]
    assert participants == {drawn[1].pk, replacement.application.applicant_id}
    assert confirmed.count() == 2
    assert (
        replacement.application.answers["country"]
        == Application.objects.get(applicant=drawn[0]).answers["country"]
    )
    assert table.count("Confirmed") == 2
    assert table.count("Declined") == 1
    assert chart_bars == len(applicants)


def test_an_organiser_adds_a_question_and_watches_a_queued_run_on_a_phone(
    new_page, live_server, transactional_db
):
    from impactdays.applications import selection
    from impactdays.applications.services import call_create

    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    organiser = UserFactory(email="organiser@example.org")
    TOTP.activate(organiser, SECRET)
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    now = timezone.now()
    call = call_create(
        edition=edition,
        title="Call for participants",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        seats=2,
        actor=None,
    )
    for country in COUNTRIES:
        Application.objects.create(
            call=call,
            applicant=UserFactory(),
            status=Application.Status.SUBMITTED,
            submitted_at=now,
            answers={**COMPLETE_ANSWERS, "country": country},
        )
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SELECTION)
    selection.quota_set(call=call, category="country", value="GE", minimum=1, maximum=1, actor=None)
    run = selection.selection_run_start(call=call, actor=None, seed=1, defer=False)
    base = live_server.url
    page = new_page(PHONE)
    _sign_in(page, base, organiser.email, totp=True)

    page.goto(base + edition_url("applications:call-settings", edition))
    page.get_by_role("link", name="Add a question").click()
    page.wait_for_load_state()
    page.locator("[name=key]").fill("gender")
    page.locator("[name=kind]").select_option("choice")
    page.locator("[name=label_en]").fill("Your gender")
    page.locator("[name=choices]").fill("female: Female\nmale: Male")
    _click(page, "Add the question")
    page.goto(base + edition_url("applications:selection-detail", edition, pk=run.pk))
    state = page.locator("#run-progress").inner_text()
    page_width = page.evaluate("document.documentElement.scrollWidth")

    assert call.questions.filter(key="gender", kind="choice").exists()
    assert "Queued" in state
    assert page_width <= PHONE["width"]
