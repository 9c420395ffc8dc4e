"""Reads of open calls, each filtered by the call and by who is asking."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import global_settings
from django.db.models import Avg, Count, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django_countries import countries

from impactdays.applications.models import (
    Application,
    Call,
    Invitation,
    Question,
    Review,
    SelectionRun,
)
from impactdays.forums.models import Edition
from impactdays.people.models import User

# The organiser's list sorts on these (the name in the URL → the ordering).
SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "score": ("score", "pk"),
    "-score": ("-score", "pk"),
    "name": ("applicant__display_name", "applicant__email", "pk"),
}
# Questions the organiser's list can filter on: one stored value per answer.
FILTER_KINDS = (
    Question.Kind.CHOICE,
    Question.Kind.YES_NO,
    Question.Kind.COUNTRY,
    Question.Kind.LANGUAGE,
)


def call_of(edition: Edition) -> Call | None:
    return Call.objects.filter(edition=edition).first()


def call_questions(call: Call) -> list[Question]:
    return list(call.questions.prefetch_related("choices"))


def application_of(*, call: Call, applicant: User) -> Application | None:
    """The applicant's own application to the call, if any."""
    return Application.objects.filter(call=call, applicant=applicant).first()


def applications_listed(
    *, call: Call, status: str = "", answers: dict[str, str] | None = None, sort: str = "submitted"
) -> QuerySet[Application]:
    """The call's applications for its organisers: with the mean score and the review counts.

    Drafts are the applicants' own business and never listed. `answers` filters on single-value
    questions ({key: value}); an unknown sort falls back to the submission time.
    """
    applications = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .select_related("applicant")
        .annotate(
            score=Avg("reviews__weighted_score", filter=Q(reviews__submitted_at__isnull=False)),
            reviews_done=Count("reviews", filter=Q(reviews__submitted_at__isnull=False)),
            reviews_assigned=Count("reviews"),
        )
    )
    if status in (Application.Status.SUBMITTED, Application.Status.WITHDRAWN):
        applications = applications.filter(status=status)
    for number, (key, value) in enumerate(sorted((answers or {}).items())):
        alias = f"answer_{number}"
        applications = applications.alias(
            # Cast: compared as text, so the value needs no JSON quoting on any database.
            **{alias: Cast(KeyTextTransform(key, "answers"), output_field=TextField())}
        ).filter(**{alias: value})
    return applications.order_by(*SORTS.get(sort, SORTS["submitted"]))


def reviews_assigned_to(*, reviewer: User, call: Call) -> QuerySet[Review]:
    """The reviewer's own assignments in the call, withdrawn applications left out."""
    return (
        Review.objects.filter(reviewer=reviewer, application__call=call)
        .exclude(application__status=Application.Status.WITHDRAWN)
        .select_related("application__applicant")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class AnswerRow:
    label: str
    text: str
    is_hidden: bool = False


def answer_text(question: Question, value: object) -> str:
    """An answer as people read it: the labels of chosen choices, the country's name, yes or no."""
    if value is None or value in ("", []):
        return ""
    choices = {choice.key: str(choice.label) for choice in question.choices.all()}
    if question.kind == Question.Kind.MULTIPLE_CHOICE and isinstance(value, list):
        return "; ".join(choices.get(str(key), str(key)) for key in value)
    if question.kind == Question.Kind.CHOICE:
        return choices.get(str(value), str(value))
    if question.kind == Question.Kind.COUNTRY:
        return str(dict(countries).get(str(value), value))
    if question.kind == Question.Kind.LANGUAGE:
        return str(dict(global_settings.LANGUAGES).get(str(value), value))
    if question.kind == Question.Kind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if question.kind == Question.Kind.CONSENT:
        return _("Agreed") if value is True else ""
    return str(value)


# What anonymised review hides: who the person is and where they come from. A short text names
# things (an organisation, a city, a role) rather than arguing; the long texts stay: they are
# what reviewers score.
IDENTIFYING_KINDS = (Question.Kind.COUNTRY, Question.Kind.LANGUAGE, Question.Kind.SHORT_TEXT)


def answer_rows(
    application: Application, questions: Iterable[Question], *, is_anonymised: bool = False
) -> list[AnswerRow]:
    return [
        AnswerRow(
            label=question.label,
            text="" if hidden else answer_text(question, application.answers.get(question.key)),
            is_hidden=hidden,
        )
        for question in questions
        for hidden in [is_anonymised and question.kind in IDENTIFYING_KINDS]
    ]


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is kept as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def applications_csv(*, call: Call, applications: Iterable[Application]) -> str:
    """The listed applications as CSV: one row each, one column per question (answer keys)."""
    questions = call_questions(call)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "name",
            "email",
            "organisation",
            "status",
            "submitted_at",
            "score",
            "reviews",
            *(question.key for question in questions),
        ]
    )
    for application in applications:
        score = getattr(application, "score", None)
        answers = application.answers
        writer.writerow(
            _csv_cell(value)
            for value in [
                application.pk,
                application.applicant.public_name,
                application.applicant.email,
                application.applicant.organisation,
                application.status,
                application.submitted_at.isoformat() if application.submitted_at else "",
                f"{score:.2f}" if score is not None else "",
                getattr(application, "reviews_done", ""),
                *(
                    ";".join(answers[q.key])
                    if isinstance(answers.get(q.key), list)
                    else answers.get(q.key, "")
                    for q in questions
                ),
            ]
        )
    return out.getvalue()


@dataclass(frozen=True)
class CallSummary:
    """Counts by state for the organiser's dashboard."""

    applications: dict[str, int]  # by Application.Status
    reviews_assigned: int
    reviews_done: int
    quotas: int
    latest_run: SelectionRun | None
    invitations: dict[str, int]  # by Invitation.Status


def call_summary(call: Call) -> CallSummary:
    """The call's applications, reviews, quotas, latest run and invitations, counted by state
    in five queries whatever the call's size."""
    applications = dict.fromkeys(Application.Status.values, 0)
    for row in call.applications.values("status").annotate(count=Count("pk")).order_by():
        applications[row["status"]] = row["count"]
    reviews = Review.objects.filter(application__call=call).aggregate(
        assigned=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    invitations = dict.fromkeys(Invitation.Status.values, 0)
    for row in (
        Invitation.objects.filter(run__call=call)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        invitations[row["status"]] = row["count"]
    return CallSummary(
        applications=applications,
        reviews_assigned=reviews["assigned"],
        reviews_done=reviews["done"],
        quotas=call.quotas.count(),
        latest_run=call.selection_runs.defer(
            "people_csv", "quotas_csv", "distribution", "probabilities", "panel"
        ).first(),
        invitations=invitations,
    )
