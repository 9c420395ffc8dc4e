"""The format a forum series hands to its editions: one typed section per app.

A format is a JSON object with one key per section ({"programme": {"session_kinds": […]}, …}).
Each app describes its section as a pydantic model with defaults and registers it with
`format_section_register` in its AppConfig.ready(); forums knows none of them. Unknown sections
and fields are refused, a missing section takes its defaults. Default texts shown to people (the
application questions' labels) are marked for translation and shown through gettext.
"""

from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SECTIONS: dict[str, type["FormatSection"]] = {}


class FormatSection(pydantic.BaseModel):
    """One app's part of the format: strict types, no unknown fields, defaults for everything."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


def format_section_register(key: str, section: type[FormatSection]) -> None:
    """Make `section` the part of every format stored under `key`."""
    _SECTIONS[key] = section


def format_sections() -> dict[str, type[FormatSection]]:
    return dict(_SECTIONS)


def default_format() -> dict[str, Any]:
    """Every registered section with its defaults: the format of Social Impact Days."""
    return {key: section().model_dump(mode="json") for key, section in sorted(_SECTIONS.items())}


def _message(error: Any) -> str:  # Any: one of pydantic's error dicts
    kind = error["type"]
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("list"):
        return _("Must be a list.")
    if kind == "literal_error":
        return _("Must be one of: %(choices)s.") % {"choices": error["ctx"]["expected"]}
    if kind.startswith(("string", "bool", "int")):
        return _("Has the wrong type.")
    return str(error["msg"])


def format_validate(data: Any) -> dict[str, Any]:
    """The format with its sections checked and missing ones filled with their defaults.

    Raises ValidationError naming each faulty field as "section.field" (or the section, or
    "__all__" for an unknown section).
    """
    if not isinstance(data, dict):
        raise ValidationError(_("A format must be an object."))
    errors: dict[str, list[str]] = {}
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        errors["__all__"] = [
            _("Unknown format sections: %(sections)s.") % {"sections": ", ".join(sorted(unknown))}
        ]
    result: dict[str, Any] = {}
    for key, section in sorted(_SECTIONS.items()):
        try:
            result[key] = section.model_validate(data.get(key, {})).model_dump(mode="json")
        except pydantic.ValidationError as error:
            for detail in error.errors():
                field = ".".join([key, *(str(part) for part in detail["loc"][:1])])
                errors.setdefault(field, []).append(_message(detail))
    if errors:
        raise ValidationError(errors)
    return result


def validate_format(value: Any) -> None:
    """Field validator: format_validate's faults as a flat list of "field: message" lines."""
    try:
        format_validate(value)
    except ValidationError as error:
        raise ValidationError(
            [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None


def unique_words(values: list[str]) -> list[str]:
    """For a section's list of words: none empty, none repeated."""
    if not all(value.strip() for value in values):
        raise ValueError(_("Must be a list of non-empty words."))
    if len(set(values)) != len(values):
        raise ValueError(_("Must not repeat an entry."))
    return values
