"""The format sections of the stages that have no app yet; each moves into its app when it lands.

Registered by ForumsConfig.ready() until then: programme (#11), applications (#10), challenges
(#12), teams (#13) and reports (#15). An app that lands defines its section in its own
formats.py and registers it in its AppConfig.ready(); the key and the stored JSON stay the same.
"""

from typing import Annotated, Literal

import pydantic
from django.utils.translation import gettext, gettext_noop

from impactdays.forums.formats import FormatSection, unique_words

Words = Annotated[list[str], pydantic.AfterValidator(unique_words)]
SessionKind = Literal[
    "talk",
    "keynote",
    "breakfast",
    "site_visit",
    "creative_session",
    "discussion",
    "plenary",
    "networking",
]
SESSION_KINDS: list[SessionKind] = list(SessionKind.__args__)  # type: ignore[attr-defined]  # a Literal's values


def _unique_kinds(values: list[SessionKind]) -> list[SessionKind]:
    unique_words(list(values))
    return values


class ProgrammeFormat(FormatSection):
    session_kinds: Annotated[list[SessionKind], pydantic.AfterValidator(_unique_kinds)] = (
        pydantic.Field(default_factory=lambda: list(SESSION_KINDS))
    )


class ApplicationQuestion(FormatSection):
    key: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, min_length=1)]
    # The default labels are in the catalogues: shown through gettext, they read in each language.
    label: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, min_length=1)]
    kind: Literal["text", "long_text", "choice", "yes_no"]
    required: bool = True


def _unique_keys(questions: list[ApplicationQuestion]) -> list[ApplicationQuestion]:
    if len({question.key for question in questions}) != len(questions):
        raise ValueError(gettext("Question keys must be unique."))
    return questions


DEFAULT_QUESTIONS = [
    ("motivation", gettext_noop("Why do you want to take part?"), "long_text"),
    ("experience", gettext_noop("Which project of yours would you bring?"), "long_text"),
    ("alumni", gettext_noop("Have you taken part in an earlier edition?"), "yes_no"),
]


class ApplicationsFormat(FormatSection):
    questions: Annotated[list[ApplicationQuestion], pydantic.AfterValidator(_unique_keys)] = (
        pydantic.Field(
            default_factory=lambda: [
                ApplicationQuestion(key=key, label=label, kind=kind)  # type: ignore[arg-type]  # a Literal
                for key, label, kind in DEFAULT_QUESTIONS
            ]
        )
    )
    quota_categories: Words = pydantic.Field(
        default_factory=lambda: ["country", "sector", "gender", "age_band", "alumni"]
    )


class ChallengesFormat(FormatSection):
    observation_tags: Words = pydantic.Field(
        default_factory=lambda: [
            "accessibility",
            "green",
            "heritage",
            "mobility",
            "safety",
            "social_life",
            "vacancy",
        ]
    )


class TeamsFormat(FormatSection):
    idea_canvas_sections: Words = pydantic.Field(
        default_factory=lambda: [
            "problem",
            "idea",
            "who_benefits",
            "partners_needed",
            "resources",
            "first_steps",
        ]
    )


class ReportsFormat(FormatSection):
    sections: Words = pydantic.Field(
        default_factory=lambda: [
            "theme",
            "participants",
            "programme",
            "challenges",
            "opinion_map",
            "decisions",
            "commitments",
            "photos",
        ]
    )


PROVISIONAL_SECTIONS: dict[str, type[FormatSection]] = {
    "programme": ProgrammeFormat,
    "applications": ApplicationsFormat,
    "challenges": ChallengesFormat,
    "teams": TeamsFormat,
    "reports": ReportsFormat,
}
