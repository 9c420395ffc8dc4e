"""The challenges section of a format: the tags observations are filed under during walks."""

from typing import Annotated

import pydantic
from django.utils.translation import gettext, gettext_noop

from impactdays.forums.formats import FormatSection, unique_words

Words = Annotated[list[str], pydantic.AfterValidator(unique_words)]

# Keys stay English (they are stored on observations); labels are translated.
DEFAULT_OBSERVATION_TAGS = [
    "accessibility",
    "greenery",
    "safety",
    "mobility",
    "heritage",
    "public-life",
    "cleanliness",
    "water",
]
_TAG_LABELS = {
    "accessibility": gettext_noop("Accessibility"),
    "greenery": gettext_noop("Greenery"),
    "safety": gettext_noop("Safety"),
    "mobility": gettext_noop("Mobility"),
    "heritage": gettext_noop("Heritage"),
    "public-life": gettext_noop("Public life"),
    "cleanliness": gettext_noop("Cleanliness"),
    "water": gettext_noop("Water"),
}


class ChallengesFormat(FormatSection):
    observation_tags: Words = pydantic.Field(default_factory=lambda: list(DEFAULT_OBSERVATION_TAGS))


def observation_tags(format_data: dict[str, object]) -> list[str]:
    """The tags an edition's observations may carry, from its format."""
    section = format_data.get("challenges")
    if isinstance(section, dict):
        tags = section.get("observation_tags")
        if isinstance(tags, list):
            return [str(tag) for tag in tags]
    return list(DEFAULT_OBSERVATION_TAGS)


def tag_label(tag: str) -> str:
    """A tag's name in the reader's language (a tag added by the series shows as written)."""
    label = _TAG_LABELS.get(tag)
    return gettext(label) if label else tag
