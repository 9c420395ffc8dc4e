"""The call's services: opening the call, applying, drafts, edits until the deadline, withdrawal,
the receipt, criteria and reviews. Bad input gets a clear error and changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from impactdays.applications import services
from impactdays.applications.models import Application, Call, Question, Review, Score
from impactdays.forums.models import Edition
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    ReviewFactory,
)
from tests.forums.factories import EditionFactory
from tests.people.factories import UserFactory
from tests.permissions import edition_at, snapshot

pytestmark = pytest.mark.django_db


def test_call_create_copies_the_format_questions_in_every_language(call):
    questions = list(call.questions.prefetch_related("choices"))

    assert [q.key for q in questions] == [
        "motivation",
        "experience",
        "alumni",
        "country",
        "sector",
        "language",
        "consent",
    ]
    motivation = questions[0]
    assert motivation.label_en == "Why do you want to take part?"
    assert motivation.label_de not in ("", motivation.label_en)
    assert motivation.label_ru not in ("", motivation.label_en)
    sector = questions[4]
    assert sector.kind == Question.Kind.CHOICE
    assert [c.key for c in sector.choices.all()][:2] == ["business", "urbanism"]
    with translation.override("de"):
        assert Question.objects.get(pk=motivation.pk).label == motivation.label_de


def test_call_create_refuses_a_second_call_and_changes_nothing(call):
    before = snapshot(Call, Question)

    with pytest.raises(ValidationError) as error:
        services.call_create(
            edition=call.edition,
            title="Again",
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            seats=10,
            actor=None,
        )

    assert error.value.messages == ["This edition already has a call."]
    assert snapshot(Call, Question) == before


def test_call_create_refuses_a_call_that_closes_before_it_opens(edition):
    now = timezone.now()

    with pytest.raises(ValidationError) as error:
        services.call_create(
            edition=edition, title="Backwards", opens_at=now, closes_at=now, seats=5, actor=None
        )

    assert error.value.message_dict == {"closes_at": ["The call must close after it opens."]}
    assert not Call.objects.exists()


def test_call_update_changes_the_seats(call):
    services.call_update(call=call, seats=12, actor=None)

    assert Call.objects.get(pk=call.pk).seats == 12


def test_call_update_refuses_zero_seats_and_keeps_the_old_value(call):
    with pytest.raises(ValidationError) as error:
        services.call_update(call=call, seats=0, actor=None)

    assert "seats" in error.value.message_dict
    assert Call.objects.get(pk=call.pk).seats == 40


def test_a_draft_may_be_incomplete_and_sends_no_receipt(call):
    applicant = UserFactory()

    application = services.application_save(
        call=call, applicant=applicant, answers={"motivation": "Half a thought"}, is_submitted=False
    )

    assert application.status == Application.Status.DRAFT
    assert application.answers == {"motivation": "Half a thought"}
    assert mail.outbox == []


def test_submitting_stores_the_answers_and_mails_a_receipt(
    call, answers, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="nino@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_save(
            call=call, applicant=applicant, answers=answers, is_submitted=True
        )

    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    assert application.answers == answers
    assert [message.to for message in mail.outbox] == [["nino@example.org"]]
    assert mail.outbox[0].subject == "Your application to Call for participants"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"motivation": ""}, "motivation", "This question needs an answer."),
        ({"consent": False}, "consent", "You must agree to apply."),
        ({"sector": "astrology"}, "sector", "Choose from the list."),
        ({"country": "XX"}, "country", "Choose from the list."),
        ({"language": "klingon"}, "language", "Choose from the list."),
        ({"alumni": True}, "alumni", "Choose from the list."),
        ({"consent": "yes"}, "consent", "Tick the box or leave it empty."),
        ({"motivation": 42}, "motivation", "Write text."),
        (
            {"motivation": "x" * 5001},
            "motivation",
            "Write at most 5000 characters (you wrote 5001).",
        ),
        ({"surprise": "hello"}, "__all__", "Unknown questions: surprise."),
    ],
)
def test_a_submission_that_breaks_the_form_rules_is_refused_and_nothing_is_saved(
    call, answers, change, field, message
):
    applicant = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.application_save(
            call=call, applicant=applicant, answers={**answers, **change}, is_submitted=True
        )

    assert error.value.message_dict[field] == [message]
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_a_duplicate_application_is_refused(call, answers):
    applicant = UserFactory()
    services.application_save(call=call, applicant=applicant, answers=answers, is_submitted=True)

    with pytest.raises(ValidationError) as error:
        services.application_save(call=call, applicant=applicant, answers={}, is_submitted=False)

    assert error.value.messages == ["You have already applied to this call."]
    assert Application.objects.get().answers == answers


def test_a_submitted_application_changes_until_the_deadline_and_stays_complete(call, answers):
    applicant = UserFactory()
    application = services.application_save(
        call=call, applicant=applicant, answers=answers, is_submitted=True
    )

    services.application_save(
        call=call,
        applicant=applicant,
        answers={**answers, "motivation": "Better reasons"},
        is_submitted=False,
        application=application,
    )
    with pytest.raises(ValidationError):
        services.application_save(
            call=call,
            applicant=applicant,
            answers={**answers, "motivation": ""},
            is_submitted=False,
            application=application,
        )

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.answers["motivation"] == "Better reasons"


def test_a_late_application_is_refused(call, answers):
    applicant = UserFactory()

    with (
        time_machine.travel(call.closes_at + dt.timedelta(seconds=1)),
        pytest.raises(ValidationError) as error,
    ):
        services.application_save(
            call=call, applicant=applicant, answers=answers, is_submitted=True
        )

    assert error.value.messages == ["The call has closed; applications can no longer change."]
    assert not Application.objects.exists()


def test_an_early_application_is_refused(call, answers):
    with (
        time_machine.travel(call.opens_at - dt.timedelta(seconds=1)),
        pytest.raises(ValidationError) as error,
    ):
        services.application_save(
            call=call, applicant=UserFactory(), answers=answers, is_submitted=True
        )

    assert error.value.messages == ["The call is not open yet."]


def test_no_application_once_the_edition_has_moved_to_selection(call, answers):
    edition_at(call.edition, Edition.Status.SELECTION)
    call = Call.objects.get(pk=call.pk)

    with pytest.raises(ValidationError) as error:
        services.application_save(
            call=call, applicant=UserFactory(), answers=answers, is_submitted=True
        )

    assert error.value.messages == ["This edition is not taking applications."]


def test_withdraw_is_final(call, answers):
    applicant = UserFactory()
    application = services.application_save(
        call=call, applicant=applicant, answers=answers, is_submitted=True
    )

    services.application_withdraw(application=application, actor=applicant)

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, actor=applicant)
    with pytest.raises(ValidationError) as error:
        services.application_save(
            call=call,
            applicant=applicant,
            answers=answers,
            is_submitted=True,
            application=application,
        )
    assert error.value.messages == ["This application is withdrawn; it can no longer change."]


def test_review_submit_keeps_the_weighted_mean():
    review = ReviewFactory()
    call = review.application.call
    content = CriterionFactory(call=call, weight=3)
    fit = CriterionFactory(call=call, weight=1)

    services.review_submit(
        review=review, scores={content.pk: 5, fit.pk: 1}, comment="Strong", actor=None
    )

    review.refresh_from_db()
    assert review.weighted_score == (3 * 5 + 1 * 1) / 4
    assert review.comment == "Strong"
    assert sorted(Score.objects.values_list("value", flat=True)) == [1, 5]


@pytest.mark.parametrize(
    "scores",
    [{}, {"first": 6}, {"first": -1}, {"first": True}, {"first": 2.5}, {"first": 3, "other": 3}],
)
def test_review_submit_refuses_bad_scores_and_saves_nothing(scores):
    review = ReviewFactory()
    first = CriterionFactory(call=review.application.call)
    by_name = {"first": first.pk, "other": 999_999}

    with pytest.raises(ValidationError):
        services.review_submit(
            review=review, scores={by_name[k]: v for k, v in scores.items()}, actor=None
        )

    review.refresh_from_db()
    assert review.submitted_at is None
    assert not Score.objects.exists()


def test_a_withdrawn_application_is_not_reviewed():
    review = ReviewFactory(application__status=Application.Status.WITHDRAWN)
    criterion = CriterionFactory(call=review.application.call)

    with pytest.raises(ValidationError):
        services.review_submit(review=review, scores={criterion.pk: 3}, actor=None)

    assert not Score.objects.exists()


def test_criterion_delete_refuses_a_scored_criterion():
    review = ReviewFactory()
    criterion = CriterionFactory(call=review.application.call)
    services.review_submit(review=review, scores={criterion.pk: 3}, actor=None)

    with pytest.raises(ValidationError):
        services.criterion_delete(criterion=criterion, actor=None)

    assert criterion.call.criteria.count() == 1


def test_reviews_assign_gives_r_reviewers_balanced_and_skips_same_organisation():
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    call = CallFactory(edition=edition, reviewers_per_application=2)
    reviewers = [UserFactory(organisation=name) for name in ("Textil", "Urban Lab", "City Hall")]
    for reviewer in reviewers:
        edition.roles.create(user=reviewer, role="reviewer")
    applications = [
        ApplicationFactory(call=call, applicant__organisation=name)
        for name in ("textil ", "Other", "Other", "Other", "Other", "Other")
    ]
    ApplicationFactory(call=call, status=Application.Status.DRAFT)

    reviews, short = services.reviews_assign(call=call, actor=None)

    assert short == {}
    assert len(reviews) == 12
    pairs = set(Review.objects.values_list("application_id", "reviewer_id"))
    assert (applications[0].pk, reviewers[0].pk) not in pairs
    loads = sorted(Review.objects.filter(reviewer=r).count() for r in reviewers)
    assert loads == [4, 4, 4]
    again, _short = services.reviews_assign(call=call, actor=None)
    assert again == []


def test_reviews_assign_without_reviewers_is_refused():
    call = CallFactory(edition=EditionFactory(status=Edition.Status.OPEN_CALL))
    ApplicationFactory(call=call)

    with pytest.raises(ValidationError):
        services.reviews_assign(call=call, actor=None)

    assert not Review.objects.exists()


def test_writes_on_a_frozen_edition_are_refused(call, answers):
    application = services.application_save(
        call=call, applicant=UserFactory(), answers=answers, is_submitted=True
    )
    edition_at(call.edition, Edition.Status.REPORT_PUBLISHED)

    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, actor=None)

    assert Application.objects.get().status == Application.Status.SUBMITTED
