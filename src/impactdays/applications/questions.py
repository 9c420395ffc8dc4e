"""Organisers edit the questions of their call. A question some application already answers
keeps its key, kind and choices (the stored answers refer to them) and cannot be removed; its
wording may change, and it may become optional. It may become required only while no submitted
application has left it unanswered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from impactdays.applications.models import Application, Call, Question, QuestionChoice
from impactdays.common.services import audit_record
from impactdays.common.translated import Translations, full_clean_translated, translations_apply
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User

CHOICE_KINDS = (Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE)


def question_answer_count(question: Question) -> int:
    """How many applications (drafts included) answer the question."""
    return Application.objects.filter(call=question.call, answers__has_key=question.key).count()


def question_create(
    *,
    call: Call,
    key: str,
    kind: str,
    label: str | Translations,
    help_text: str | Translations = "",
    is_required: bool = True,
    choices: list[tuple[str, str]] | None = None,
    actor: User | None,
) -> Question:
    """Add a question at the end of the call's form; a choice question comes with its choices
    ((key, label) pairs, labels in the active language). Raises ValidationError for a key the
    call uses already, choices on a kind without them or none on a kind that needs them."""
    choices = choices or []
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        if call.questions.filter(key=key).exists():
            raise ValidationError({"key": _("The call has a question with this key already.")})
        if kind in CHOICE_KINDS and len(choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})
        if kind not in CHOICE_KINDS and choices:
            raise ValidationError({"choices": _("Only choice questions have choices.")})
        if len({choice_key for choice_key, _label in choices}) != len(choices):
            raise ValidationError({"choices": _("Choice keys must be unique.")})
        last = call.questions.aggregate(last=Max("position"))["last"]
        question = Question(
            call=call, key=key, kind=kind, is_required=is_required, position=(last or 0) + 1
        )
        translations_apply(question, {"label": label, "help_text": help_text})
        full_clean_translated(question)
        question.save()
        for position, (choice_key, choice_label) in enumerate(choices):
            choice = QuestionChoice(
                question=question, key=choice_key, label=choice_label, position=position
            )
            choice.full_clean()
            choice.save()
        audit_record(
            actor=actor,
            action="question_create",
            target=question,
            edition=edition,
            data={"key": key, "kind": kind},
        )
    return question


def question_update(
    *,
    question: Question,
    label: str | Translations,
    help_text: str | Translations,
    is_required: bool,
    actor: User | None,
) -> Question:
    """Change the question's wording and whether it is required. Raises ValidationError when
    it would become required while submitted applications leave it unanswered."""
    with transaction.atomic():
        edition = edition_lock_for_write(question.call.edition)
        question = Question.objects.select_for_update().get(pk=question.pk)
        if is_required and not question.is_required:
            unanswered = (
                Application.objects.filter(call=question.call, status=Application.Status.SUBMITTED)
                .exclude(answers__has_key=question.key)
                .count()
            )
            if unanswered:
                raise ValidationError(
                    {
                        "is_required": _(
                            "%(count)s submitted applications leave this question unanswered, "
                            "so it cannot become required."
                        )
                        % {"count": unanswered}
                    }
                )
        question.is_required = is_required
        translations_apply(question, {"label": label, "help_text": help_text})
        full_clean_translated(question)
        question.save()
        audit_record(
            actor=actor,
            action="question_update",
            target=question,
            edition=edition,
            data={"key": question.key, "required": is_required},
        )
    return question


def question_delete(*, question: Question, actor: User | None) -> None:
    """Remove a question nobody has answered and no quota counts. Raises ValidationError
    otherwise."""
    with transaction.atomic():
        edition = edition_lock_for_write(question.call.edition)
        answered = question_answer_count(question)
        if answered:
            raise ValidationError(
                _(
                    "%(count)s applications answer this question; it can be reworded or made "
                    "optional, not removed."
                )
                % {"count": answered}
            )
        if question.call.quotas.filter(category=question.key).exists():
            raise ValidationError(_("A quota counts this question; remove the quota first."))
        audit_record(
            actor=actor,
            action="question_delete",
            target=question,
            edition=edition,
            data={"key": question.key},
        )
        question.delete()
