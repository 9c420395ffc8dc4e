"""Organisers edit their call's questions on the site; a question applications answer keeps its
key, kind and choices and cannot be removed, and becomes required only if every submitted
application answers it."""

import pytest
from django.core.exceptions import ValidationError

from impactdays.applications import questions, selection
from impactdays.applications.models import Question
from impactdays.forums.links import edition_url
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_organiser_adds_a_choice_question_with_its_choices(client, organiser, call):
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:question-create", call.edition),
        {
            "key": "gender",
            "kind": "choice",
            "label_en": "Your gender",
            "label_ru": "Ваш пол",
            "help_text_en": "",
            "is_required": "on",
            "choices": "female: Female\nmale: Male\n\ndiverse: Diverse\n",
        },
    )

    question = call.questions.get(key="gender")
    assert response.status_code == 302
    assert (question.label_en, question.label_ru, question.is_required) == (
        "Your gender",
        "Ваш пол",
        True,
    )
    assert list(question.choices.values_list("key", "label")) == [
        ("female", "Female"),
        ("male", "Male"),
        ("diverse", "Diverse"),
    ]
    assert (
        question.position > call.questions.exclude(pk=question.pk).order_by("-position")[0].position
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"key": "country", "kind": "text"}, "The call has a question with this key already."),
        ({"key": "gender", "kind": "choice", "choices": "female: Female"}, "at least two choices"),
        ({"key": "city", "kind": "text", "choices": "a: A\nb: B"}, "Only choice questions"),
        ({"key": "gender", "kind": "choice", "choices": "female Female\nmale: Male"}, "Line 1:"),
    ],
)
def test_a_bad_new_question_is_refused_and_nothing_saved(client, organiser, call, data, error):
    client.force_login(organiser)
    before = call.questions.count()

    response = client.post(
        edition_url("applications:question-create", call.edition),
        {"label_en": "A question", "is_required": "on", **data},
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert call.questions.count() == before


def test_an_answered_question_is_reworded_but_not_removed(client, organiser, call, answers):
    ApplicationFactory(call=call, answers=answers)
    question = call.questions.get(key="motivation")
    client.force_login(organiser)

    client.post(
        edition_url("applications:question-edit", call.edition, pk=question.pk),
        {"label_en": "What brings you?", "is_required": "on", "key": "changed", "kind": "text"},
    )
    response = client.post(
        edition_url("applications:question-delete", call.edition, pk=question.pk), follow=True
    )

    question.refresh_from_db()
    assert (question.label_en, question.key, question.kind) == (
        "What brings you?",
        "motivation",
        "long_text",
    )
    assert "1 applications answer this question" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_an_unanswered_question_is_removed(call):
    question = questions.question_create(
        call=call, key="city", kind="text", label="City", is_required=False, actor=None
    )

    questions.question_delete(question=question, actor=None)

    assert not call.questions.filter(key="city").exists()


def test_a_question_a_quota_counts_is_not_removed(call):
    question = questions.question_create(
        call=call,
        key="gender",
        kind="choice",
        label="Gender",
        choices=[("f", "Female"), ("m", "Male")],
        actor=None,
    )
    selection.quota_set(call=call, category="gender", value="f", minimum=0, maximum=3, actor=None)

    with pytest.raises(ValidationError, match="remove the quota first"):
        questions.question_delete(question=question, actor=None)


def test_an_optional_question_becomes_required_only_if_every_submission_answers_it(call, answers):
    question = questions.question_create(
        call=call, key="city", kind="text", label="City", is_required=False, actor=None
    )
    ApplicationFactory(call=call, answers=answers)

    with pytest.raises(ValidationError) as error:
        questions.question_update(
            question=question, label="City", help_text="", is_required=True, actor=None
        )

    question.refresh_from_db()
    assert "1 submitted applications leave this question unanswered" in str(error.value)
    assert question.is_required is False


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider"])
def test_question_editing_is_closed_to(request, client, call, role):
    question = call.questions.get(key="motivation")
    client.force_login(request.getfixturevalue(role))
    label = question.label_en

    replies = [
        client.get(edition_url("applications:question-create", call.edition)),
        client.post(
            edition_url("applications:question-create", call.edition),
            {"key": "x", "kind": "text", "label_en": "X"},
        ),
        client.post(
            edition_url("applications:question-edit", call.edition, pk=question.pk),
            {"label_en": "Changed"},
        ),
        client.post(edition_url("applications:question-delete", call.edition, pk=question.pk)),
    ]

    question.refresh_from_db()
    assert [reply.status_code for reply in replies] == [403] * 4
    assert question.label_en == label
    assert not call.questions.filter(key="x").exists()


def test_another_editions_organiser_cannot_edit_the_questions(client, call, other_organiser):
    question = call.questions.get(key="motivation")
    client.force_login(other_organiser)

    reply = client.post(edition_url("applications:question-delete", call.edition, pk=question.pk))

    assert reply.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.fixture
def other_organiser():
    from tests.conftest import _with_totp
    from tests.forums.factories import EditionRoleFactory

    return _with_totp(EditionRoleFactory(role="organiser").user)
