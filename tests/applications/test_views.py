"""The call's pages from each side: applicants see only their own application, reviewers only
their assignments (anonymised when so configured), organisers of another edition nothing."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impactdays.applications import selectors, services
from impactdays.applications.models import Application, Call, Question, Review
from impactdays.forums.links import edition_url
from tests.applications.factories import ApplicationFactory, CriterionFactory, ReviewFactory
from tests.people.factories import UserFactory
from tests.permissions import snapshot

pytestmark = pytest.mark.django_db


def _form(answers: dict[str, object], button: str) -> dict[str, object]:
    data: dict[str, object] = {
        key: value for key, value in answers.items() if not isinstance(value, bool)
    }
    if answers.get("consent") is True:
        data["consent"] = "on"
    data[button] = ""
    return data


def test_an_applicant_submits_through_the_page_and_gets_a_receipt(
    client, call, answers, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edition_url("applications:application-edit", call.edition), _form(answers, "submit")
        )

    assert response.status_code == 302
    application = Application.objects.get(applicant=applicant)
    assert application.status == Application.Status.SUBMITTED
    assert application.answers == answers
    assert len(mail.outbox) == 1
    page = client.get(edition_url("applications:call-detail", call.edition)).content.decode()
    assert "Status: Submitted." in page


def test_an_incomplete_submission_shows_the_errors_and_saves_nothing(client, call, answers):
    client.force_login(UserFactory())

    response = client.post(
        edition_url("applications:application-edit", call.edition),
        _form({**answers, "motivation": "", "consent": False}, "submit"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "motivation": ["This question needs an answer."],
        "consent": ["You must agree to apply."],
    }
    assert not Application.objects.exists()


def test_a_draft_is_saved_from_the_page(client, call):
    applicant = UserFactory()
    client.force_login(applicant)

    client.post(
        edition_url("applications:application-edit", call.edition),
        {"motivation": "Later", "draft": ""},
    )

    assert Application.objects.get(applicant=applicant).status == Application.Status.DRAFT


def test_an_applicant_sees_only_their_own_application(client, call, answers):
    other = ApplicationFactory(call=call, answers={**answers, "motivation": "Secret motive Z9"})
    me = UserFactory()
    client.force_login(me)

    form_page = client.get(edition_url("applications:application-edit", call.edition))
    detail = client.get(edition_url("applications:call-detail", call.edition))

    assert "Secret motive Z9" not in form_page.content.decode()
    assert "Status:" not in detail.content.decode()
    client.post(edition_url("applications:application-withdraw", call.edition))
    assert Application.objects.get(pk=other.pk).status == Application.Status.SUBMITTED


def test_withdraw_from_the_page(client, call):
    application = ApplicationFactory(call=call)
    client.force_login(application.applicant)

    client.post(edition_url("applications:application-withdraw", call.edition))

    assert Application.objects.get().status == Application.Status.WITHDRAWN


def test_anonymous_visitors_are_sent_to_sign_in_to_apply(client, call):
    response = client.get(edition_url("applications:application-edit", call.edition))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


ORGANISER_PAGES = [
    "applications:application-list",
    "applications:call-settings",
]


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider", "speaker"])
@pytest.mark.parametrize("page", ORGANISER_PAGES)
def test_organiser_pages_are_closed_to(request, client, call, role, page):
    ApplicationFactory(call=call, applicant__display_name="Leaky Applicant Q4")
    client.force_login(request.getfixturevalue(role))

    response = client.get(edition_url(page, call.edition))

    assert response.status_code == 403
    assert "Leaky Applicant Q4" not in response.content.decode()


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider"])
def test_the_csv_and_an_application_are_closed_to(request, client, call, role):
    application = ApplicationFactory(call=call, applicant__email="leaky@example.org")
    client.force_login(request.getfixturevalue(role))

    csv_reply = client.get(
        edition_url("applications:application-list", call.edition) + "?format=csv"
    )
    detail = client.get(
        edition_url("applications:application-detail", call.edition, pk=application.pk)
    )

    assert csv_reply.status_code == detail.status_code == 403
    assert b"leaky@example.org" not in csv_reply.content + detail.content


@pytest.mark.parametrize("role", ["participant", "outsider"])
def test_organiser_writes_are_refused_and_change_nothing(request, client, call, role):
    ApplicationFactory(call=call)
    UserFactory()
    client.force_login(request.getfixturevalue(role))
    before = snapshot(Call, Review)

    replies = [
        client.post(edition_url("applications:call-settings", call.edition), {"seats": "1"}),
        client.post(edition_url("applications:reviews-assign", call.edition)),
        client.post(
            edition_url("applications:criterion-create", call.edition),
            {"label": "Hijack", "weight": "1"},
        ),
    ]

    assert [reply.status_code for reply in replies] == [403, 403, 403]
    assert snapshot(Call, Review) == before
    assert not call.criteria.exists()


def test_the_organiser_lists_filters_sorts_and_exports(client, organiser, call, answers):
    low = ApplicationFactory(
        call=call, applicant__display_name="Low", answers={**answers, "country": "AM"}
    )
    high = ApplicationFactory(
        call=call, applicant__display_name="High", answers={**answers, "country": "GE"}
    )
    ApplicationFactory(call=call, applicant__display_name="Drafty", status="draft")
    criterion = CriterionFactory(call=call)
    for application, value in ((low, 1), (high, 5)):
        review = ReviewFactory(application=application)
        services.review_submit(review=review, scores={criterion.pk: value}, actor=None)
    client.force_login(organiser)
    url = edition_url("applications:application-list", call.edition)

    by_score = client.get(url, {"sort": "-score"}).context["applications"]
    georgia = client.get(url, {"country": "GE"}).context["applications"]
    exported = client.get(url, {"sort": "name", "format": "csv"})

    assert [a.applicant.display_name for a in by_score] == ["High", "Low"]
    assert [a.applicant.display_name for a in georgia] == ["High"]
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert [(row["name"], row["score"], row["country"]) for row in rows] == [
        ("High", "5.00", "GE"),
        ("Low", "1.00", "AM"),
    ]


def test_the_csv_keeps_formulas_as_text(client, organiser, call, answers):
    ApplicationFactory(call=call, answers={**answers, "motivation": "=HYPERLINK(1)"})
    client.force_login(organiser)

    exported = client.get(
        edition_url("applications:application-list", call.edition), {"format": "csv"}
    )

    assert next(csv.DictReader(io.StringIO(exported.content.decode())))["motivation"] == (
        "'=HYPERLINK(1)"
    )


def test_the_organiser_opens_the_call_in_the_edition_time_zone(client, organiser, edition):
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:call-settings", edition),
        {
            "title": "Apply now",
            "opens_at": "2018-06-01T09:00",
            "closes_at": "2018-07-01T09:00",
            "seats": "40",
            "reviewers_per_application": "2",
        },
    )

    assert response.status_code == 302
    call = Call.objects.get(edition=edition)
    assert call.opens_at.isoformat() == "2018-06-01T06:00:00+00:00"  # Moscow is UTC+3
    assert call.questions.count() == 7


def test_a_bad_call_form_shows_the_error_and_saves_nothing(client, organiser, edition):
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:call-settings", edition),
        {
            "title": "Backwards",
            "opens_at": "2018-07-01T09:00",
            "closes_at": "2018-06-01T09:00",
            "seats": "40",
            "reviewers_per_application": "2",
        },
    )

    assert response.context["form"].errors == {"closes_at": ["The call must close after it opens."]}
    assert not Call.objects.exists()


def test_a_reviewer_sees_only_their_assignments(client, reviewer, call):
    mine = ReviewFactory(application__call=call, reviewer=reviewer)
    other_reviewer = UserFactory()
    theirs = ReviewFactory(
        application__call=call,
        application__applicant__display_name="Not For You P2",
        reviewer=other_reviewer,
    )
    client.force_login(reviewer)

    listed = client.get(edition_url("applications:review-list", call.edition))
    foreign = client.get(edition_url("applications:review-edit", call.edition, pk=theirs.pk))

    assert list(listed.context["reviews"]) == [mine]
    assert "Not For You P2" not in listed.content.decode()
    assert foreign.status_code == 404


def test_a_reviewer_scores_an_assigned_application(client, reviewer, call):
    review = ReviewFactory(application__call=call, reviewer=reviewer)
    criterion = CriterionFactory(call=call, weight=2)
    client.force_login(reviewer)

    client.post(
        edition_url("applications:review-edit", call.edition, pk=review.pk),
        {f"criterion_{criterion.pk}": "4", "comment": "Clear plan"},
    )

    review.refresh_from_db()
    assert (review.weighted_score, review.comment) == (4.0, "Clear plan")


def test_an_anonymised_review_hides_who_the_applicant_is(client, reviewer, call, answers):
    Call.objects.filter(pk=call.pk).update(is_review_anonymised=True)
    Question.objects.create(call=call, key="city", label="City", kind="text", is_required=False)
    review = ReviewFactory(
        application__call=call,
        application__applicant__display_name="Nino Beridze",
        application__applicant__organisation="Tbilisi Repair Café",
        application__answers={**answers, "country": "GE", "language": "ka", "city": "Kutaisi"},
        reviewer=reviewer,
    )
    client.force_login(reviewer)

    listed = client.get(edition_url("applications:review-list", call.edition)).content.decode()
    page = client.get(
        edition_url("applications:review-edit", call.edition, pk=review.pk)
    ).content.decode()

    for secret in ("Nino Beridze", "Tbilisi Repair Café", "Georgia", "Georgian", "Kutaisi"):
        assert secret not in listed
        assert secret not in page
    assert review.application.reference in page
    assert answers["motivation"] in page


def test_a_former_reviewer_can_no_longer_review(client, reviewer, call):
    review = ReviewFactory(application__call=call, reviewer=reviewer)
    call.edition.roles.filter(user=reviewer).delete()
    client.force_login(reviewer)

    response = client.get(edition_url("applications:review-edit", call.edition, pk=review.pk))

    assert response.status_code == 403


def test_the_dashboard_shows_the_call_section_to_organisers(client, organiser, call):
    ApplicationFactory(call=call)
    client.force_login(organiser)

    page = client.get(
        edition_url("forums:edition-section", call.edition, section_key="call")
    ).content.decode()

    assert 'id="call"' in page
    assert "1 submitted, 0 withdrawn, 0 drafts." in page


def test_the_edition_page_links_to_its_call_without_a_query_of_its_own(client, call):
    link = edition_url("applications:call-detail", call.edition)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(call.edition.get_absolute_url()).content.decode()

    # The call comes joined to the edition (tests/forums caps the page's queries).
    own_queries = [q["sql"] for q in queries if q["sql"].startswith('SELECT "applications_call"')]
    assert f'href="{link}"' in page
    assert own_queries == []
    assert any('JOIN "applications_call"' in q["sql"] for q in queries)


def test_an_edition_without_a_call_has_no_link_to_one(client, edition):
    page = client.get(edition.get_absolute_url()).content.decode()

    assert edition_url("applications:call-detail", edition) not in page


def test_the_call_section_counts_reviews_runs_and_invitations_by_state(
    client, organiser, invited_summary
):
    client.force_login(organiser)
    call = invited_summary

    page = client.get(
        edition_url("forums:edition-section", call.edition, section_key="call")
    ).content.decode()

    assert "12 submitted, 0 withdrawn, 3 drafts." in page
    assert "1 of 2 assigned reviews done." in page
    assert "<dt>Quotas</dt>\n      <dd>2</dd>" in page
    assert ">Done</a>" in page
    assert "1 confirmed, 3 awaiting an answer, 1 declined, 0 expired." in page


def test_the_call_summary_takes_the_same_queries_for_any_size(
    invited_summary, django_assert_num_queries
):
    with django_assert_num_queries(5):
        summary = selectors.call_summary(invited_summary)

    assert summary.applications == {"draft": 3, "submitted": 12, "withdrawn": 0}


@pytest.fixture
def invited_summary(drawn, reviewer, django_capture_on_commit_callbacks):
    """The drawn call with two reviews (one done) and four invitations: one confirmed, one
    declined (its replacement invited), two awaiting."""
    import datetime as dt

    from django.utils import timezone

    from impactdays.applications import invitations

    applications = list(drawn.call.applications.filter(status="submitted")[:2])
    done = ReviewFactory(application=applications[0], reviewer=reviewer)
    ReviewFactory(application=applications[1], reviewer=reviewer)
    Review.objects.filter(pk=done.pk).update(submitted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations.invitations_send(
            run=drawn, respond_by=timezone.now() + dt.timedelta(days=3), actor=None
        )
    for invitation, accepted in zip(sent[:2], (True, False), strict=True):
        invitations.invitation_respond(
            invitation=invitation, user=invitation.application.applicant, is_accepted=accepted
        )
    return drawn.call


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider"])
def test_the_call_section_is_closed_to(request, client, invited_summary, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(
        edition_url("forums:edition-section", invited_summary.edition, section_key="call")
    )

    assert response.status_code in (403, 404)
    assert "assigned reviews done" not in response.content.decode()
