"""Every write on open calls. Views and the API check permissions first; these enforce state rules.

Each runs in one transaction behind forums' edition write guard; a ValidationError leaves the
database as it was.
"""

import datetime as dt
from collections.abc import Container
from typing import Any

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from impactdays.applications.assignment import Candidate, assign_reviewers
from impactdays.applications.formats import ApplicationsFormat
from impactdays.applications.models import (
    SCORE_MAX,
    SCORE_MIN,
    Application,
    Call,
    Criterion,
    Question,
    QuestionChoice,
    Review,
    Score,
)
from impactdays.common.services import audit_record
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User

CALL_FIELDS = (
    "title",
    "description",
    "opens_at",
    "closes_at",
    "seats",
    "reviewers_per_application",
    "is_review_anonymised",
)
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
LANGUAGE_NAMES = dict(global_settings.LANGUAGES)
YES_NO = ("yes", "no")
CLOSES_BEFORE_OPENING = gettext_lazy("The call must close after it opens.")


def _translated(field: str, text: str) -> dict[str, str]:
    """`text` (a catalogue's msgid or plain text) in every site language, as modeltranslation fields."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[f"{field}_{code}"] = translation.gettext(text) if text else ""
    return values


def _check_times(opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": CLOSES_BEFORE_OPENING})


def _questions_from_format(call: Call, edition: Edition) -> None:
    section = ApplicationsFormat.model_validate(edition.format.get("applications", {}))
    for position, spec in enumerate(section.questions):
        question = Question.objects.create(
            call=call,
            key=spec.key,
            kind=spec.kind,
            is_required=spec.required,
            position=position,
            **_translated("label", spec.label),
            **_translated("help_text", spec.help_text),
        )
        for choice_position, choice in enumerate(spec.choices):
            QuestionChoice.objects.create(
                question=question,
                key=choice.key,
                position=choice_position,
                **_translated("label", choice.label),
            )


def call_create(
    *,
    edition: Edition,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    seats: int,
    description: str = "",
    reviewers_per_application: int = 2,
    is_review_anonymised: bool = False,
    actor: User | None,
) -> Call:
    """Open the edition's call, with the questions of the edition's format in every language.

    Raises ValidationError when the edition already has a call, is frozen, or a field is bad.
    """
    _check_times(opens_at, closes_at)
    with transaction.atomic():
        edition = edition_lock_for_write(edition)
        if Call.objects.filter(edition=edition).exists():
            raise ValidationError(_("This edition already has a call."))
        call = Call(
            edition=edition,
            title=title,
            description=description,
            opens_at=opens_at,
            closes_at=closes_at,
            seats=seats,
            reviewers_per_application=reviewers_per_application,
            is_review_anonymised=is_review_anonymised,
        )
        call.full_clean()
        call.save()
        _questions_from_format(call, edition)
        audit_record(actor=actor, action="call_create", target=call, edition=edition)
    return call


def call_update(*, call: Call, actor: User | None, **changes: Any) -> Call:  # Any: field values
    """Change the call's fields (CALL_FIELDS). Raises ValidationError on a bad or unknown field."""
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    with transaction.atomic():
        edition_lock_for_write(call.edition)
        call = Call.objects.select_for_update().get(pk=call.pk)
        for name, value in changes.items():
            setattr(call, name, value)
        _check_times(call.opens_at, call.closes_at)
        call.full_clean()
        call.save()
        audit_record(
            actor=actor,
            action="call_update",
            target=call,
            edition=call.edition,
            data={"fields": sorted(changes)},
        )
    return call


# Answers.


def _answer_clean(question: Question, value: object, choice_keys: list[str]) -> object:
    """The answer as stored, or ValidationError with a sentence about this question."""
    kind = question.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        if not isinstance(value, str):
            raise ValidationError(_("Write text."))
        if len(value) > limit:
            raise ValidationError(
                _("Write at most %(limit)s characters (you wrote %(count)s).")
                % {"limit": limit, "count": len(value)}
            )
        return value.strip()
    if kind == Question.Kind.MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Choose from the list."))
        if len(set(value)) != len(value) or not set(value) <= set(choice_keys):
            raise ValidationError(_("Choose from the list."))
        return [key for key in choice_keys if key in value]
    if kind == Question.Kind.CONSENT:
        if not isinstance(value, bool):
            raise ValidationError(_("Tick the box or leave it empty."))
        return value
    allowed_by_kind: dict[str, Container[str]] = {
        Question.Kind.CHOICE: choice_keys,
        Question.Kind.YES_NO: list(YES_NO),
        Question.Kind.COUNTRY: dict(countries),
        Question.Kind.LANGUAGE: LANGUAGE_NAMES,
    }
    allowed = allowed_by_kind[kind]
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(_("Choose from the list."))
    return value


