"""One factory per applications model, with unsurprising defaults: a call open now for a week."""

import datetime as dt

import factory
from django.utils import timezone

from impactdays.applications.models import (
    Application,
    Call,
    Criterion,
    Question,
    QuestionChoice,
    Review,
)
from tests.forums.factories import EditionFactory
from tests.people.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    seats = 40


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"question_{n}")
    label = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SHORT_TEXT
    is_required = True


class QuestionChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionChoice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.CHOICE)
    key = factory.Sequence(lambda n: f"choice_{n}")
    label = factory.Sequence(lambda n: f"Choice {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
