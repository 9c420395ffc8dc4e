"""An organiser adopts a decision and records a commitment in the browser; a visitor reads what
was decided, why and who does what, on a phone."""

import datetime as dt
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from impactdays.decisions.models import Commitment, Decision, Evidence, Vote
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from tests.browser.conftest import DESKTOP, PHONE
from tests.decisions.evidence_fixtures import citable_in
from tests.decisions.factories import CommitmentUpdateFactory, DecisionFactory, EvidenceFactory
from tests.forums.factories import EditionFactory, EditionPartnerFactory, EditionRoleFactory
from tests.people.factories import PASSWORD, UserFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _sign_in_with_totp(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", format_hotp_value(hotp_value(SECRET, int(time.time()) // 30)))
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_url(base_url + "/")


def _form_with_button(page, label):
    return page.locator("form", has=page.get_by_role("button", name=label, exact=True))


def test_an_organiser_adopts_a_decision_and_records_a_commitment(
    new_page, live_server, transactional_db
):
    edition = EditionFactory(status=Edition.Status.LIVE, time_zone="UTC")
    organiser = UserFactory(email="olga@example.org", display_name="Olga")
    EditionRoleFactory(edition=edition, user=organiser, role=EditionRole.Role.ORGANISER)
    TOTP.activate(organiser, SECRET)
    partner = UserFactory(display_name="Pavel Partner")
    EditionRoleFactory(edition=edition, user=partner, role=EditionRole.Role.PARTNER)
    organisation = EditionPartnerFactory(edition=edition).organisation
    voter = UserFactory()
    EditionRoleFactory(edition=edition, user=voter, role=EditionRole.Role.PARTICIPANT)
    challenge = citable_in(edition).challenge
    page = new_page(DESKTOP)
    _sign_in_with_totp(page, live_server.url, "olga@example.org")

    page.goto(live_server.url + edition_url("forums:edition-manage", edition))
    page.locator(".dashboard-nav").get_by_role("link", name="Decisions").click()
    page.wait_for_load_state()
    draft_form = _form_with_button(page, "Draft the decision")
    draft_form.locator("[name=title_en]").fill("Open the courtyards")
    draft_form.locator("[name=text_en]").fill("Every Saturday, for the neighbours.")
    draft_form.get_by_role("button", name="Draft the decision").click()
    page.wait_for_load_state()
    evidence_form = _form_with_button(page, "Cite it")
    evidence_form.locator("[name=summary_en]").fill("The walk found the courtyards closed.")
    evidence_form.get_by_role("button", name="Cite it").click()
    page.wait_for_load_state()
    evidence_form = _form_with_button(page, "Cite it")
    evidence_form.get_by_label("Kind").select_option(label="Challenge")
    evidence_form.get_by_label("What is cited").select_option(label=challenge.title)
    evidence_form.locator("[name=summary_en]").fill("The challenge the host posed.")
    evidence_form.get_by_role("button", name="Cite it").click()
    page.wait_for_load_state()
    now = timezone.now()
    poll_form = _form_with_button(page, "Open the poll")
    poll_form.locator("[name=opens_at]").fill(
        (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    poll_form.locator("[name=closes_at]").fill(
        (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    poll_form.get_by_role("button", name="Open the poll").click()
    page.wait_for_load_state()
    decision = Decision.objects.get()
    Vote.objects.create(decision=decision, version=1, voter=voter, choice="agree")
    # The poll's time is over: the outcome can be recorded.
    Decision.objects.filter(pk=decision.pk).update(poll_closes_at=timezone.now())
    page.reload()
    page.get_by_role("button", name="Record the outcome").click()
    page.wait_for_load_state()
    record_form = _form_with_button(page, "Record the commitment")
    record_form.get_by_label("Who commits?").select_option(label="Pavel Partner")
    record_form.get_by_label("On behalf of").select_option(str(organisation.pk))
    record_form.get_by_label("What will you do?").fill("Open the east courtyard.")
    record_form.get_by_label("By when?").fill("2030-06-01")
    record_form.get_by_role("button", name="Record the commitment").click()
    page.wait_for_load_state()

    decision.refresh_from_db()
    assert decision.status == Decision.Status.ADOPTED
    assert list(decision.evidence.values_list("summary", "object_id")) == [
        ("The walk found the courtyards closed.", None),
        ("The challenge the host posed.", challenge.pk),
    ]
    assert list(Commitment.objects.values_list("committer", "organisation", "what")) == [
        (partner.pk, organisation.pk, "Open the east courtyard.")
    ]
    assert page.get_by_text("The commitment is recorded.").is_visible()


def test_a_visitor_reads_the_decisions_on_a_phone(new_page, live_server, transactional_db):
    edition = EditionFactory(status=Edition.Status.CLOSED)
    decision = DecisionFactory(edition=edition, status="adopted", title="Open the courtyards")
    EvidenceFactory(decision=decision, summary="The walk found the courtyards closed.")
    citable = citable_in(edition)
    for kind in ("statement", "idea", "observation", "challenge"):
        Evidence.objects.create(
            decision=decision, kind=kind, summary=f"Why the {kind}", reference=citable.record(kind)
        )
    CommitmentUpdateFactory(
        commitment__decision=decision,
        commitment__status="in_progress",
        text="Sixty neighbours came on Saturday.",
    )
    page = new_page(PHONE)

    page.goto(live_server.url + edition_url("decisions:decision-list", edition))
    page.get_by_role("link", name="Open the courtyards").click()
    page.wait_for_load_state()
    page_width = page.evaluate("document.documentElement.scrollWidth")

    assert page.get_by_text("The walk found the courtyards closed.").is_visible()
    assert page.get_by_text("Sixty neighbours came on Saturday.").is_visible()
    assert page.get_by_role("link", name="Courtyards should stay open").is_visible()
    assert page.get_by_text("(85% agree)").is_visible()
    assert page.locator("img.evidence-thumbnail").is_visible()
    assert page.get_by_role("link", name="How might we open the gates?").is_visible()
    assert page_width <= PHONE["width"]
