"""Content in several languages: the project's convention on top of django-modeltranslation.

An app registers a model's content fields in `<app>/translation.py` (modeltranslation's
`@register(Model)` with `fields = (...)`); the model then has one column per language
(`title_en`, `title_ru`, `title_de`) and `obj.title` reads the reader's language, falling back
to the others (settings.MODELTRANSLATION_FALLBACK_LANGUAGES).

Services take a translated field either as one text (written in the active language) or as
`{"en": …, "ru": …}` (`Translations`), and write it with `translations_set`. Templates show a
field with `{% translated obj "title" %}` (common_translated), which marks a fallback.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from modeltranslation.manager import get_translatable_fields_for_model
from modeltranslation.utils import build_localized_fieldname, resolution_order

Translations = Mapping[str, str | None]
"""A field's text per language code; a missing or empty language has no text."""


def content_languages() -> list[str]:
    """The codes of the languages content is written in, in the order of settings.LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES]


def translated_field_names(model: type[models.Model]) -> list[str]:
    """The content fields registered for translation on the model (base names: "title")."""
    return list(get_translatable_fields_for_model(model) or [])


def localized_name(field: str, language: str) -> str:
    """The column of a field in one language: ("title", "ru") -> "title_ru"."""
    return build_localized_fieldname(field, language)


def localized_names(fields: list[str] | tuple[str, ...]) -> list[str]:
    """Every per-language column of the fields, field by field: title_en, title_ru, …"""
    return [localized_name(field, code) for field in fields for code in content_languages()]


def translations_of(instance: models.Model, field: str) -> dict[str, str | None]:
    """The field's text in each language, as stored (None where a language has none)."""
    return {code: getattr(instance, localized_name(field, code)) for code in content_languages()}


def translations_set(instance: models.Model, field: str, value: "str | Translations") -> list[str]:
    """Write a translated field on an unsaved change of `instance`; return the columns written.

    A plain text goes to the active language and leaves the others alone; a mapping replaces
    every language it names and leaves the unnamed ones alone. Empty text is stored as NULL, so
    a language without text never counts as a duplicate in a per-language unique constraint.
    Raises ValueError for a language that is not one of settings.LANGUAGES.
    """
    languages = content_languages()
    if isinstance(value, str):
        value = {_active_language(): value}
    unknown = set(value).difference(languages)
    if unknown:
        raise ValueError(f"Unknown content languages: {sorted(unknown)}")
    columns = []
    for code, text in value.items():
        column = localized_name(field, code)
        setattr(instance, column, text.strip() if text and text.strip() else None)
        columns.append(column)
    return columns


@dataclass(frozen=True)
class TranslatedValue:
    """A field's text in the reader's language or, failing that, in the first language that has it."""

    text: str
    language: str
    is_fallback: bool


def translated_value(instance: models.Model, field: str) -> TranslatedValue:
    """The text the reader sees for `field`, and which language it is written in.

    The order is modeltranslation's: the active language, then the fallback languages.
    With no text in any language, the text is empty and counts as written in the active language.
    """
    active = _active_language()
    for code in resolution_order(active):
        text = getattr(instance, localized_name(field, code), None)
        if text:
            return TranslatedValue(text=str(text), language=code, is_fallback=code != active)
    return TranslatedValue(text="", language=active, is_fallback=False)


def translations_apply(
    instance: models.Model, values: "Mapping[str, str | Translations]"
) -> list[str]:
    """`translations_set` for several fields: {"title": …, "city": …}; return the columns written."""
    columns: list[str] = []
    for field, value in values.items():
        columns += translations_set(instance, field, value)
    return columns


def translations_fold(values: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Gather per-language keys (`title_ru`) into their field: {"title": {"ru": …}}.

    A plain `title` beside them is the text in the active language; a per-language key of the
    same language wins. Keys of other fields pass through unchanged. For input that names
    columns, such as an API payload; the services take the folded shape.
    """
    folded: dict[str, Any] = {}  # Any: the values of any field
    columns = {
        localized_name(field, code): (field, code)
        for field in fields
        for code in content_languages()
    }
    for key, value in values.items():
        if key in columns:
            field, code = columns[key]
            existing = folded.get(field)
            if isinstance(existing, str):
                existing = {_active_language(): existing}
            folded[field] = {**(existing or {}), code: value}
        elif key in fields and isinstance(folded.get(key), dict):
            folded[key] = {_active_language(): value, **folded[key]}
        else:
            folded[key] = value
    return folded


def _active_language() -> str:
    active = get_language() or settings.LANGUAGE_CODE
    return active if active in content_languages() else settings.LANGUAGE_CODE


def full_clean_translated(instance: models.Model, **options: Any) -> None:  # Any: full_clean's
    """`instance.full_clean(**options)` for a model with translated fields.

    Model.full_clean writes each cleaned value back through its field; for a translated field
    that is modeltranslation's descriptor, which would copy the fallback text into the active
    language's column (a German request saving an edition written in English would store the
    English city as German). Its `_mt_disable` switch keeps the columns as they are meanwhile.
    """
    instance._mt_disable = True  # type: ignore[attr-defined]  # modeltranslation's switch
    try:
        instance.full_clean(**options)
    finally:
        del instance._mt_disable  # type: ignore[attr-defined]
