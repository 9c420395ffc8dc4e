"""API schemas of the open call: what the call asks, and the caller's own application."""

import datetime as dt

from ninja import Schema
from pydantic import Field, StrictBool, StrictStr

from impactdays.applications.models import Application, Call, Question
from impactdays.common.api import StrictIn

# One answer: a text or a single choice's key, the keys of a multiple choice, or a consent box.
Answer = StrictStr | list[StrictStr] | StrictBool


class ChoiceOut(Schema):
    key: str
    label: str


class QuestionOut(Schema):
    key: str
    label: str
    help_text: str
    kind: str
    is_required: bool
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_choices(question: Question) -> list[ChoiceOut]:
        return [ChoiceOut(key=c.key, label=str(c.label)) for c in question.choices.all()]


class CallOut(Schema):
    edition_id: int
    title: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    seats: int
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(call: Call) -> list[Question]:
        return list(call.questions.prefetch_related("choices"))


class ApplicationOut(Schema):
    id: int
    status: str
    answers: dict[str, Answer]
    submitted_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_answers(application: Application) -> dict[str, object]:
        return dict(application.answers)


class ApplicationIn(StrictIn):
    """The answers by question key; `submit` turns a draft into a submitted application."""

    answers: dict[StrictStr, Answer] = Field(max_length=200)
    submit: StrictBool = False


class SelectionRunOut(Schema):
    """A published run: enough to check it and to draw it again with `impactdays select`."""

    method: str
    seed: int
    panel_size: int
    panel: list[str]
    probabilities: dict[str, float]
    minimum_probability: float
    gini: float
    # False when a time limit cut the computation: the lottery is then feasible and fair to
    # within a bound, but not certified to be the exact LEXIMIN.
    is_exact: bool
    quotas_csv: str
    people_csv: str
    published_at: dt.datetime | None
