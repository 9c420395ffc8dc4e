"""Validators shared by several apps."""

from typing import Any

from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = frozenset(code for code, _name in ALL_LANGUAGES)


def validate_language_codes(value: Any) -> None:
    """A list of known language codes (en, ru, de, …) without repeats."""
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v in LANGUAGE_CODES for v in value
    ):
        raise ValidationError(_("Choose languages from the list."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language only once."))
