"""The applications section of a format: the questions every call of the series starts from.

A call copies these into its own questions when it is opened (services.call_create), where the
organiser can then translate and change them. Default labels are marked for translation and the
copy takes each language's text from the catalogues.
"""

from typing import Annotated, Literal

import pydantic
from django.utils.translation import gettext, gettext_noop

from impactdays.forums.formats import FormatSection, unique_words

Key = Annotated[
    str,
    pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
]
Label = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[list[str], pydantic.AfterValidator(unique_words)]
# "text" is a short text and "choice" a single choice: the names the first formats were stored with.
QuestionKind = Literal[
    "text",
    "long_text",
    "choice",
    "multiple_choice",
    "yes_no",
    "country",
    "language",
    "consent",
]
CHOICE_KINDS = ("choice", "multiple_choice")


class QuestionChoice(FormatSection):
    key: Key
    label: Label


class ApplicationQuestion(FormatSection):
    key: Key
    label: Label
    kind: QuestionKind
    required: bool = True
    help_text: str = ""
    choices: list[QuestionChoice] = pydantic.Field(default_factory=list)

    @pydantic.model_validator(mode="after")
    def _choices_fit_the_kind(self) -> "ApplicationQuestion":
        if self.kind in CHOICE_KINDS and not self.choices:
            raise ValueError(gettext("A choice question needs at least one choice."))
        if self.kind not in CHOICE_KINDS and self.choices:
            raise ValueError(gettext("Only choice questions have choices."))
        if len({choice.key for choice in self.choices}) != len(self.choices):
            raise ValueError(gettext("Choice keys must be unique."))
        return self


def _unique_keys(questions: list[ApplicationQuestion]) -> list[ApplicationQuestion]:
    if len({question.key for question in questions}) != len(questions):
        raise ValueError(gettext("Question keys must be unique."))
    return questions


SECTOR_CHOICES = [
    ("business", gettext_noop("Business")),
    ("urbanism", gettext_noop("Urbanism")),
    ("civil_society", gettext_noop("Civil society")),
    ("education", gettext_noop("Education")),
    ("finance", gettext_noop("Finance")),
    ("public_sector", gettext_noop("Public sector")),
    ("culture", gettext_noop("Culture")),
    ("other", gettext_noop("Other")),
]


def _default_questions() -> list[ApplicationQuestion]:
    def choices(pairs: list[tuple[str, str]]) -> list[QuestionChoice]:
        return [QuestionChoice(key=key, label=label) for key, label in pairs]

    return [
        ApplicationQuestion(
            key="motivation", label=gettext_noop("Why do you want to take part?"), kind="long_text"
        ),
        ApplicationQuestion(
            key="experience",
            label=gettext_noop("Which project of yours would you bring?"),
            kind="long_text",
        ),
        ApplicationQuestion(
            key="alumni",
            label=gettext_noop("Have you taken part in an earlier edition?"),
            kind="yes_no",
        ),
        ApplicationQuestion(
            key="country", label=gettext_noop("Which country do you live in?"), kind="country"
        ),
        ApplicationQuestion(
            key="sector",
            label=gettext_noop("Which sector do you work in?"),
            kind="choice",
            choices=choices(SECTOR_CHOICES),
        ),
        ApplicationQuestion(
            key="language",
            label=gettext_noop("Which language do you speak best?"),
            kind="language",
        ),
        ApplicationQuestion(
            key="consent",
            label=gettext_noop(
                "I agree that the organisers keep my answers to select the participants."
            ),
            kind="consent",
        ),
    ]


class ApplicationsFormat(FormatSection):
    questions: Annotated[list[ApplicationQuestion], pydantic.AfterValidator(_unique_keys)] = (
        pydantic.Field(default_factory=_default_questions)
    )
    quota_categories: Words = pydantic.Field(
        default_factory=lambda: ["country", "sector", "gender", "age_band", "alumni"]
    )
