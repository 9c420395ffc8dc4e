"""The format sections of the stages that have no app yet; each moves into its app when it lands.

Registered by ForumsConfig.ready() until then: programme (#11), challenges (#12), teams (#13)
and reports (#15); applications (#10) has moved into its app. An app that lands defines its
section in its own formats.py and registers it in its AppConfig.ready(); the key and the stored
JSON stay the same.
"""

from typing import Annotated, Literal

import pydantic

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
    "challenges": ChallengesFormat,
    "teams": TeamsFormat,
    "reports": ReportsFormat,
}