def _is_empty(value: object) -> bool:
    return value is None or value is False or value in ("", [])


def answers_clean(*, call: Call, answers: object, is_complete: bool) -> dict[str, object]:
    """The answers checked against the call's questions, ready to store.

    A draft (is_complete False) may leave questions unanswered; a complete application answers
    every required one and ticks every required consent. Raises ValidationError keyed by question
    key (unknown keys under "__all__").
    """
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers must be an object."))
    questions = list(call.questions.prefetch_related("choices"))
    errors: dict[str, list[str]] = {}
    unknown = set(answers) - {question.key for question in questions}
    if unknown:
        errors["__all__"] = [
            _("Unknown questions: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
        ]
    cleaned: dict[str, object] = {}
    for question in questions:
        value = answers.get(question.key)
        if isinstance(value, str):
            value = value.strip()
        if _is_empty(value):
            if is_complete and question.is_required:
                message = (
                    _("You must agree to apply.")
                    if question.kind == Question.Kind.CONSENT
                    else _("This question needs an answer.")
                )
                errors[question.key] = [message]
            continue
        try:
            cleaned[question.key] = _answer_clean(
                question, value, [choice.key for choice in question.choices.all()]
            )
        except ValidationError as error:
            errors[question.key] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


# Applications.


def _check_call_is_open(call: Call, edition: Edition, now: dt.datetime) -> None:
    if edition.status != Edition.Status.OPEN_CALL:
        raise ValidationError(_("This edition is not taking applications."))
    if now < call.opens_at:
        raise ValidationError(_("The call is not open yet."))
    if now >= call.closes_at:
        raise ValidationError(_("The call has closed; applications can no longer change."))


def application_save(
    *,
    call: Call,
    applicant: User,
    answers: object,
    is_submitted: bool,
    application: Application | None = None,
    notify: bool = True,
) -> Application:
    """Create or change the applicant's application while the call is open.

    `application` is the applicant's existing application, or None to create one (refused when
    one exists: one application per person and call). A draft keeps incomplete answers; submitting
    requires complete ones, and a submitted application stays submitted and complete. After commit
    a submitted application's receipt is e-mailed. Raises ValidationError (nothing saved) when the
    call is not open, the application is withdrawn, or an answer breaks its question's rules.
    `notify=False` sends no receipt (the demo's generated applicants have no mailbox).
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        now = timezone.now()
        _check_call_is_open(call, edition, now)
        if application is None:
            if Application.objects.filter(call=call, applicant=applicant).exists():
                raise ValidationError(_("You have already applied to this call."))
            application = Application(call=call, applicant=applicant)
        else:
            application = Application.objects.select_for_update().get(
                pk=application.pk, call=call, applicant=applicant
            )
        if application.status == Application.Status.WITHDRAWN:
            raise ValidationError(_("This application is withdrawn; it can no longer change."))
        was_submitted = application.status == Application.Status.SUBMITTED
        application.answers = answers_clean(
            call=call, answers=answers, is_complete=is_submitted or was_submitted
        )
        if is_submitted and not was_submitted:
            application.status = Application.Status.SUBMITTED
            application.submitted_at = now
        application.save()
        audit_record(
            actor=applicant,
            action="application_submit"
            if is_submitted and not was_submitted
            else "application_save",
            target=application,
            edition=edition,
        )
        if notify and application.status == Application.Status.SUBMITTED:
            # Imported here: the task module imports this one.
            from impactdays.applications.tasks import application_receipt_task

            application_id = application.pk
            # robust: the application is saved; a mail failure is logged, never an error page.
            transaction.on_commit(
                lambda: application_receipt_task.delay(application_id), robust=True
            )
    return application


def application_withdraw(*, application: Application, actor: User | None) -> Application:
    """Withdraw the application for good: it leaves the review and the selection.

    Raises ValidationError when it is already withdrawn.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(application.call.edition)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if Application.Status.WITHDRAWN not in Application.TRANSITIONS[application.status]:
            raise ValidationError(_("This application is already withdrawn."))
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit_record(
            actor=actor, action="application_withdraw", target=application, edition=edition
        )
    return application


def application_receipt_send(*, application: Application) -> int:
    """E-mail the applicant that their application is received, with a link to change it."""
    if application.status != Application.Status.SUBMITTED:
        return 0
    call = application.call
    url = edition_url("applications:call-detail", call.edition)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your application to %(title)s") % {"title": call.title}
        body = _(
            "Hello %(name)s,\n\nyour application to %(title)s is received. You can change or "
            "withdraw it until %(closes_at)s: %(url)s\n"
        ) % {
            "name": application.applicant.public_name,
            "title": call.title,
            "closes_at": timezone.localtime(call.closes_at, timezone=dt.UTC).strftime(
                "%Y-%m-%d %H:%M UTC"
            ),
            "url": f"{settings.SITE_URL.rstrip('/')}{url}",
        }
    return send_mail(subject, body, None, [application.applicant.email])


# Review.


def criterion_create(
    *, call: Call, label: str, weight: int = 1, help_text: str = "", actor: User | None
) -> Criterion:
    """Add a weighted review criterion. Raises ValidationError on a bad weight or label."""
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        position = call.criteria.count()
        criterion = Criterion(
            call=call, label=label, weight=weight, help_text=help_text, position=position
        )
        criterion.full_clean()
        criterion.save()
        audit_record(actor=actor, action="criterion_create", target=criterion, edition=edition)
    return criterion


def criterion_delete(*, criterion: Criterion, actor: User | None) -> None:
    """Remove a criterion that nobody has scored yet. Raises ValidationError otherwise."""
    with transaction.atomic():
        edition = edition_lock_for_write(criterion.call.edition)
        if criterion.scores.exists():
            raise ValidationError(_("Reviewers have scored this criterion; it stays."))
        audit_record(
            actor=actor,
            action="criterion_delete",
            target=criterion,
            edition=edition,
            data={"label": criterion.label},
        )
        criterion.delete()


def reviews_assign(*, call: Call, actor: User | None) -> tuple[list[Review], dict[int, int]]:
    """Give every submitted application the call's number of reviewers (assignment.assign_reviewers).

    Keeps the assignments already made; returns the new reviews and, for applications that lack
    reviewers free of conflicts, how many each misses. Raises ValidationError when the edition
    has no reviewer.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        reviewers = list(
            User.objects.filter(
                edition_roles__edition=edition, edition_roles__role=EditionRole.Role.REVIEWER
            )
            .distinct()
            .order_by("pk")
        )
        if not reviewers:
            raise ValidationError(_("This edition has no reviewer yet: grant the role first."))
        applications = list(
            Application.objects.filter(
                call=call, status=Application.Status.SUBMITTED
            ).select_related("applicant")
        )
        existing = set(
            Review.objects.filter(application__call=call).values_list(
                "application_id", "reviewer_id"
            )
        )
        result = assign_reviewers(
            [Candidate(a.pk, a.applicant_id, a.applicant.organisation) for a in applications],
            [Candidate(r.pk, r.pk, r.organisation) for r in reviewers],
            existing,
            call.reviewers_per_application,
        )
        reviews = Review.objects.bulk_create(
            [Review(application_id=a, reviewer_id=r) for a, r in result.pairs]
        )
        audit_record(
            actor=actor,
            action="reviews_assign",
            target=call,
            edition=edition,
            data={"assigned": len(reviews), "short": len(result.short)},
        )
    return reviews, result.short


def review_submit(
    *, review: Review, scores: dict[int, int], comment: str = "", actor: User | None
) -> Review:
    """Score the application on every criterion (SCORE_MIN to SCORE_MAX) and keep the weighted mean.

    `scores` maps criterion ids to values. A review may be submitted again to change it. Raises
    ValidationError when a criterion is missing or unknown, a value is out of range or not a whole
    number, or the application is withdrawn.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(review.edition)
        review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
        if review.application.status != Application.Status.SUBMITTED:
            raise ValidationError(_("This application is withdrawn; it is not reviewed."))
        criteria = list(Criterion.objects.filter(call_id=review.application.call_id))
        if not criteria:
            raise ValidationError(_("The call has no review criteria yet."))
        errors: dict[str, list[str]] = {}
        by_id = {criterion.pk: criterion for criterion in criteria}
        if set(scores) - set(by_id):
            errors["__all__"] = [_("Score only the call's criteria.")]
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                errors[f"criterion_{criterion.pk}"] = [_("Give a score.")]
            elif (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not SCORE_MIN <= value <= SCORE_MAX
            ):
                errors[f"criterion_{criterion.pk}"] = [
                    _("Give a whole number from %(low)s to %(high)s.")
                    % {"low": SCORE_MIN, "high": SCORE_MAX}
                ]
        if len(comment) > LONG_TEXT_MAX:
            errors["comment"] = [
                _("Write at most %(limit)s characters.") % {"limit": LONG_TEXT_MAX}
            ]
        if errors:
            raise ValidationError(errors)
        review.scores.all().delete()
        Score.objects.bulk_create(
            [Score(review=review, criterion=by_id[pk], value=value) for pk, value in scores.items()]
        )
        total_weight = sum(criterion.weight for criterion in criteria)
        review.weighted_score = (
            sum(by_id[pk].weight * value for pk, value in scores.items()) / total_weight
        )
        review.comment = comment
        review.submitted_at = timezone.now()
        review.save()
        audit_record(actor=actor, action="review_submit", target=review, edition=edition)
    return review
